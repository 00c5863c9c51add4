// The CALMS checklist inside the webview. It says `ready`, then renders every state the host sends;
// user actions go back as requests with ids, answered by `result`. The page is rebuilt from each state
// (the state is small), keeping focus, open note editors and their drafts across rebuilds.
import type { HostMessage, ViewItem, ViewPillar, ViewState, WebviewMessage } from '../protocol';
import { MAX_NOTE_LENGTH } from '../protocol';
import { historyChart } from './chart';
import { type Child, h } from './dom';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Request = WebviewMessage extends infer M ? (M extends { requestId: number } ? Omit<M, 'requestId'> : never) : never;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let state: ViewState | undefined;
let nextRequestId = 1;
const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
/** Items with a request in flight: their controls wait. */
const busy = new Set<string>();
/** Open note editors: item id → draft text. Kept in the webview state, so a draft survives the panel being hidden. */
const drafts = new Map<string, string>(restoredDrafts());
let folderPath: string | undefined;

function restoredDrafts(): [string, string][] {
  const saved = vscode.getState() as { drafts?: unknown } | undefined;
  if (!saved || typeof saved.drafts !== 'object' || saved.drafts === null) return [];
  return Object.entries(saved.drafts).filter((e): e is [string, string] => typeof e[1] === 'string');
}

function saveState(): void {
  vscode.setState({ folder: folderPath, drafts: Object.fromEntries(drafts) });
}
let errorText = '';
let statusText = '';

function request(message: Request): Promise<void> {
  const requestId = nextRequestId++;
  return new Promise<void>((resolve, reject) => {
    pending.set(requestId, { resolve, reject });
    vscode.postMessage({ ...message, requestId } as WebviewMessage);
  });
}

/** Runs a request for an item, showing its outcome; the host's next state shows the change itself. */
async function act(itemId: string | undefined, message: Request, done?: string): Promise<boolean> {
  if (itemId) busy.add(itemId);
  errorText = '';
  render();
  try {
    await request(message);
    if (done) statusText = done;
    return true;
  } catch (e) {
    errorText = (e as Error).message;
    return false;
  } finally {
    if (itemId) busy.delete(itemId);
    render();
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data as HostMessage | undefined;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'state') {
    state = m.state;
    folderPath = m.state.folderPath;
    saveState();
    render();
  } else if (m.type === 'result') {
    const p = pending.get(m.requestId);
    if (!p) return;
    pending.delete(m.requestId);
    if (m.ok) p.resolve();
    else if (m.error) p.reject(new Error(m.error));
    else p.resolve(); // cancelled (e.g. a confirmation dismissed)
  }
});

/** The control that had focus last: a rebuild puts focus back on its successor, so keyboard users keep their place. */
let focusedId: string | undefined;
document.addEventListener('focusin', (e) => {
  focusedId = (e.target as HTMLElement | null)?.id || undefined;
});

function render(): void {
  if (!state) return;
  const hadFocus = app.contains(document.activeElement) ? focusedId : undefined;
  const scrollY = window.scrollY;
  app.replaceChildren(...page(state).filter((c): c is Node => c instanceof Node));
  app.setAttribute('aria-busy', String(state.evaluating));
  if (hadFocus) document.getElementById(hadFocus)?.focus({ preventScroll: true });
  window.scrollTo(0, scrollY);
}

function page(s: ViewState): Child[] {
  const done = s.pillars.reduce((n, p) => n + p.done, 0);
  const total = s.pillars.reduce((n, p) => n + p.total, 0);
  return [
    h('header', { class: 'header' },
      h('div', { class: 'title' },
        h('h1', {}, 'CALMS Checklist'),
        h('p', { class: 'muted folder' }, s.folderName),
      ),
      h('div', { class: 'overall', id: 'overall-score', 'aria-label': `Overall score ${s.overall}%, ${done} of ${total} items done` },
        h('span', { class: 'overall-value' }, `${s.overall}%`),
        h('span', { class: 'muted' }, `overall · ${done} of ${total} items`),
      ),
      h('div', { class: 'actions' },
        button('record-score', 'Record Today’s Score', () => void act(undefined, { type: 'recordScore' }, `Recorded the score of ${s.today}.`), {
          disabled: !s.editable || s.evaluating,
          title: `Saves today’s score (${s.today}) in ${s.file.path}; one snapshot per day.`,
          secondary: true,
        }),
        button('open-file', `Open ${s.file.path}`, () => void act(undefined, { type: 'openFile' }), { disabled: s.file.status === 'missing', secondary: true }),
      ),
    ),
    h('div', { class: 'status', role: 'status', 'aria-live': 'polite' },
      s.evaluating ? 'Checking the workspace for evidence…' : statusText,
    ),
    errorText ? h('div', { class: 'banner error', role: 'alert', id: 'error' }, errorText) : null,
    fileBanner(s),
    s.trusted ? null : h('p', { class: 'banner info' }, 'Restricted Mode: file evidence only. The git checks (branch age, change size) run once the workspace is trusted.'),
    h('nav', { class: 'pillar-cards', 'aria-label': 'Pillar scores' }, ...s.pillars.map(pillarCard)),
    h('section', { class: 'history', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, 'Score over time'),
      historyChart(s.history, s.pillars),
    ),
    ...s.pillars.map((p) => pillarSection(p, s)),
    otherAnswers(s),
  ];
}

