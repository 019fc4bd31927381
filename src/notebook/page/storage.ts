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

/** This page load's id, so a tab tells what it stored from another tab's (drafts.ts: versions; crashed-runs.ts: runs). */
export const TAB = Math.random().toString(36).slice(2, 10);

/** Where a tab keeps the ids of its earlier page loads (sessionStorage: the tab's own, kept across a reload). */
const LOADS_KEY = `${STORAGE_PREFIX}loads`;

/**
 * The ids of this tab's page loads: `current`, and, when this load is a reload, those the tab had
 * before (kept in `session`, the tab's sessionStorage). A version this tab kept before the reader
 * reloaded is still "this tab's" (a red team's reloaded tab called its own versions "another
 * tab's"). Only a reload carries them over: a duplicated tab gets a copy of the sessionStorage
 * too, and would take the other tab's versions for its own. At most the last 20 are kept.
 */
export function loadsOfThisTab(session: Pick<Storage, 'getItem' | 'setItem'> | null, navigation: string | undefined, current: string): ReadonlySet<string> {
  let before: string[] = [];
  try {
    const stored: unknown = navigation === 'reload' ? JSON.parse(session?.getItem(LOADS_KEY) ?? '[]') : [];
    if (Array.isArray(stored)) before = stored.filter((id): id is string => typeof id === 'string' && id.length <= 20).slice(-19);
  } catch {
    before = []; // damaged: this load's own id still counts
  }
  const loads = [...before, current];
  try {
    session?.setItem(LOADS_KEY, JSON.stringify(loads));
  } catch {
    // Blocked or full: the next reload of this tab will not know this load, nothing else.
  }
  return new Set(loads);
}

/** How this page was reached ("reload", "navigate", "back_forward"), or undefined where the browser does not say. */
function navigationType(): string | undefined {
  try {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return entry?.type;
  } catch {
    return undefined;
  }
}

let thisTab: ReadonlySet<string> | undefined;
/** The ids of this tab's page loads (loadsOfThisTab), worked out once per page. */
export function ownLoads(): ReadonlySet<string> {
  if (!thisTab) {
    let session: Storage | null;
    try {
      session = typeof sessionStorage === 'undefined' ? null : sessionStorage;
    } catch {
      session = null; // blocked
    }
    thisTab = loadsOfThisTab(session, navigationType(), TAB);
  }
  return thisTab;
}

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

/**
 * Whether a version holds code the page was given rather than code of the reader's: a shared
 * link's. Every other kind keeps what was in the cell when something replaced it (withVersion never
 * keeps a link's code a second time under another kind, so those are the reader's).
 */
export function fromLink(version: Version): boolean {
  return version.kind === 'shared';
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
}

/**
 * What could be read of a stored draft that is not what the book wrote (see recoverDraft).
 */
