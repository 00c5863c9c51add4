// The build indicator's projection: one status bar item that reads the BuildIndicator model.
// Running: a spinning codicon and the elapsed time (ticking once a second); after: a check or an error
// icon with the duration, on the theme's error background when the run failed. Clicking shows the last
// run's output: its terminal while it exists, else the file or the log.
import * as vscode from 'vscode';
import { formatDuration, formatElapsed, type BuildIndicator, type BuildSnapshot } from '../core/buildIndicator';
import type { CommandTable } from './services';

export const SHOW_BUILD_OUTPUT_COMMAND = 'devopsLifecycle.showBuildOutput';

export class BuildStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private ticker: NodeJS.Timeout | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly indicator: BuildIndicator,
    private readonly now: () => number = Date.now,
  ) {
    this.item = vscode.window.createStatusBarItem('devopsLifecycle.buildIndicator', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'DevOps Build';
    this.item.command = SHOW_BUILD_OUTPUT_COMMAND;
    this.subscription = indicator.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  /** What the item shows now (tests read it to watch the indicator from the outside). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  get backgroundColor(): vscode.ThemeColor | undefined {
    return this.item.backgroundColor;
  }

  private render(): void {
    const s = this.indicator.snapshot;
    const view = describe(s, this.now());
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = s.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.color = s.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorForeground') : undefined;
    this.item.accessibilityInformation = { label: view.tooltip.split('\n')[0] ?? view.text, role: 'button' };
    if (s.state === 'running' && !this.ticker) this.ticker = setInterval(() => this.render(), 1000);
    if (s.state !== 'running' && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.subscription.dispose();
    this.item.dispose();
  }
}

function describe(s: BuildSnapshot, now: number): { text: string; tooltip: string } {
  const label = s.label ?? '';
  const detail = s.detail ? `\n${s.detail}` : '';
  switch (s.state) {
    case 'running': {
      const elapsed = formatElapsed(now - (s.startedAt ?? now));
      return {
        text: `$(sync~spin) ${label} ${elapsed}`,
        tooltip: `${s.source ?? 'build'}: ${label} running for ${elapsed}${detail}\nClick to show its output.`,
      };
    }
    case 'passed':
    case 'failed': {
      const took = formatDuration(s.durationMs ?? 0);
      return {
        text: `$(${s.state === 'passed' ? 'check' : 'error'}) ${label} ${took}`,
        tooltip: `${s.source ?? 'build'}: ${label} ${s.state} in ${took}${detail}\nClick to show the output of this run.`,
      };
    }
    case 'idle':
      return s.runId === 0
        ? { text: '$(tools)', tooltip: 'DevOps build indicator: no build or test run yet.\nClick to show the log.' }
        : { text: `$(circle-slash) ${label}`, tooltip: `${s.source ?? 'build'}: ${label} ${s.detail ?? 'cancelled'}\nClick to show its output.` };
  }
}

/** Shows where the last run's output is: its terminal while it is open, else its file, else the log. */
export async function showBuildOutput(indicator: BuildIndicator, log: vscode.LogOutputChannel): Promise<void> {
  const output = indicator.snapshot.output;
  if (output?.kind === 'terminal') {
    const terminal = vscode.window.terminals.find((t) => t.name === output.name || t.name.endsWith(output.name) || t.name.includes(output.name));
    if (terminal) return terminal.show(true);
  }
  if (output?.kind === 'file') {
    await vscode.window.showTextDocument(vscode.Uri.file(output.path), { preview: true });
    return;
  }
  log.show(true);
}

/** The indicator's own command: what clicking the item runs. */
export const BUILD_INDICATOR_COMMANDS: CommandTable = {
  [SHOW_BUILD_OUTPUT_COMMAND]: (s) => showBuildOutput(s.buildIndicator, s.log),
};
