// The scan result: what the scanner hands to the tree, the CLI (`scan --json`) and the API.
import type { StageId } from './stages';

/** One place that proves a tool is used: a workspace-relative path, and where useful the line or key. */
export interface Evidence {
  readonly path: string;
  /** 1-based line, when the proof is a particular line. */
  readonly line?: number;
  /** Short note on what was found there, e.g. `kind: Deployment` or `devDependencies.jest`. */
  readonly detail?: string;
}

export interface ToolResult {
  readonly id: string;
  readonly name: string;
  /** Unique workspace-relative paths, sorted. */
  readonly evidence: string[];
  /** The same evidence with lines and notes. */
  readonly locations: Evidence[];
}

export interface StageResult {
  readonly id: StageId;
  readonly name: string;
  readonly tools: ToolResult[];
}

export interface ScanProblem {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

export interface ScanStats {
  readonly files: number;
  readonly durationMs: number;
  /** How the files were listed: `git` (tracked + untracked-not-ignored) or `walk`. */
  readonly listing: 'git' | 'walk';
}

export interface ScanResult {
  readonly root: string;
  readonly stages: StageResult[];
  readonly problems: ScanProblem[];
  readonly stats: ScanStats;
}