function fileBanner(s: ViewState): Child {
  if (s.file.status !== 'invalid' && s.file.status !== 'future') return null;
  const what = s.file.status === 'future' ? 'is from a newer version' : 'cannot be used';
  return h('div', { class: 'banner warning', role: 'alert', id: 'file-problem' },
    h('p', {}, h('strong', {}, `${s.file.path} ${what}: `), s.file.message ?? '', '.'),
    h('p', {}, 'It is kept as it is and answers are read-only. Fix it (or restore it from git), or back it up and start over.'),
    h('div', { class: 'actions' },
      button('banner-open-file', `Open ${s.file.path}`, () => void act(undefined, { type: 'openFile' })),
      button('banner-reset', 'Back Up and Start Over…', () => void act(undefined, { type: 'resetFile' }), { secondary: true }),
    ),
  );
}

function meter(label: string, value: number): HTMLElement {
  const bar = h('div', { class: 'meter', role: 'meter', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': value, 'aria-valuetext': `${value}%` },
    h('div', { class: 'meter-fill' }));
  // CSSOM, not a style attribute: the CSP allows no inline styles.
  (bar.firstChild as HTMLElement).style.width = `${value}%`;
  return bar;
}

function pillarCard(p: ViewPillar): HTMLElement {
  const link = h('a', { href: `#pillar-${p.id}`, class: 'pillar-card', id: `card-${p.id}` },
    h('span', { class: 'pillar-name' }, p.name),
    h('span', { class: 'pillar-score' }, `${p.score}%`),
    meter(`${p.name} score`, p.score),
    h('span', { class: 'muted' }, `${p.done} of ${p.total}`),
  );
  link.addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById(`pillar-${p.id}`)?.scrollIntoView();
    document.getElementById(`heading-${p.id}`)?.focus();
  });
  return link;
}

function pillarSection(p: ViewPillar, s: ViewState): HTMLElement {
  return h('section', { class: 'pillar', id: `pillar-${p.id}`, 'aria-labelledby': `heading-${p.id}` },
    h('div', { class: 'pillar-head' },
      h('h2', { id: `heading-${p.id}`, tabindex: -1 }, p.name, h('span', { class: 'pillar-head-score' }, ` ${p.score}%`)),
      h('span', { class: 'muted' }, `${p.done} of ${p.total} done`),
    ),
    h('p', { class: 'muted summary' }, p.summary),
    h('ul', { class: 'items', 'aria-label': `${p.name} items` }, ...p.items.map((i) => itemRow(i, s))),
  );
}

function itemRow(item: ViewItem, s: ViewState): HTMLElement {
  const id = item.id;
  const isBusy = busy.has(id);
  const byEvidence = item.source === 'evidence';
  const box = h('input', {
    type: 'checkbox',
    id: `chk-${id}`,
    checked: item.done,
    // Not disabled while saving: a disabled control drops keyboard focus. A change made meanwhile is undone.
    disabled: !s.editable || byEvidence,
    'aria-describedby': `why-${id} state-${id}`,
  });
  box.checked = item.done;
  box.addEventListener('change', () => {
    if (busy.has(id)) {
      box.checked = !box.checked;
      return;
    }
    void act(id, { type: 'setAnswer', itemId: id, done: box.checked });
  });
  const badge = item.kind === 'evidence'
    ? h('span', { class: `badge ${item.status === 'met' ? 'badge-auto' : 'badge-muted'}` }, item.status === 'met' ? 'Automatic' : 'Automatic check')
    : h('span', { class: 'badge badge-muted' }, 'Team answer');
  return h('li', { class: `item ${item.done ? 'done' : 'open'}`, id: `item-${id}`, 'aria-busy': String(isBusy) },
    h('div', { class: 'item-head' },
      box,
      h('label', { for: `chk-${id}`, class: 'item-title' }, item.title),
      badge,
    ),
    h('p', { class: 'why', id: `why-${id}` }, item.why),
    h('div', { class: 'state', id: `state-${id}` }, ...evidenceState(item)),
    answerLine(item),
    noteArea(item, s),
  );
}

