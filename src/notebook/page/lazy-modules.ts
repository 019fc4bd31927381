/**
 * The page side's heavy modules, each loaded the first time it is needed and never with the
 * page: the editor (CodeMirror) when a reader reaches or clicks a cell (lazy-editors.ts), the
 * types (TypeScript in a worker, page/types.ts) when a reader focuses a cell's code, and the chart sanitiser
 * (DOMPurify) beside the first run. Each loads once per page; the sanitiser is retried on the
 * next run if it failed.
 */
import { escapeHtml } from '../../lib/html.ts';
import type { DisplayItem } from '../display.ts';
import type { ChartSanitizer } from '../sanitize.ts';

let editorModule: Promise<typeof import('./editor.ts')> | null = null;
/** The editor module (CodeMirror), loaded once. */
export const loadEditorModule = () => (editorModule ??= import('./editor.ts'));

let typesModule: Promise<typeof import('./types.ts')> | null = null;
/** The types module (its worker starts only when asked, see TypeAssist), loaded once; tried again after a failed load. */
export const loadTypesModule = () =>
  (typesModule ??= import('./types.ts').catch((error: unknown) => {
    typesModule = null;
    throw error;
  }));

/** What stands in a chart's place when it cannot be shown: why, as text. */
const notShown = (why: string) => `<p class="nb-error-title">${escapeHtml(`The chart is not shown: ${why}`)}</p>`;

let sanitizerModule: Promise<ChartSanitizer> | null = null;
const loadSanitizer = () => (sanitizerModule ??= import('../sanitize.ts').then((m) => m.createChartSanitizer(window)));

/** The chart sanitiser, or if it cannot load, one that shows why in place of the chart (and a retry next run). */
export async function chartSanitizer(): Promise<ChartSanitizer> {
  try {
    return await loadSanitizer();
  } catch (error) {
    sanitizerModule = null;
    return () => notShown(`its sanitiser could not load (${(error as Error).message}). Run the cell again.`);
  }
}

/** A new task, so the page answers input and paints: scheduler.yield() where the browser has it. */
const nextTask = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return typeof scheduler?.yield === 'function' ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * Sanitises the charts among `items` a few hundred elements per task (ChartSanitizer.inSteps),
 * so drawing thousands of marks never holds the page, and returns a sanitiser that hands those
 * results to render.ts (anything else it sanitises in one go). A chart the sanitiser refuses or
 * fails on is replaced by the reason, never shown unsanitised, and never fails the run.
 */
export async function sanitizeChartsInSteps(
  items: readonly DisplayItem[],
  sanitize: ChartSanitizer,
): Promise<ChartSanitizer> {
  const done = new Map<string, string>();
  for (const item of items) {
    if (item.kind !== 'html' || done.has(item.html)) continue;
    try {
      done.set(item.html, sanitize.inSteps ? await sanitize.inSteps(item.html, nextTask) : sanitize(item.html));
    } catch (error) {
      done.set(item.html, notShown(`${(error as Error)?.message ?? error}`));
    }
  }
  // Drawing the output (parsing and laying out thousands of marks) gets a task of its own too.
  if (done.size > 0) await nextTask();
  return (html) => {
    const clean = done.get(html);
    if (clean !== undefined) return clean;
    try {
      return sanitize(html);
    } catch (error) {
      return notShown(`${(error as Error)?.message ?? error}`);
    }
  };
}
