// The services the composition root builds and the command handlers receive. Each capability adds its
// service here and builds it in extension.ts.
import type * as vscode from 'vscode';
import type { BuildIndicator } from '../core/buildIndicator';
import type { DockerBuildService } from './docker/dockerBuildService';
import type { GitflowRepos } from './gitflow/gitflowRepos';
import type { Logger } from '../core/process';
import type { CalmsService } from './calms/calmsService';
import type { JestTesting } from './jest/jestTesting';
import type { WorkspaceLifecycle } from './workspaceLifecycle';

export interface Services {
  readonly model: WorkspaceLifecycle;
  readonly log: vscode.LogOutputChannel & Logger;
  /** The one build indicator (status bar): report builds, test and CI runs here. */
  readonly buildIndicator: BuildIndicator;
  /** Jest: discovered projects and tests in the Test Explorer, runs and their last results per folder. */
  readonly jest: JestTesting;
  /** Docker builds: tasks, last results and tags per Dockerfile, their Problems entries. */
  readonly docker: DockerBuildService;
  /** The CALMS checklist panels, one per workspace folder. */
  readonly calms: CalmsService;
  /** Gitflow: each folder's branch and gitflow status (what the tree shows); refresh it after changing the repository. */
  readonly gitflow: GitflowRepos;
}

/**
 * A command handler: takes its answers as an argument object (from tests, keybindings, or a tree row's
 * node), returns its result, and throws an Error whose message tells the user what to do.
 */
export type CommandHandler = (services: Services, args: Record<string, unknown>) => unknown;

/** A capability's commands, by command id. */
export type CommandTable = Readonly<Record<string, CommandHandler>>;
