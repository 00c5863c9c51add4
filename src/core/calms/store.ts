// Reads and writes .devops/calms.json safely. Writes are atomic (a temporary file in the same folder,
// flushed, then renamed over the file), so a crash leaves the old file or the new one, never a torn one.
// Every change is read-modify-write against what is on disk at that moment, and is retried when the file
// changes underneath (a `git pull`, a teammate's editor), so an external edit is merged, not overwritten.
// A corrupt or future-version file is reported and kept: nothing writes over it except `reset`, which
// first copies it to calms.json.bak-<timestamp>.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CALMS_FILE, type CalmsDocument, emptyDocument, parseCalms, serializeCalms } from './document';

export type CalmsFileState =
  | { readonly status: 'missing'; readonly doc: CalmsDocument }
  | { readonly status: 'ok'; readonly doc: CalmsDocument; readonly text: string }
  | { readonly status: 'invalid'; readonly message: string }
  | { readonly status: 'future'; readonly version: number; readonly message: string };

export type CalmsFileErrorCode = 'INVALID' | 'FUTURE' | 'CONFLICT' | 'IO';

export class CalmsFileError extends Error {
  constructor(
    message: string,
    readonly code: CalmsFileErrorCode,
  ) {
    super(message);
    this.name = 'CalmsFileError';
  }
}

/** Files larger than this are not a checklist: they are reported, not parsed. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** How often a save is retried when the file keeps changing underneath it. */
const MAX_ATTEMPTS = 5;

export interface StoreHooks {
  /** Called after the temporary file is written and before it is renamed into place (tests use it to race or crash). */
  readonly beforeRename?: (tempPath: string, attempt: number) => Promise<void> | void;
}

export class CalmsStore {
  readonly path: string;
  /** Serialises this process's own saves; other writers are handled by compare-and-retry. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly root: string,
    private readonly hooks: StoreHooks = {},
  ) {
    this.path = join(root, ...CALMS_FILE.split('/'));
  }

  /** The file as it is now. A file that cannot be read is reported as invalid, with the reason. */
  async load(): Promise<CalmsFileState> {
    try {
      return stateOf(await this.readText());
    } catch (e) {
      if (e instanceof CalmsFileError) return { status: 'invalid', message: e.message };
      throw e;
    }
  }

  /**
   * Applies `change` to the document on disk and saves it atomically. Rejects with a CalmsFileError when
   * the file is corrupt or from a newer version (it is left as it is), or keeps changing underneath.
   */
  update(change: (doc: CalmsDocument) => CalmsDocument): Promise<CalmsDocument> {
    const run = this.queue.then(() => this.updateNow(change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async updateNow(change: (doc: CalmsDocument) => CalmsDocument): Promise<CalmsDocument> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const before = await this.readText().catch((e: unknown) => {
        throw e instanceof CalmsFileError ? new CalmsFileError(`${CALMS_FILE} was not changed: ${e.message}.`, 'IO') : e;
      });
      const state = stateOf(before);
      if (state.status === 'invalid') throw new CalmsFileError(`${CALMS_FILE} was not changed: ${state.message}. Fix the file, or back it up and start over.`, 'INVALID');
      if (state.status === 'future') throw new CalmsFileError(`${CALMS_FILE} was not changed: ${state.message}.`, 'FUTURE');
      const next = change(state.doc);
      const text = serializeCalms(next);
      if (before !== undefined && text === before) return next;
      const written = await this.writeAtomic(text, async (temp) => {
        await this.hooks.beforeRename?.(temp, attempt);
        // Compare-and-swap: if someone else wrote since we read, start again from their version.
        return (await this.readText()) === before;
      });
      if (written) return next;
    }
    throw new CalmsFileError(`${CALMS_FILE} kept changing while it was being saved; your change was not written. Try again.`, 'CONFLICT');
  }

  /**
   * Starts over with an empty document. An existing file (corrupt, future or valid) is first copied to
   * `calms.json.bak-<timestamp>` next to it; resolves with that backup's path.
   */
  reset(now: Date = new Date()): Promise<string | undefined> {
    const run = this.queue.then(async () => {
      let backup: string | undefined;
      if (await exists(this.path)) backup = await this.backup(now);
      await this.writeAtomic(serializeCalms(emptyDocument()));
      return backup;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async backup(now: Date): Promise<string> {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    for (let n = 0; n < 100; n++) {
      const target = `${this.path}.bak-${stamp}${n === 0 ? '' : `-${n}`}`;
      try {
        await fs.copyFile(this.path, target, fsConstants.COPYFILE_EXCL);
        return target;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new CalmsFileError(`could not back up ${CALMS_FILE}: ${(e as Error).message}`, 'IO');
      }
    }
    throw new CalmsFileError(`could not back up ${CALMS_FILE}: too many backups with the same timestamp`, 'IO');
  }

  /**
   * undefined: no file. Throws CalmsFileError('IO') for a file that exists but cannot be read, its
   * message a clause to follow "calms.json cannot be used:".
   */
  private async readText(): Promise<string | undefined> {
    try {
      const st = await fs.stat(this.path);
      if (!st.isFile()) throw new CalmsFileError('it is not a file', 'IO');
      if (st.size > MAX_FILE_BYTES) throw new CalmsFileError(`it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, 'IO');
      return await fs.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (e instanceof CalmsFileError) throw e;
      throw new CalmsFileError(`it could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'IO');
    }
  }

  /**
   * Writes `text` to a temporary file beside the target, flushes it, and renames it over the target if
   * `commit` (called just before the rename) agrees. Resolves false when it did not. The temporary file
   * never outlives a failure.
   */
  private async writeAtomic(text: string, commit?: (tempPath: string) => Promise<boolean>): Promise<boolean> {
    const dir = dirname(this.path);
    await fs.mkdir(dir, { recursive: true }).catch((e: Error) => {
      throw new CalmsFileError(`could not create ${dirname(CALMS_FILE)}/: ${e.message}`, 'IO');
    });
    const temp = join(dir, `.${basename(this.path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    let renamed = false;
    try {
      const handle = await fs.open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (commit && !(await commit(temp))) return false;
      await fs.rename(temp, this.path);
      renamed = true;
      return true;
    } catch (e) {
      if (e instanceof CalmsFileError) throw e;
      throw new CalmsFileError(`could not save ${CALMS_FILE}: ${(e as Error).message}`, 'IO');
    } finally {
      if (!renamed) await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

function stateOf(text: string | undefined): CalmsFileState {
  if (text === undefined) return { status: 'missing', doc: emptyDocument() };
  const parsed = parseCalms(text);
  if (parsed.kind === 'ok') return { status: 'ok', doc: parsed.doc, text };
  if (parsed.kind === 'future') return { status: 'future', version: parsed.version, message: parsed.message };
  return { status: 'invalid', message: parsed.message };
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(() => true, () => false);
}
