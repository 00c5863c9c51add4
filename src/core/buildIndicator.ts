// The project's one build indicator, as a model: what is running (or last ran), who started it, since
// when, how it ended and where its output is. Docker builds feed it now; Jest and CI runs later. It holds
// one run at a time: `start` refuses while another run is active and `queue` waits its turn, so two
// producers can never interleave their states. The status bar (src/vscode/buildStatusBar.ts) only reads it.

export type BuildState = 'idle' | 'running' | 'passed' | 'failed';

/** Where a run's output can be read. The VS Code projection decides how to show each kind. */
export type BuildOutputRef =
  | { readonly kind: 'terminal'; readonly name: string }
  | { readonly kind: 'log' }
  | { readonly kind: 'file'; readonly path: string };

export interface BuildRunInfo {
  /** Who reports the run: `docker`, `jest`, `ci`… */
  readonly source: string;
  /** A short human label: `api:latest`, `unit tests`. */
  readonly label: string;
  readonly output?: BuildOutputRef;
}

export interface BuildSnapshot {
  readonly state: BuildState;
  /** Increases with every run; 0 before the first. */
  readonly runId: number;
  readonly source?: string;
  readonly label?: string;
  /** Epoch ms when the current or last run started. */
  readonly startedAt?: number;
  /** Set once the run ended. */
  readonly durationMs?: number;
  /** One line: the current step while running, what failed after a failure. */
  readonly detail?: string;
  readonly output?: BuildOutputRef;
}

/** A run in progress. Only its owner holds it; every method is a no-op once the run has ended. */
export interface BuildRun {
  readonly id: number;
  /** Replace the one-line detail (e.g. `step 3/7`). */
  progress(detail: string): void;
  setOutput(output: BuildOutputRef): void;
  /** Ends the run. `cancelled` returns the indicator to idle (a cancel is not a failure). */
  finish(outcome: 'passed' | 'failed' | 'cancelled', detail?: string): void;
}

export class BuildBusyError extends Error {
  constructor(readonly active: BuildSnapshot) {
    super(`${active.label ?? 'another run'} (${active.source ?? 'build'}) is still running: wait for it to finish or cancel it, then try again.`);
    this.name = 'BuildBusyError';
  }
}

type Listener = (snapshot: BuildSnapshot) => void;

export class BuildIndicator {
  private current: BuildSnapshot = { state: 'idle', runId: 0 };
  private readonly listeners = new Set<Listener>();
  private waiting: (() => void)[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  get snapshot(): BuildSnapshot {
    return this.current;
  }

  get busy(): boolean {
    return this.current.state === 'running';
  }

  /** Calls `listener` after every change; returns its disposer. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts a run now, or throws BuildBusyError when one is active (or others are queued). */
  start(info: BuildRunInfo): BuildRun {
    if (this.busy || this.waiting.length > 0) throw new BuildBusyError(this.current);
    return this.begin(info);
  }

  private begin(info: BuildRunInfo): BuildRun {
    const id = this.current.runId + 1;
    this.set({ state: 'running', runId: id, source: info.source, label: info.label, startedAt: this.now(), output: info.output });
    let ended = false;
    const live = (fn: () => void) => {
      if (!ended && this.current.runId === id) fn();
    };
    return {
      id,
      progress: (detail) => live(() => this.set({ ...this.current, detail })),
      setOutput: (output) => live(() => this.set({ ...this.current, output })),
      finish: (outcome, detail) =>
        live(() => {
          ended = true;
          const durationMs = Math.max(0, this.now() - (this.current.startedAt ?? this.now()));
          const state: BuildState = outcome === 'cancelled' ? 'idle' : outcome;
          this.set({ ...this.current, state, durationMs, detail: detail ?? (outcome === 'cancelled' ? 'cancelled' : undefined) });
          this.wakeNext();
        }),
    };
  }

  /** Starts a run as soon as the indicator is free (first come, first served); rejects if `signal` aborts first. */
  queue(info: BuildRunInfo, signal?: AbortSignal): Promise<BuildRun> {
    if (!this.busy && this.waiting.length === 0) return Promise.resolve(this.start(info));
    return new Promise((resolve, reject) => {
      const turn = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.begin(info));
      };
      const onAbort = () => {
        this.waiting = this.waiting.filter((w) => w !== turn);
        reject(new Error('cancelled while waiting for the running build to finish'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(turn);
    });
  }

  private wakeNext(): void {
    // A listener may already have started another run in reaction to the end of this one.
    if (this.busy) return;
    const next = this.waiting.shift();
    if (next) next();
  }

  private set(snapshot: BuildSnapshot): void {
    this.current = snapshot;
    for (const listener of [...this.listeners]) listener(snapshot);
  }
}

/** `4.2 s`, `1 min 05 s`: the durations the indicator shows. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** `0:07`, `12:30`: elapsed time while running. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
