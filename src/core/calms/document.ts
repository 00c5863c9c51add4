// The schema of .devops/calms.json (version 1, documented in docs/calms.md): the team's answers to the
// manual items, and one score snapshot per day. Parsing validates every field and says where a file is
// wrong; fields this version does not know are kept and written back, so a newer minor addition or a
// teammate's hand edit is never lost.
import { isRecord } from '../values';

export const CALMS_FILE = '.devops/calms.json';
export const CALMS_SCHEMA_VERSION = 1;

/** Longest note a user can save from the checklist. */
export const MAX_NOTE_LENGTH = 2000;
/** Longest note accepted when reading the file (hand edits may be longer than the form allows). */
const MAX_FILE_NOTE_LENGTH = 20_000;
const MAX_ITEM_ID_LENGTH = 200;

export interface Answer {
  /** Ticked by the team. */
  readonly done: boolean;
  readonly note?: string;
  /** Who answered: git user.name, else the OS user. */
  readonly by?: string;
  /** When, as an ISO 8601 timestamp. */
  readonly at?: string;
  readonly [extra: string]: unknown;
}

export interface Snapshot {
  /** Local calendar day, YYYY-MM-DD: at most one snapshot per day. */
  readonly date: string;
  /** 0–100. */
  readonly overall: number;
  /** Pillar id → 0–100. */
  readonly pillars: Readonly<Record<string, number>>;
  readonly [extra: string]: unknown;
}

export interface CalmsDocument {
  readonly version: number;
  /** Item id → answer. Ids the catalogue does not know are kept (a newer catalogue, or a retired item). */
  readonly answers: Readonly<Record<string, Answer>>;
  /** Oldest first. */
  readonly history: readonly Snapshot[];
  readonly [extra: string]: unknown;
}

export type ParsedCalms =
  | { readonly kind: 'ok'; readonly doc: CalmsDocument }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'future'; readonly version: number; readonly message: string };

export function emptyDocument(): CalmsDocument {
  return { version: CALMS_SCHEMA_VERSION, answers: {}, history: [] };
}

class SchemaError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;

/** Parses and validates the file's text. Never throws. */
export function parseCalms(text: string): ParsedCalms {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { kind: 'invalid', message: `it is not valid JSON (${jsonErrorWhere(text, (e as Error).message)})` };
  }
  if (!isRecord(value)) return { kind: 'invalid', message: 'it must hold a JSON object' };
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { kind: 'invalid', message: '"version" must be a whole number (1 for this schema)' };
  }
  if (version > CALMS_SCHEMA_VERSION) {
    return {
      kind: 'future',
      version,
      message: `it was written by a newer DevOps Lifecycle (schema version ${version}; this one reads version ${CALMS_SCHEMA_VERSION}). Update the extension to change it`,
    };
  }
  try {
    return { kind: 'ok', doc: { ...value, version, answers: readAnswers(value.answers), history: readHistory(value.history) } };
  } catch (e) {
    if (e instanceof SchemaError) return { kind: 'invalid', message: e.message };
    throw e;
  }
}

function readAnswers(value: unknown): Record<string, Answer> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new SchemaError('"answers" must be an object of item id → answer');
  const entries: [string, Answer][] = [];
  for (const [id, a] of Object.entries(value)) {
    const where = `answers[${JSON.stringify(id.slice(0, 60))}]`;
    if (id.length === 0 || id.length > MAX_ITEM_ID_LENGTH) throw new SchemaError(`${where}: an item id must have 1 to ${MAX_ITEM_ID_LENGTH} characters`);
    if (!isRecord(a)) throw new SchemaError(`${where} must be an object like {"done": true}`);
    if (typeof a.done !== 'boolean') throw new SchemaError(`${where}.done must be true or false`);
    if (a.note !== undefined && (typeof a.note !== 'string' || a.note.length > MAX_FILE_NOTE_LENGTH)) {
      throw new SchemaError(`${where}.note must be text of at most ${MAX_FILE_NOTE_LENGTH} characters`);
    }
    if (a.by !== undefined && (typeof a.by !== 'string' || a.by.length > 200)) throw new SchemaError(`${where}.by must be a name of at most 200 characters`);
    if (a.at !== undefined && (typeof a.at !== 'string' || Number.isNaN(Date.parse(a.at)))) throw new SchemaError(`${where}.at must be an ISO 8601 date and time`);
    entries.push([id, { ...a, done: a.done }]);
  }
  // fromEntries defines own properties: an id such as "__proto__" stays data, never a prototype.
  return Object.fromEntries(entries);
}

function readHistory(value: unknown): Snapshot[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SchemaError('"history" must be an array of daily snapshots');
  return value.map((s: unknown, i) => {
    const where = `history[${i}]`;
    if (!isRecord(s)) throw new SchemaError(`${where} must be an object like {"date": "2025-01-31", "overall": 40, "pillars": {…}}`);
    if (typeof s.date !== 'string' || !DATE.test(s.date) || Number.isNaN(Date.parse(s.date))) throw new SchemaError(`${where}.date must be a day as YYYY-MM-DD`);
    if (!isScore(s.overall)) throw new SchemaError(`${where}.overall must be a number from 0 to 100`);
    if (!isRecord(s.pillars)) throw new SchemaError(`${where}.pillars must be an object of pillar id → score`);
    for (const [p, v] of Object.entries(s.pillars)) if (!isScore(v)) throw new SchemaError(`${where}.pillars.${p} must be a number from 0 to 100`);
    return { ...s, date: s.date, overall: s.overall, pillars: Object.fromEntries(Object.entries(s.pillars)) as Record<string, number> };
  });
}

/** Where a JSON.parse error is, as `line L, column C` (Node reports a character position). */
function jsonErrorWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message.replace(/^JSON\.parse: /, '');
  const pos = Number(m[1]);
  const before = text.slice(0, pos).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * The file's text: version first, answers sorted by id, history by date, two-space indent and a final
 * newline, so that the diffs a team reviews show only what changed.
 */
export function serializeCalms(doc: CalmsDocument): string {
  const { version, answers, history, ...extra } = doc;
  const sortedAnswers = Object.fromEntries(Object.entries(answers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sortedHistory = [...history].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return `${JSON.stringify({ version, ...extra, answers: sortedAnswers, history: sortedHistory }, null, 2)}\n`;
}