function evidenceState(item: ViewItem): Child[] {
  switch (item.status) {
    case 'manual':
      return [];
    case 'pending':
      return [h('span', { class: 'muted' }, 'Checking…')];
    case 'met': {
      const files = item.evidence.filter((l) => l.path);
      const facts = item.evidence.filter((l) => !l.path && l.detail);
      return [
        h('span', { class: 'proof-label' }, 'Proven by '),
        files.length > 0 ? h('ul', { class: 'evidence', 'aria-label': `Evidence for ${item.title}` }, ...files.map((l, n) => evidenceLink(item, l.path!, l.line, l.detail, n))) : null,
        ...facts.map((l) => h('span', { class: 'fact' }, l.detail!)),
      ];
    }
    case 'unmet':
    case 'unknown':
      return [
        h('span', { class: 'muted' }, item.reason ?? 'No evidence found.'),
        item.source === 'answer' ? null : h('span', { class: 'muted' }, ' Tick it if your team does this in another way.'),
      ];
  }
}

function evidenceLink(item: ViewItem, path: string, line: number | undefined, detail: string | undefined, n: number): HTMLElement {
  const label = line !== undefined ? `${path}:${line}` : path;
  const a = h('a', { href: '#', id: `ev-${item.id}-${n}`, class: 'evidence-link', title: `Open ${label}` }, label);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    void act(undefined, { type: 'openEvidence', path, ...(line !== undefined ? { line } : {}) });
  });
  return h('li', {}, a, detail ? h('span', { class: 'muted detail' }, ` ${detail}`) : null);
}

function answerLine(item: ViewItem): Child {
  const a = item.answer;
  if (!a) return null;
  const who = a.by ?? 'someone';
  const when = a.at ? ` on ${formatDate(a.at)}` : '';
  const what = item.source === 'evidence' ? `Answered by ${who}${when}` : a.done ? `Ticked by ${who}${when}` : `Unticked by ${who}${when}`;
  return h('div', { class: 'answer' },
    h('p', { class: 'muted who' }, what),
    a.note ? h('blockquote', { class: 'note', id: `note-${item.id}` }, a.note) : null,
  );
}

function noteArea(item: ViewItem, s: ViewState): Child {
  const id = item.id;
  const editing = drafts.has(id);
  if (!editing) {
    if (!s.editable) return null;
    return h('div', { class: 'note-actions' },
      button(`note-btn-${id}`, item.answer?.note ? 'Edit Note' : 'Add Note', () => {
        drafts.set(id, item.answer?.note ?? '');
        saveState();
        render();
        document.getElementById(`note-text-${id}`)?.focus();
      }, { link: true, label: `${item.answer?.note ? 'Edit the note' : 'Add a note'} for ${item.title}` }),
    );
  }
  const area = h('textarea', { id: `note-text-${id}`, rows: 3, maxlength: MAX_NOTE_LENGTH, 'aria-label': `Note for ${item.title}` });
  area.value = drafts.get(id) ?? '';
  area.addEventListener('input', () => {
    drafts.set(id, area.value);
    saveState();
  });
  const save = async () => {
    const done = item.source === 'evidence' ? (item.answer?.done ?? false) : item.done;
    if (await act(id, { type: 'setAnswer', itemId: id, done, note: area.value })) {
      drafts.delete(id);
      saveState();
      render();
      document.getElementById(`note-btn-${id}`)?.focus();
    }
  };
  const cancel = () => {
    drafts.delete(id);
    saveState();
    render();
    document.getElementById(`note-btn-${id}`)?.focus();
  };
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  });
  return h('div', { class: 'note-editor' },
    area,
    h('div', { class: 'actions' },
      button(`note-save-${id}`, 'Save Note', () => void save(), { disabled: busy.has(id) || !s.editable }),
      button(`note-cancel-${id}`, 'Cancel', cancel, { secondary: true }),
      h('span', { class: 'muted hint' }, 'Ctrl+Enter saves, Escape cancels'),
    ),
  );
}

function otherAnswers(s: ViewState): Child {
  if (s.otherAnswers.length === 0) return null;
  return h('section', { class: 'pillar other', 'aria-labelledby': 'heading-other' },
    h('h2', { id: 'heading-other' }, 'Other answers in the file'),
    h('p', { class: 'muted' }, `${s.file.path} has answers for items this version does not know. They are kept in the file and do not count towards the score.`),
    h('ul', { class: 'items' }, ...s.otherAnswers.map((a) =>
      h('li', { class: 'item' },
        h('p', {}, h('code', {}, a.id), ` — ${a.done ? 'ticked' : 'not ticked'}${a.by ? ` by ${a.by}` : ''}${a.at ? ` on ${formatDate(a.at)}` : ''}`),
        a.note ? h('blockquote', { class: 'note' }, a.note) : null,
      ),
    )),
  );
}

function button(id: string, text: string, onClick: () => void, options: { disabled?: boolean; secondary?: boolean; link?: boolean; title?: string; label?: string } = {}): HTMLButtonElement {
  const b = h('button', {
    type: 'button',
    id,
    class: options.link ? 'link-button' : options.secondary ? 'secondary' : 'primary',
    disabled: options.disabled,
    title: options.title,
    'aria-label': options.label,
  }, text);
  b.addEventListener('click', onClick);
  return b;
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

vscode.postMessage({ type: 'ready' });