export interface RecoveredDraft {
  /** The reader's code as far as it could be read (perhaps cut short), or null when none could be. */
  code: string | null;
  /**
   * What was wrong with it, as a sentence for the reader without its full stop: "It was cut
   * short", "Its code was 12345, not text".
   */
  problem: string;
  /** Whether the text stopped short (not whole JSON): the code read may lack its end. */
  cut: boolean;
  /** The kept versions that could be read, oldest first. */
  versions: Version[];
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

/**
 * Full key → the newest value that could not be stored, why, and what storage held when it
 * failed (`base`): it is written later only over that, never over what another tab stored since.
 */
const unsaved = new Map<string, { value: string; reason: string; base: string | null }>();
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

/**
 * Lets go of the oldest code a shared link brought into a draft other than `except`'s (a full
 * key), to make room: the link's version, and the cell's code too when it still shows that
 * code, unedited (kept only as the draft's code, the sender's would pass for the reader's after
 * a reload). Returns whether anything went. Links are anybody's to send, and a reader's own work
 * must not be refused for space they fill (a red team's dozen links, each to another cell, filled
 * the site's storage). The link still holds its code: opening it again brings it back.
 */
function letGoOfOldestLink(store: Storage, except: string): boolean {
  let oldest: { key: string; draft: Draft; link: Version } | null = null;
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key === null || !key.startsWith(DRAFT_PREFIX) || key === except || unsaved.has(key)) continue;
    const draft = parseDraft(stored(key));
    for (const link of draft?.versions ?? []) {
      if (fromLink(link) && (oldest === null || link.saved < oldest.link.saved)) oldest = { key, draft: draft!, link };
    }
  }
  if (oldest === null) return false;
  const { key, draft, link } = oldest;
  const versions = draft.versions!.filter((v) => v !== link);
  const code = draft.code === link.code ? draft.original : draft.code;
  const raw = code === draft.original && versions.length === 0 ? null : JSON.stringify({ ...draft, code, versions: versions.length ? versions : undefined });
  if (raw === null) store.removeItem(key);
  else store.setItem(key, raw);
  // Other tabs hear of it by a "storage" event; this page's own drafts are told here, after the
  // write under way (a page that still listed the link's code wrote it back on its next save).
  queueMicrotask(() => { for (const told of draftWatchers) told(key, raw); });
  return true;
}

/** The one way this module writes: store, or remember in memory with the reason. */
function write(key: string, value: string): SaveResult {
  const store = browserStorage();
  const hadUnsaved = unsaved.size > 0;
  let result: SaveResult;
  if (!store) {
    result = { ok: false, reason: BLOCKED };
  } else {
    for (;;) {
      try {
        store.setItem(key, value);
        result = { ok: true };
        break;
      } catch (error) {
        result = { ok: false, reason: reasonOf(error) };
        try {
          if (result.reason === FULL && letGoOfOldestLink(store, key)) continue;
        } catch {
          // storage refused even the smaller draft: what failed stays failed
        }
        break;
      }
    }
  }
  if (result.ok) {
    unsaved.delete(key);
    // Storage works again (space was freed, a setting changed): store what failed before, where
    // storage still holds what it held then. Written over another tab's later save, a failed
    // write undid the reader's newer edit there, and nothing kept it (a red team's).
    for (const [other, entry] of unsaved) {
      if (stored(other) !== entry.base) continue; // superseded: the page hears of it (a "storage" event) and decides
      try {
        store!.setItem(other, entry.value);
        unsaved.delete(other);
      } catch {
        // still failing: it stays in memory, and its notice stays
      }
    }
  } else {
    unsaved.set(key, { value, reason: result.reason, base: stored(key) });
    watchOtherTabs();
  }
  if (hadUnsaved || unsaved.size > 0) notify();
  return result;
}

/** This page's watchDrafts listeners, told of the drafts this page changed to make room (letGoOfOldestLink), as a "storage" event tells other tabs. */
const draftWatchers = new Set<(key: string, raw: string | null) => void>();

let watchingOtherTabs = false;
/**
 * Once a write has failed: when another tab stores a value (not a draft) this page could not,
 * this page's is no longer the newest, and is let go. Drafts are the drafts' to settle
 * (drafts.ts): they keep what of this page's is the reader's, beside the other tab's, and write
 * that anew.
 */
