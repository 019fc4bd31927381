/**
 * Reader drafts and small values in localStorage. Losing storage must never break a page, and
 * it must never lose the reader's work without telling them.
 *
 * Every read validates what it finds (another tab, an old version of the book or a browser
 * extension may have written anything), and every write reports failure instead of throwing.
 * A write that fails is kept in memory for the life of the page, with its reason: reads on this
 * page then see what the reader did (a pass still counts, a draft is still there), watchers
 * (the cells' "not saving" notice) hear about it, and the next write that succeeds retries it.
 */

/**
 * The start of every key the book keeps in localStorage (drafts, exercise records, settings):
 * defined here only, so every reader of the book's keys (backup.ts) agrees with the writers. A
 * stored format that old pages could not read would get a new version.
 */
export const STORAGE_PREFIX = 'nnfs:v1:';

/** The start of every draft's key (see draftKey). */
export const DRAFT_PREFIX = `${STORAGE_PREFIX}draft:`;

/**
 * A version of a cell the reader may want back, kept beside their draft: the code a shared link
 * brought, their own edit that the link replaced, what another tab saved, or what they had before
 * they chose another version (or pressed Revert).
 */
export interface Version {
  kind: 'shared' | 'earlier' | 'tab' | 'previous';
  code: string;
  /** When it was kept (ISO 8601). */
  saved: string;
  /** For kind "tab": which tab's version it is (a random id per page load). */
  tab?: string;
}

export interface Draft {
  /** The reader's code: equal to `original` when only `versions` are kept. */
  code: string;
  /** Fingerprint of the chapter's original cell when this draft was saved. */
  base: string;
  /** The original cell's code at that time, to show what changed in the chapter since. */
  original: string;
  /** When the draft was last saved (ISO 8601). */
  saved: string;
  /** Other versions kept for the reader, oldest first; absent when there are none. */
  versions?: Version[];
  /** Which tab saved it (random per page load), so a tab can tell another tab's save from its own. */
  tab?: string;
  /**
   * Read from a stored text that was cut short or broken (never written by the book): `code` is
   * what could be read of the reader's code, perhaps not all of it. Only ever set by recoverDraft.
   */
  damaged?: true;
}

export type SaveResult = { ok: true } | { ok: false; reason: string };

export const BLOCKED = 'this browser blocks storage for this site';
export const FULL = "the browser's storage for this site is full";
export const REFUSED = 'the browser refused to store it';

/** localStorage, or null when the browser blocks it (privacy settings, sandboxed frames). */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage ?? null;
  } catch {
    return null;
  }
}

export function draftKey(chapter: string, cell: string): string {
  return `${DRAFT_PREFIX}${chapter}:${cell}`;
}

/** The storage key under which loadValue/saveValue keep `key`. */
export function valueKey(key: string): string {
  return `${STORAGE_PREFIX}${key}`;
}

// ---------- writes that failed ----------

/** Full key → the newest value that could not be stored, and why. */
const unsaved = new Map<string, { value: string; reason: string }>();
const watchers = new Set<(unsaved: ReadonlyMap<string, string>) => void>();

function notify() {
  const reasons = new Map([...unsaved].map(([key, { reason }]) => [key, reason]));
  for (const watcher of watchers) watcher(reasons);
}

/** Calls `watcher` with every unsaved key and its reason, now and whenever that changes. */
export function watchUnsaved(watcher: (unsaved: ReadonlyMap<string, string>) => void): () => void {
  watchers.add(watcher);
  watcher(new Map([...unsaved].map(([key, { reason }]) => [key, reason])));
  return () => watchers.delete(watcher);
}

/** What this page holds that storage does not, by full key: for a progress file. */
export function unsavedEntries(): Record<string, string> {
  return Object.fromEntries([...unsaved].map(([key, { value }]) => [key, value]));
}

function reasonOf(error: unknown): string {
  if (error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22)) return FULL;
  if (error instanceof DOMException && error.name === 'SecurityError') return BLOCKED;
  return REFUSED;
}

/** The one way this module writes: store, or remember in memory with the reason. */
function write(key: string, value: string): SaveResult {
  const store = browserStorage();
  const hadUnsaved = unsaved.size > 0;
  let result: SaveResult;
  if (!store) {
    result = { ok: false, reason: BLOCKED };
  } else {
    try {
      store.setItem(key, value);
      result = { ok: true };
    } catch (error) {
      result = { ok: false, reason: reasonOf(error) };
    }
  }
  if (result.ok) {
    unsaved.delete(key);
    // Storage works again (space was freed, a setting changed): store what failed before.
    for (const [other, entry] of unsaved) {
      try {
        store!.setItem(other, entry.value);
        unsaved.delete(other);
      } catch {
        // still failing: it stays in memory, and its notice stays
      }
    }
  } else {
    unsaved.set(key, { value, reason: result.reason });
  }
  if (hadUnsaved || unsaved.size > 0) notify();
  return result;
}

