/**
 * Holding back the offline copy's download on a page that works hard of its own. The service
 * worker's first install downloads the whole book (about 18 MB, 200 files) and writes it to the
 * cache; on the review page that ran beside the checking of the hand-ins and took about a
 * sixth of the browser's CPU time (`npm run bench:review`: 40 files took 15.0 s of CPU with it,
 * 12.4 s without). On a chapter, it made the first run of a cell on a fresh page about 200 ms
 * slower (`npm run bench:page`'s first run: about 510 ms with it, 310 ms without). A page marks
 * an element with `data-offline-waits`, "busy" while it works and "idle" otherwise (the review
 * page while it checks files; a chapter or the playground while cells run, scheduler.ts); the
 * download starts once the page has been idle for a while.
 */

/** How long the marked page must have been idle before the offline copy starts downloading. */
export const OFFLINE_QUIET_MS = 5_000;

export interface QuietEnv {
  MutationObserver: typeof MutationObserver;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/**
 * Calls `go` once `marker`'s `data-offline-waits` has not been "busy" for `quietMs` in a row
 * (counted again from each change), or at once when there is no marker.
 */
export function whenQuiet(
  marker: HTMLElement | null,
  quietMs: number,
  go: () => void,
  env: QuietEnv = globalThis as unknown as QuietEnv,
): void {
  if (!marker) {
    go();
    return;
  }
  let timer: unknown;
  const observer = new env.MutationObserver(() => check());
  function check() {
    if (timer !== undefined) env.clearTimeout(timer);
    timer = undefined;
    if (marker!.dataset.offlineWaits === 'busy') return;
    timer = env.setTimeout(() => {
      observer.disconnect();
      go();
    }, quietMs);
  }
  observer.observe(marker, { attributes: true, attributeFilter: ['data-offline-waits'] });
  check();
}