function watchOtherTabs() {
  if (watchingOtherTabs || typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
  watchingOtherTabs = true;
  window.addEventListener('storage', (event) => {
    let dropped = false;
    for (const [key, entry] of unsaved) {
      if (key.startsWith(DRAFT_PREFIX) || (event.key !== null && event.key !== key) || stored(key) === entry.base) continue;
      dropped = unsaved.delete(key) || dropped;
    }
    if (dropped) notify();
  });
}

/** What storage itself holds under `key`, unlike read (which gives this tab's unsaved value first). */
function stored(key: string): string | null {
  try {
    return browserStorage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stored text for a full key: what failed to save on this page first, then storage. */
function read(key: string): string | null {
  return unsaved.get(key)?.value ?? stored(key);
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A version exactly as Drafts writes it. */
function isVersion(value: unknown): value is Version {
  return isRecord(value) && VERSION_KINDS.includes(value.kind as string) && typeof value.code === 'string' &&
    typeof value.saved === 'string' && ['string', 'undefined'].includes(typeof value.tab);
}

/** A draft exactly as Drafts writes it: every field of its type (unknown extra fields are let be). */
function isDraft(value: unknown): value is Draft {
  return isRecord(value) && typeof value.code === 'string' && typeof value.base === 'string' &&
    typeof value.original === 'string' && typeof value.saved === 'string' &&
    ['string', 'undefined'].includes(typeof value.tab) &&
    (value.versions === undefined || (Array.isArray(value.versions) && value.versions.every(isVersion)));
}

/**
 * A stored draft's text as a Draft when it is exactly what the book writes, else null: whatever
 * else it is (cut short, a field of the wrong type, a broken version) is damaged and goes to
 * recoverDraft, which keeps what can be read and has the page say so. Nothing stored is dropped here.
 */
export function parseDraft(raw: string | null): Draft | null {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(withoutBom(raw));
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The stored text without a byte order mark at its start. A program that writes UTF-8 "with
 * BOM" puts one there; it marks the encoding and is no part of the text, but JSON.parse refuses
 * it (JSON's whitespace is only space, tab and line breaks), so a whole draft would read as broken.
 */
const withoutBom = (raw: string) => (raw.startsWith('\uFEFF') ? raw.slice(1) : raw);

/** The text's JSON value, or undefined when it is not JSON (code typed or put there by hand). */
function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A stored value in words for the reader: `12345`, `"x"`, `null`; long ones cut. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * What can be read of a stored draft that parseDraft refused (another program, an extension or a
 * crash mid-write put it there). Its code when that is text, as far as it goes; each kept version
 * whose code is text (a kind or time that is wrong is read as "previous" or unknown); and what was
 * wrong, in words. A text that is not whole JSON is read as far as it goes (partial-json: a small,
 * maintained parser of incomplete JSON, loaded only here, when a damaged draft is found), and a
 * text that is not JSON at all (no `{`: code put there by hand or by another program) is taken as
 * the code itself.
 */
export async function recoverDraft(text: string): Promise<RecoveredDraft> {
  if (text.trim() === '') return { code: null, problem: 'It was empty', cut: false, versions: [] };
  const raw = withoutBom(text);
  if (!raw.trimStart().startsWith('{')) {
    // JSON that is no object (null, a number, a list, a quoted text) was written by a program,
    // not typed: it is named as the value it is, and only a quoted text is offered as code.
    const value = jsonValue(raw);
    if (value === undefined) return { code: text, problem: 'It was plain text, not a saved draft', cut: false, versions: [] };
    return { code: typeof value === 'string' ? value : null, problem: `It was ${shown(value)}, not a saved draft`, cut: false, versions: [] };
  }
  let parsed: unknown;
  let cut = false;
  try {
    parsed = JSON.parse(raw);
  } catch {
    const { Allow, PartialJSON, parse } = await import('partial-json');
    try {
      parsed = parse(raw, Allow.ALL);
    } catch {
      return { code: null, problem: 'It could not be read as a saved draft', cut, versions: [] };
    }
    // "Cut short" only when the text ends before its JSON does: partial-json, allowed nothing
    // partial, says so (PartialJSON). Text that is whole but not strict JSON (a stray character
    // after it, a mark JSON.parse refuses) was not cut, and must not be called so.
    try {
      parse(raw, 0);
    } catch (error) {
      cut = error instanceof PartialJSON;
    }
  }
  if (!isRecord(parsed)) return { code: null, problem: `It was ${shown(parsed)}, not a saved draft`, cut, versions: [] };
  // Each clause names the field and the value found, for the notice: "its code was 12345, not text".
  const problems: string[] = cut ? ['it was cut short'] : [];
  const code = typeof parsed.code === 'string' ? parsed.code : null;
  if (code === null) problems.push(`its code was ${'code' in parsed ? shown(parsed.code) : 'missing'}, not text`);
  const versions: Version[] = [];
  const stored = parsed.versions;
  if (Array.isArray(stored)) {
    let unreadable = 0;
    for (const entry of stored) {
      if (isVersion(entry)) versions.push(entry);
      // The code is what matters: a kind or time the book does not know is read as plain "previous".
      else if (isRecord(entry) && typeof entry.code === 'string') versions.push({ kind: 'previous', code: entry.code, saved: typeof entry.saved === 'string' ? entry.saved : '' });
      else unreadable += 1;
    }
    if (unreadable) problems.push(`${unreadable} of its ${stored.length} kept versions could not be read`);
    else if (versions.some((v, i) => v !== stored[i])) problems.push('some of its kept versions were not as the book saves them');
  } else if (stored !== undefined) {
    problems.push(`its kept versions were ${shown(stored)}, not a list`);
  }
  if (!cut) {
    const record = parsed;
    // The fields in the reader's words, not the stored names.
    const said: Record<string, string> = { base: 'mark of the chapter’s cell', original: 'copy of the chapter’s code', saved: 'time saved', tab: 'tab' };
    const wrong = Object.keys(said).filter((field) => field in record && typeof record[field] !== 'string');
    const missing = ['base', 'original', 'saved'].filter((field) => !(field in record));
    if (wrong.length) problems.push(`its ${wrong.map((field) => `${said[field]} was ${shown(record[field])}`).join(', ')}, not text`);
    if (missing.length) problems.push(`its ${missing.map((field) => said[field]).join(', ')} ${missing.length === 1 ? 'was' : 'were'} missing`);
  }
  const problem = problems.join('; ') || 'it was not as the book saves it';
  return { code, problem: problem[0].toUpperCase() + problem.slice(1), cut, versions };
}

/** The cell's stored draft when it is exactly what the book writes, else null (see damagedDraft). */
export function loadDraft(chapter: string, cell: string): Draft | null {
  return parseDraft(read(draftKey(chapter, cell)));
}

/**
 * The stored text of the cell's draft when it is not what the book writes (cut short, broken, a
 * field of the wrong type), else null. The page recovers it with recoverDraft; nothing removes it
 * before the reader has been told.
 */
export function damagedDraft(chapter: string, cell: string): string | null {
  const raw = read(draftKey(chapter, cell));
  return raw !== null && parseDraft(raw) === null ? raw : null;
}

/**
 * Calls `listener` when another tab saves or removes a draft of this chapter ("storage" events
 * fire only in the other tabs), or this page let go of a link's code in one to make room, with
 * the cell's id, the draft (null when it was removed or is damaged) and the stored text (null
 * when removed; see damagedDraft). Returns a function that
 * stops listening. An event whose value storage no longer holds is passed over: events arrive
 * late (after a reload, after further writes), and the write that replaced it brings its own.
 */
export function watchDrafts(chapter: string, listener: (cell: string, draft: Draft | null, raw: string | null) => void): () => void {
  const prefix = draftKey(chapter, '');
  const heard = (key: string | null, raw: string | null) => {
    if (key === null || !key.startsWith(prefix)) return;
    if (stored(key) !== raw) return;
    listener(key.slice(prefix.length), parseDraft(raw), raw);
  };
  const onStorage = (event: StorageEvent) => heard(event.key, event.newValue);
  window.addEventListener('storage', onStorage);
  draftWatchers.add(heard);
  return () => {
    window.removeEventListener('storage', onStorage);
    draftWatchers.delete(heard);
  };
}

/** Whether this page holds a write of the cell's draft that the browser refused (storage full or blocked), not yet stored. */
export function hasUnsavedDraft(chapter: string, cell: string): boolean {
  return unsaved.has(draftKey(chapter, cell));
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