/** Stored text for a full key: what failed to save on this page first, then storage. */
function read(key: string): string | null {
  const pending = unsaved.get(key);
  if (pending) return pending.value;
  try {
    return browserStorage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function remove(key: string) {
  if (unsaved.delete(key)) notify();
  try { browserStorage()?.removeItem(key); } catch { /* forgetting failed: harmless */ }
}

export interface StorageState {
  /** Whether this page can read what was saved on other pages. */
  readable: boolean;
  /** Whether a write succeeds now; when not, drafts saved earlier may be older than the reader's code. */
  saving: SaveResult;
}

/** Whether what other pages saved can be read here. Reads only: safe to call on every render. */
export function storageReadable(): boolean {
  const store = browserStorage();
  if (!store) return false;
  try {
    store.getItem(valueKey('probe'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether storage can be read and written right now, found by writing and removing a probe.
 * A page that shows work saved elsewhere (the assignment checklist) needs both to trust it.
 * The probe fires "storage" events in other tabs: call it on a reader's action or at load,
 * never from a "storage" listener.
 */
export function storageState(): StorageState {
  const store = browserStorage();
  const readable = storageReadable();
  if (!store) return { readable, saving: { ok: false, reason: BLOCKED } };
  try {
    store.setItem(valueKey('probe'), '1');
    store.removeItem(valueKey('probe'));
    return { readable, saving: { ok: true } };
  } catch (error) {
    return { readable, saving: { ok: false, reason: reasonOf(error) } };
  }
}

// ---------- drafts ----------

const VERSION_KINDS: readonly string[] = ['shared', 'earlier', 'tab', 'previous'];

function isVersion(value: unknown): value is Version {
  const v = value as Version;
  return typeof v === 'object' && v !== null && VERSION_KINDS.includes(v.kind) && typeof v.code === 'string' &&
    typeof v.saved === 'string' && ['string', 'undefined'].includes(typeof v.tab);
}

/** A stored draft with the reader's code in it, whatever else is damaged. */
function hasCode(value: unknown): value is Partial<Draft> & { code: string } {
  return typeof value === 'object' && value !== null && typeof (value as Draft).code === 'string';
}

/**
 * A stored draft's text as a Draft, or null when it holds no code. Anything else damaged costs
 * only itself, never the reader's code: versions that are not valid are dropped, and a missing or
 * mistyped fingerprint, original or time is read as unknown (''), so the chapter's code counts as
 * changed since and both are offered (a red team found such drafts deleted without a word).
 * A text that is not whole JSON is not read here: see recoverDraft.
 */
export function parseDraft(raw: string | null): Draft | null {
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  return draftFrom(parsed, false);
}

/**
 * A stored draft's text that is not whole JSON (cut short by a full disk, an extension, a crash
 * mid-write), read as far as it goes and marked `damaged`: the code up to the cut is the reader's
 * work too. Text that is not JSON at all (no `{`: code put there by hand or by another program) is
 * taken as the code itself, marked `damaged` too. Null for a JSON object with no code in it.
 * partial-json (a small, maintained parser of incomplete JSON) loads only here, when a damaged
 * draft is found, not with every page.
 */
export async function recoverDraft(raw: string): Promise<Draft | null> {
  if (raw.trim() !== '' && !raw.trimStart().startsWith('{')) return draftFrom({ code: raw }, true);
  const { Allow, parse } = await import('partial-json');
  try {
    return draftFrom(parse(raw, Allow.ALL), true);
  } catch {
    return null; // a `{` and then not JSON at any length: nothing of a draft in it
  }
}

/** A parsed draft as a Draft (see parseDraft), or null when it holds no code. */
function draftFrom(parsed: unknown, damaged: boolean): Draft | null {
  if (!hasCode(parsed)) return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const versions = Array.isArray(parsed.versions) ? parsed.versions.filter(isVersion) : [];
  const draft: Draft = { code: parsed.code, base: text(parsed.base), original: text(parsed.original), saved: text(parsed.saved) };
  if (versions.length) draft.versions = versions;
  if (typeof parsed.tab === 'string') draft.tab = parsed.tab;
  if (damaged) draft.damaged = true;
  return draft;
}

/**
 * The cell's stored draft, or null. A stored text that is JSON without code in it is forgotten;
 * one that is not whole JSON is kept for recoverDraft (see damagedDraft).
 */
export function loadDraft(chapter: string, cell: string): Draft | null {
  const key = draftKey(chapter, cell);
  const raw = read(key);
  if (raw === null) return null;
  const draft = parseDraft(raw);
  if (!draft && damagedDraft(chapter, cell) === null) remove(key); // no code in it: forget it rather than fail on it at every load
  return draft;
}

/** The stored text of the cell's draft when it is not whole JSON (cut short, broken), else null. */
export function damagedDraft(chapter: string, cell: string): string | null {
  const raw = read(draftKey(chapter, cell));
  if (raw === null) return null;
  try {
    JSON.parse(raw);
    return null;
  } catch {
    return raw;
  }
}


/**
 * Calls `listener` when another tab saves or removes a draft of this chapter ("storage" events
 * fire only in the other tabs), with the cell's id and the draft, or null when it was removed.
 * A damaged value counts as removed. Returns a function that stops listening.
 */
export function watchDrafts(chapter: string, listener: (cell: string, draft: Draft | null) => void): () => void {
  const prefix = draftKey(chapter, '');
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || !event.key.startsWith(prefix)) return;
    listener(event.key.slice(prefix.length), parseDraft(event.newValue));
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}

export function saveDraft(chapter: string, cell: string, draft: Draft): SaveResult {
  return write(draftKey(chapter, cell), JSON.stringify(draft));
}

export function removeDraft(chapter: string, cell: string): void {
  remove(draftKey(chapter, cell));
}

// ---------- small values ----------

/** Small JSON values (exercise status, progress, settings) under versioned keys. */
export function loadValue<T>(key: string, valid: (value: unknown) => value is T): T | null {
  const raw = read(valueKey(key));
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return valid(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function saveValue(key: string, value: unknown): SaveResult {
  return write(valueKey(key), JSON.stringify(value));
}

export function removeValue(key: string): void {
  remove(valueKey(key));
}
