import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { MemoryStorage } from './memory-storage.ts';

// The code editor never loads here (see drafts.test.ts: CodeMirror in linkedom threw from a timer
// after a test had ended).
vi.mock('../../../src/notebook/page/lazy-modules.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/notebook/page/lazy-modules.ts')>()),
  loadEditorModule: () => new Promise(() => {}),
}));

// One exercise cell, as components/CodeCell.astro renders it (the parts the notebook touches).
const CELL = `<div class="nb-cell" id="cell-ex-f" data-cell data-chapter="ch" data-cell-id="ex-f" data-source="return 0;" data-kind="normal" aria-label="Cell 1">
  <div class="nb-toolbar"><span data-state-label>not run</span><span data-modified hidden>modified</span>
    <button data-action="run">Run</button><button data-action="stop" hidden>Stop</button>
    <button data-action="revert" hidden>Revert</button><button data-action="share">Copy link</button></div>
  <div data-code><pre>return 0;</pre></div>
  <div class="nb-notice" data-notice hidden></div>
  <div data-output></div>
</div>`;

const kernel = {
  run: async () => ({ kind: 'result', result: { status: 'ok', outputs: [], defines: [], uses: [], durationMs: 1 } }),
  stop() {},
};

let storage: MemoryStorage;
let win: Window & typeof globalThis;
let notebookModule: typeof import('../../../src/notebook/page/notebook.ts');
const saved = { ...globalThis } as Record<string, unknown>;

beforeEach(async () => {
  vi.resetModules(); // a fresh page: the storage module remembers failed writes for a page's life
  const { window, document } = parseHTML(`<!doctype html><html><body>${CELL}</body></html>`);
  storage = new MemoryStorage();
  Object.defineProperty(window, 'localStorage', { configurable: true, get: () => storage });
  win = window as unknown as Window & typeof globalThis;
  // linkedom has no frames: the output box is fitted "in the next frame", here the next task.
  const requestAnimationFrame = (step: () => void) => setTimeout(step, 0);
  // A page's address without a shared link (without one, reading location.hash threw, and the page told of a damaged link).
  Object.assign(globalThis, { window, document, CustomEvent: window.CustomEvent, Event: window.Event, requestAnimationFrame, location: { hash: '', href: 'http://book/ch/' } });
  notebookModule = await import('../../../src/notebook/page/notebook.ts');
});
afterEach(() => {
  for (const name of ['window', 'document', 'CustomEvent', 'Event', 'requestAnimationFrame', 'location']) {
    if (name in saved) (globalThis as Record<string, unknown>)[name] = saved[name];
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

function start() {
  const notebook = new notebookModule.Notebook(win.document, kernel as never);
  notebook.start();
  const cell = notebook.find('ex-f')!;
  const notice = () => cell.el.querySelector<HTMLElement>('[data-save-notice]')!;
  const leaving = () => {
    const event = new win.Event('beforeunload', { cancelable: true });
    win.dispatchEvent(event);
    return event.defaultPrevented ? 'asks first' : 'leaves';
  };
  return { notebook, cell, notice, leaving };
}

describe('the "not saving" notice', () => {
  it('is an empty polite live region until a save fails, then says why and how to keep the work', () => {
    const { notebook, cell, notice, leaving } = start();
    expect(notice().getAttribute('role')).toBe('status');
    expect(notice().getAttribute('aria-live')).toBe('polite');
    expect(notice().textContent).toBe('');
    storage.full = true;
    cell.edited('return 1;');
    notebook.drafts.flush();
    expect(notice().textContent).toContain("Your browser is not saving your work: the browser's storage for this site is full. Download it before you leave this page.");
    expect(notice().querySelector('button')?.textContent).toBe('Download my work');
    expect(leaving()).toBe('asks first');
  });

  it('stays when the cell runs (which clears the cell’s other notices), and goes once a save succeeds', async () => {
    const { notebook, cell, notice, leaving } = start();
    storage.full = true;
    cell.edited('return 1;');
    notebook.drafts.flush();
    await notebook.run(cell);
    expect(cell.state).toBe('ran');
    expect(notice().textContent).toContain('Your browser is not saving your work');
    storage.full = false;
    cell.edited('return 2;');
    notebook.drafts.flush();
    expect(notice().textContent).toBe('');
    expect(JSON.parse(storage.items.get('nnfs:v1:draft:ch:ex-f')!).code).toBe('return 2;');
    expect(leaving()).toBe('leaves');
  });

  it('shows for a status that cannot be saved, when the exercise registers its key', async () => {
    const { cell, notice } = start();
    const { saveValue } = await import('../../../src/notebook/page/storage.ts');
    cell.storageKeys.push('nnfs:v1:exercise:ch:f');
    storage.full = true;
    saveValue('exercise:ch:f', { status: 'passed', updated: '2026-11-24T00:00:00Z' });
    expect(notice().textContent).toContain('Your browser is not saving your work');
  });

  it('hands the download to whoever answers "nb-download-work" and reports beside the button', () => {
    const { notebook, cell, notice } = start();
    storage.full = true;
    cell.edited('return 1;');
    notebook.drafts.flush();
    win.document.addEventListener('nb-download-work', (event) => {
      event.preventDefault();
      (event as CustomEvent<{ report(html: string): void }>).detail.report('Saved week-1-ada.json.');
    });
    notice().querySelector('button')!.click();
    expect(notice().querySelector('[data-save-notice-message]')?.textContent).toBe('Saved week-1-ada.json.');
  });
});

describe('leaving the page', () => {
  it('saves an edit still waiting for its timer', () => {
    const { cell } = start();
    cell.edited('return 3;');
    expect(storage.items.size).toBe(0);
    win.dispatchEvent(new win.Event('pagehide'));
    expect(JSON.parse(storage.items.get('nnfs:v1:draft:ch:ex-f')!).code).toBe('return 3;');
  });
});
