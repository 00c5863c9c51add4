// The one message protocol between the CALMS webview and the extension host, both ways. The webview
// starts with `ready` (the host then sends the state, again after every change and every reload of the
// webview); each request carries a requestId that its `result` answers. Everything from the webview is
// untrusted: parseWebviewMessage validates it before the host acts on it. This module is shared by
// both sides, so it uses neither the DOM nor Node.
import { MAX_NOTE_LENGTH } from '../core/calms/document';

export { MAX_NOTE_LENGTH };

export interface ViewLink {
  /** Workspace-relative file (forward slashes): a link that opens it. Absent for facts such as branch ages. */
  readonly path?: string;
  readonly line?: number;
  readonly detail?: string;
}

export interface ViewAnswer {
  readonly done: boolean;
  readonly note?: string;
  readonly by?: string;
  /** ISO 8601. */
  readonly at?: string;
}

export interface ViewItem {
  readonly id: string;
  readonly title: string;
  readonly why: string;
  readonly kind: 'evidence' | 'manual';
  /** Evidence items: met / unmet / unknown, or pending while the workspace is being checked. */
  readonly status: 'met' | 'unmet' | 'unknown' | 'pending' | 'manual';
  readonly reason?: string;
  readonly evidence: readonly ViewLink[];
  readonly done: boolean;
  readonly source: 'evidence' | 'answer' | null;
  readonly answer?: ViewAnswer;
}

export interface ViewPillar {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly score: number;
  readonly done: number;
  readonly total: number;
  readonly items: readonly ViewItem[];
}

export interface ViewSnapshot {
  readonly date: string;
  readonly overall: number;
  readonly pillars: Readonly<Record<string, number>>;
}

export interface ViewState {
  readonly folderName: string;
  /** The folder's path, kept by the webview so a restored panel reopens the same folder. */
  readonly folderPath: string;
  readonly trusted: boolean;
  /** True while the workspace is being checked for evidence. */
  readonly evaluating: boolean;
  readonly file: { readonly path: string; readonly status: 'ok' | 'missing' | 'invalid' | 'future'; readonly message?: string };
  /** Answers can be saved (the file is valid or absent). */
  readonly editable: boolean;
  readonly overall: number;
  readonly pillars: readonly ViewPillar[];
  readonly history: readonly ViewSnapshot[];
  /** Answers in the file for items this version does not know (kept in the file, shown read-only). */
  readonly otherAnswers: readonly (ViewAnswer & { readonly id: string })[];
  /** The local day (YYYY-MM-DD) a snapshot recorded now would have. */
  readonly today: string;
}

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'state'; readonly state: ViewState }
  | { readonly type: 'result'; readonly requestId: number; readonly ok: true }
  | { readonly type: 'result'; readonly requestId: number; readonly ok: false; readonly error: string };

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'setAnswer'; readonly requestId: number; readonly itemId: string; readonly done: boolean; readonly note?: string }
  | { readonly type: 'openEvidence'; readonly requestId: number; readonly path: string; readonly line?: number }
  | { readonly type: 'recordScore'; readonly requestId: number }
  | { readonly type: 'openFile'; readonly requestId: number }
  | { readonly type: 'resetFile'; readonly requestId: number };

export type Parsed = { readonly ok: true; readonly message: WebviewMessage } | { readonly ok: false; readonly error: string; readonly requestId?: number };

const MAX_ID = 200;
const MAX_PATH = 4096;

/** Validates a message from the webview. Anything unexpected is refused with a reason, never acted on. */
export function parseWebviewMessage(value: unknown): Parsed {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'a message must be an object' };
  const m = value as Record<string, unknown>;
  if (m.type === 'ready') return { ok: true, message: { type: 'ready' } };
  const requestId = m.requestId;
  if (typeof requestId !== 'number' || !Number.isSafeInteger(requestId) || requestId < 1) {
    return { ok: false, error: `message ${JSON.stringify(String(m.type)).slice(0, 40)} has no valid requestId` };
  }
  const fail = (error: string): Parsed => ({ ok: false, error, requestId });
  switch (m.type) {
    case 'setAnswer': {
      if (typeof m.itemId !== 'string' || m.itemId.length === 0 || m.itemId.length > MAX_ID) return fail('setAnswer needs an itemId');
      if (typeof m.done !== 'boolean') return fail('setAnswer needs done: true or false');
      if (m.note !== undefined && (typeof m.note !== 'string' || m.note.length > MAX_NOTE_LENGTH)) return fail(`a note can have at most ${MAX_NOTE_LENGTH} characters`);
      return { ok: true, message: { type: 'setAnswer', requestId, itemId: m.itemId, done: m.done, ...(m.note !== undefined ? { note: m.note as string } : {}) } };
    }
    case 'openEvidence': {
      if (typeof m.path !== 'string' || m.path.length === 0 || m.path.length > MAX_PATH) return fail('openEvidence needs a path');
      if (m.line !== undefined && (typeof m.line !== 'number' || !Number.isSafeInteger(m.line) || m.line < 1)) return fail('openEvidence: line must be a positive whole number');
      return { ok: true, message: { type: 'openEvidence', requestId, path: m.path, ...(m.line !== undefined ? { line: m.line as number } : {}) } };
    }
    case 'recordScore':
    case 'openFile':
    case 'resetFile':
      return { ok: true, message: { type: m.type, requestId } };
    default:
      return fail(`unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}`);
  }
}
