/**
 * The progress file's buttons ("Save my progress as a file", "Load a progress file"), wherever a
 * page shows them (the contents page, the assignment checklist), and the one way the book
 * writes a progress file (also used by a cell's could-not-save notice). The file's format and
 * merge rules are backup.ts's.
 */
import { makeBackup, parseBackup, restoreBackup, type Backup } from './backup.ts';
import { BLOCKED, browserStorage, unsavedEntries } from './storage.ts';
import { downloadFile } from './download.ts';

/** Everything the book keeps for this reader, what storage holds and what only this page holds, saved as a progress file. */
export function downloadProgressFile(now = new Date()): { name: string; entries: number } {
  let backup: Backup;
  try {
    backup = makeBackup(browserStorage(), now, unsavedEntries());
  } catch {
    backup = makeBackup(null, now, unsavedEntries()); // storage that cannot be listed: this page's copy is what there is
  }
  const name = `nn-from-scratch-progress-${backup.exported.slice(0, 10)}.json`;
  downloadFile(name, JSON.stringify(backup, null, 2), 'application/json');
  return { name, entries: Object.keys(backup.items).length };
}

/** Merges a progress file into this browser; returns what to tell the reader, or throws a message they can act on. */
export async function loadProgressFile(file: File): Promise<string> {
  const storage = browserStorage();
  if (!storage) throw new Error(`This file cannot be loaded here: ${BLOCKED}.`);
  const changed = restoreBackup(storage, parseBackup(await file.text()));
  document.dispatchEvent(new CustomEvent('nb-exercise-status')); // progress shown on the page follows
  return changed === 0 ? 'Nothing new in that file: your progress here is already up to date.' : `Loaded ${changed} ${changed === 1 ? 'entry' : 'entries'} from ${file.name}.`;
}

/** Wires the buttons inside `root` ([data-export-progress], [data-import-progress], [data-progress-message]). */
export function startProgressFile(root: ParentNode = document) {
  const message = root.querySelector<HTMLElement>('[data-progress-message]')!;
  root.querySelector('[data-export-progress]')?.addEventListener('click', () => {
    const { entries } = downloadProgressFile();
    message.textContent = `Saved ${entries} ${entries === 1 ? 'entry' : 'entries'}.`;
  });
  root.querySelector<HTMLInputElement>('[data-import-progress]')?.addEventListener('change', async (event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      message.textContent = await loadProgressFile(file);
    } catch (error) {
      message.textContent = (error as Error).message;
    }
    input.value = '';
  });
}
