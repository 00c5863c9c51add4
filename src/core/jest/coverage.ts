// Reads Istanbul's coverage-final.json (what `jest --coverage --coverageReporters=json` writes) into
// per-file totals and per-statement/branch/function detail, ready for an editor's coverage view.
import type { Range } from './model';

export interface CoveredRange {
  readonly range: Range;
  readonly count: number;
}

export interface FileCoverageData {
  readonly file: string;
  readonly statements: { readonly covered: number; readonly total: number };
  readonly branches: { readonly covered: number; readonly total: number };
  readonly functions: { readonly covered: number; readonly total: number };
  readonly statementDetails: readonly CoveredRange[];
  readonly branchDetails: readonly CoveredRange[];
  readonly functionDetails: readonly (CoveredRange & { readonly name: string })[];
}

interface IstanbulLoc {
  start: { line: number; column: number | null };
  end: { line: number; column: number | null };
}
interface IstanbulFile {
  path?: string;
  statementMap?: Record<string, IstanbulLoc>;
  s?: Record<string, number>;
  fnMap?: Record<string, { name?: string; loc?: IstanbulLoc; decl?: IstanbulLoc }>;
  f?: Record<string, number>;
  branchMap?: Record<string, { locations?: IstanbulLoc[]; loc?: IstanbulLoc }>;
  b?: Record<string, number[]>;
}

function toRange(loc: IstanbulLoc): Range {
  // Istanbul: 1-based lines, 0-based columns; an open end column means "to the end of the line".
  return {
    start: { line: Math.max(0, loc.start.line - 1), column: loc.start.column ?? 0 },
    end: { line: Math.max(0, loc.end.line - 1), column: loc.end.column ?? Number.MAX_SAFE_INTEGER },
  };
}

export function parseCoverage(json: string): FileCoverageData[] {
  const data = JSON.parse(json) as Record<string, IstanbulFile>;
  return Object.entries(data).map(([key, f]) => {
    const statementDetails = Object.entries(f.statementMap ?? {}).map(([id, loc]) => ({ range: toRange(loc), count: f.s?.[id] ?? 0 }));
    const functionDetails = Object.entries(f.fnMap ?? {}).flatMap(([id, fn]) => {
      const loc = fn.decl ?? fn.loc;
      return loc ? [{ name: fn.name ?? '(anonymous)', range: toRange(loc), count: f.f?.[id] ?? 0 }] : [];
    });
    const branchDetails = Object.entries(f.branchMap ?? {}).flatMap(([id, br]) =>
      (br.locations ?? []).map((loc, i) => ({ range: toRange(loc.start.line ? loc : (br.loc ?? loc)), count: f.b?.[id]?.[i] ?? 0 })),
    );
    const tally = (xs: readonly CoveredRange[]) => ({ covered: xs.filter((x) => x.count > 0).length, total: xs.length });
    return {
      file: f.path ?? key,
      statements: tally(statementDetails),
      branches: tally(branchDetails),
      functions: tally(functionDetails),
      statementDetails,
      branchDetails,
      functionDetails,
    };
  });
}
