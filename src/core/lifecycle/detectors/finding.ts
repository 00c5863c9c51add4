// What a detector reports about one file.
import type { ScanProblem } from '../model';

export interface Finding {
  readonly tool: string;
  readonly path: string;
  readonly line?: number;
  readonly detail?: string;
}

export interface FileAnalysis {
  readonly findings: Finding[];
  readonly problems: ScanProblem[];
}

export const EMPTY_ANALYSIS: FileAnalysis = { findings: [], problems: [] };

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** 1-based line of the first match of `re` in `text`, if any. */
export function lineOf(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? lineAt(text, m.index) : undefined;
}
