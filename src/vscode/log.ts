// The one output channel, "DevOps Lifecycle", as the core's Logger.
import * as vscode from 'vscode';
import type { Logger } from '../core/process';

export function createLog(): vscode.LogOutputChannel & Logger {
  return vscode.window.createOutputChannel('DevOps Lifecycle', { log: true });
}
