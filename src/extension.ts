// Composition root: build the services, register them, track every disposable. Nothing else.
import * as vscode from 'vscode';
import { BuildIndicator } from './core/buildIndicator';
import type { ScanResult } from './core/lifecycle/model';
import { BUILD_INDICATOR_COMMANDS, BuildStatusBar } from './vscode/buildStatusBar';
import { CALMS_COMMANDS } from './vscode/calms/calmsCommands';
import { CalmsService } from './vscode/calms/calmsService';
import { LIFECYCLE_COMMANDS, registerCommands } from './vscode/commands';
import { DOCKER_COMMANDS } from './vscode/docker/dockerCommands';
import { DockerBuildService } from './vscode/docker/dockerBuildService';
import { DockerSection } from './vscode/docker/dockerSection';
import { GITFLOW_COMMANDS } from './vscode/gitflow/gitflowCommands';
import { GitflowRepos } from './vscode/gitflow/gitflowRepos';
import { GitflowSection } from './vscode/gitflow/gitflowSection';
import { JEST_COMMANDS } from './vscode/jest/jestCommands';
import { JestTreeSection } from './vscode/jest/jestSection';
import { JestTesting } from './vscode/jest/jestTesting';
import type { Services } from './vscode/services';
import { createLog } from './vscode/log';
import { ScanDiagnostics } from './vscode/scanDiagnostics';
import { StagesTreeProvider } from './vscode/stagesTree';
import { StagesView } from './vscode/stagesView';
import { WorkspaceLifecycle } from './vscode/workspaceLifecycle';

export interface DevOpsLifecycleApi {
  /** The folder's lifecycle (the same JSON as `devops-lifecycle scan --json`), current as of any pending change. */
  scan(folder?: string): Promise<ScanResult>;
  /** The tree's data provider, for tests and other extensions that want to read what the view shows. */
  readonly stagesView: StagesTreeProvider;
  /** The build indicator's model: feed it runs, or watch it (see docs/architecture.md). */
  readonly buildIndicator: BuildIndicator;
  /** The status bar item that shows the indicator (its current text, tooltip and colour). */
  readonly buildStatusBar: BuildStatusBar;
  /** Jest in the Test Explorer: the TestController, a snapshot of its items and their last results. */
  readonly jest: JestTesting;
}

export function activate(context: vscode.ExtensionContext): DevOpsLifecycleApi {
  const log = createLog();
  const model = new WorkspaceLifecycle(log);
  const buildIndicator = new BuildIndicator();
  const buildStatusBar = new BuildStatusBar(buildIndicator);
  const docker = new DockerBuildService(context.workspaceState, log, buildIndicator, model);
  const dockerSection = new DockerSection(docker, model);
  const jest = new JestTesting(model, log, { reporter: buildIndicator });
  const calms = new CalmsService(context.extensionUri, model, log);
  const gitflow = new GitflowRepos(model, log);
  const gitflowSection = new GitflowSection(gitflow);
  const services: Services = { model, log, buildIndicator, docker, jest, calms, gitflow };
  const tree = new StagesTreeProvider(model, [gitflowSection, dockerSection, new JestTreeSection(jest)]);
  context.subscriptions.push(
    log,
    model,
    tree,
    new StagesView(model, tree),
    new ScanDiagnostics(model),
    buildStatusBar,
    docker,
    dockerSection,
    jest,
    calms,
    gitflow,
    gitflowSection,
    ...registerCommands(services, [LIFECYCLE_COMMANDS, BUILD_INDICATOR_COMMANDS, DOCKER_COMMANDS, JEST_COMMANDS, CALMS_COMMANDS, GITFLOW_COMMANDS]),
  );
  return {
    scan: (folder) => model.resolve(folder).settled(),
    stagesView: tree,
    buildIndicator,
    buildStatusBar,
    jest,
  };
}

export function deactivate(): void {}
