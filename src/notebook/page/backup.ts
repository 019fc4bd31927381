/**
 * Export and import of everything the book keeps in this browser (drafts, exercise status,
 * settings), as one JSON file: the reader's own backup, or a move to another browser.
 * Importing merges: a passed exercise stays passed, and of two drafts of a cell the newer wins.
 */
import { DRAFT_PREFIX, STORAGE_PREFIX, valueKey } from './storage.ts';

export const BACKUP_FORMAT = 'nn-from-scratch/progress';

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: 1;
  exported: string;
  items: Record<string, string>;
}

/**
 * The book's entries in `storage` (null when it is blocked), with `unsaved` (entries this page
 * could not store) on top: they are newer than anything storage holds for the same key.
 */
export function makeBackup(storage: Storage | null, now = new Date(), unsaved: Record<string, string> = {}): Backup {
  const items: Record<string, string> = {};
  for (let i = 0; i < (storage?.length ?? 0); i++) {
    const key = storage!.key(i);
    if (key?.startsWith(STORAGE_PREFIX)) items[key] = storage!.getItem(key) ?? '';
  }
  for (const [key, value] of Object.entries(unsaved)) if (key.startsWith(STORAGE_PREFIX)) items[key] = value;
  return { format: BACKUP_FORMAT, version: 1, exported: now.toISOString(), items };
}

/** Validates a file's text; throws a message a reader can act on. */
export function parseBackup(text: string): Backup {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('This file is not a progress file (it is not JSON).');
  }
  const b = data as Backup;
  if (typeof b !== 'object' || b === null || b.format !== BACKUP_FORMAT) {
    throw new Error('This file is not a progress file exported from this book.');
  }
  if (b.version !== 1) throw new Error(`This progress file has version ${String(b.version)}, which this version of the book cannot read.`);
  if (typeof b.items !== 'object' || b.items === null || !Object.entries(b.items).every(([k, v]) => k.startsWith(STORAGE_PREFIX) && typeof v === 'string')) {
    throw new Error('This progress file is damaged: its entries are not in the expected form.');
  }
  return b;
}

const rank = (value: string | null): number => {
  try {
    const status = value ? (JSON.parse(value) as { status?: string }).status : undefined;
    return status === 'passed' ? 2 : status === 'attempted' ? 1 : 0;
  } catch {
    return 0;
  }
};
const savedAt = (value: string | null): string => {
  try {
    return (value && (JSON.parse(value) as { saved?: string }).saved) || '';
  } catch {
    return '';
  }
};

/** Merges a backup into storage; returns how many entries changed. */
export function restoreBackup(storage: Storage, backup: Backup): number {
  let changed = 0;
  for (const [key, value] of Object.entries(backup.items)) {
    const current = storage.getItem(key);
    if (current === value) continue;
    if (current !== null) {
      if (key.startsWith(valueKey('exercise:')) && rank(current) >= rank(value)) continue;
      if (key.startsWith(DRAFT_PREFIX) && savedAt(current) >= savedAt(value)) continue;
    }
    storage.setItem(key, value);
    changed++;
  }
  return changed;
}
