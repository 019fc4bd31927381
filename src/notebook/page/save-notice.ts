/**
 * The notice a cell shows while its work is not saved (storage full or blocked). It sits under
 * the code, is a polite live region, and stays until a save succeeds: the reader must know
 * before they leave the page, and have a way to keep the work right there.
 *
 * Its button asks the page for the work as a file with a cancelable "nb-download-work" event:
 * on an assigned chapter the assignment banner answers with the hand-in; anywhere else no one
 * does, and the reader gets a progress file (loaded back from the contents page).
 */
import { downloadProgressFile } from './progress-file.ts';
import { escapeHtml } from '../../lib/html.ts';

export interface DownloadWorkDetail {
  /** Tells the reader, beside the button they pressed, what happened (HTML from escaped parts). */
  report(html: string): void;
}

/** Creates the notice's live region, empty, right after `after`: present from the start so it is announced when filled. */
export function createSaveNotice(after: Element): HTMLElement {
  const region = document.createElement('div');
  region.className = 'nb-save-notice';
  region.dataset.saveNotice = '';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  after.after(region);
  return region;
}

/** Shows the notice with `reason`, or clears it when null. Unchanged reasons leave it alone, so a message under it stays. */
export function showSaveNotice(region: HTMLElement, reason: string | null) {
  if ((region.dataset.reason ?? null) === reason) return;
  if (reason === null) {
    delete region.dataset.reason;
    region.replaceChildren();
    return;
  }
  region.dataset.reason = reason;
  region.innerHTML =
    `<div class="nb-notice nb-notice-warn"><p><strong>Your browser is not saving your work:</strong> ${escapeHtml(reason)}. ` +
    'Download it before you leave this page.</p>' +
    '<p class="nb-notice-actions"><button type="button" class="nb-button" data-download-work>Download my work</button></p>' +
    '<p data-save-notice-message hidden></p></div>';
  const message = region.querySelector<HTMLElement>('[data-save-notice-message]')!;
  const report = (html: string) => {
    message.hidden = false;
    message.innerHTML = html;
  };
  region.querySelector('[data-download-work]')!.addEventListener('click', () => {
    const handled = !region.dispatchEvent(new CustomEvent<DownloadWorkDetail>('nb-download-work', {
      bubbles: true, cancelable: true, detail: { report },
    }));
    if (!handled) report(downloadProgress());
  });
}

function downloadProgress(): string {
  const { name } = downloadProgressFile();
  return `Saved ${escapeHtml(name)}. To get your work back, load it with <strong>Load a progress file</strong> on the contents page, in a browser that saves this site’s data.`;
}
