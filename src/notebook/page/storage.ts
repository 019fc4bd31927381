/**
 * Reader drafts in localStorage. Losing storage must never break a page; it only forgets.
 *
 * Every read validates what it finds (another tab, an old version of the book or a browser
 * extension may have written anything), and every write reports failure instead of throwing,
 * so the cell can tell the reader that an edit was not saved (storage full or blocked).
 */

const PREFIX = 'nnfs:v1';

export interface Draft {
  /** The reader's code. */
  code: string;
  /** Fingerprint of the chapter's original cell when this draft was saved. */
  base: string;
  /** The original cell's code at that time, to show what changed in the chapter since. */
  original: string;
  /** When the draft was last saved (ISO 8601). */
  saved: string;
}

export type SaveResult = { ok: true } | { ok: false; reason: string };

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked by privacy settings: behave as if nothing is stored
  }
}

export function draftKey(chapter: string, cell: string): string {
  return `${PREFIX}:draft:${chapter}:${cell}`;
}

function isDraft(value: unknown): value is Draft {
  const d = value as Draft;
  return typeof d === 'object' && d !== null && typeof d.code === 'string' && typeof d.base === 'string' &&
    typeof d.original === 'string' && typeof d.saved === 'string';
}

export function loadDraft(chapter: string, cell: string): Draft | null {
  const store = storage();
  if (!store) return null;
  let raw: string | null;
  try {
    raw = store.getItem(draftKey(chapter, cell));
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isDraft(parsed)) return parsed;
  } catch {
    // fall through: corrupted entries are removed below
  }
  try { store.removeItem(draftKey(chapter, cell)); } catch { /* nothing more to do */ }
  return null;
}

export function saveDraft(chapter: string, cell: string, draft: Draft): SaveResult {
  const store = storage();
  if (!store) return { ok: false, reason: 'this browser blocks storage for this site' };
  try {
    store.setItem(draftKey(chapter, cell), JSON.stringify(draft));
    return { ok: true };
  } catch (error) {
    const full = error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
    return { ok: false, reason: full ? "the browser's storage for this site is full" : 'the browser refused to store it' };
  }
}

export function removeDraft(chapter: string, cell: string): void {
  try { storage()?.removeItem(draftKey(chapter, cell)); } catch { /* forgetting failed: harmless */ }
}

/** Small JSON values (exercise status, progress, settings) under versioned keys. */
export function loadValue<T>(key: string, valid: (value: unknown) => value is T): T | null {
  try {
    const raw = storage()?.getItem(`${PREFIX}:${key}`);
    if (raw == null) return null;
    const parsed: unknown = JSON.parse(raw);
    return valid(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function saveValue(key: string, value: unknown): SaveResult {
  const store = storage();
  if (!store) return { ok: false, reason: 'this browser blocks storage for this site' };
  try {
    store.setItem(`${PREFIX}:${key}`, JSON.stringify(value));
    return { ok: true };
  } catch {
    return { ok: false, reason: "the browser's storage for this site is full" };
  }
}
