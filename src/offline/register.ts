/**
 * The page side of reading offline: registers the service worker that `npm run build` writes
 * (src/offline/build-service-worker.mjs, Workbox's generateSW), through workbox-window, and tells
 * the reader when a new deployment of the book is ready.
 *
 * After the first visit the worker holds every page and file of the book, so the book opens and
 * runs offline. A new deployment's worker installs in the background and then waits: the open
 * page keeps the version it was built with (its scripts and chunks stay consistent) and a polite
 * notice offers "Reload". Reload asks the waiting worker to take over, then reloads (takeUpdate); the page's
 * usual save on leaving (drafts.ts saves at once on `pagehide`) keeps every edit, and nothing
 * here or in the worker touches localStorage or IndexedDB. A reader who ignores the notice gets
 * the new version the next time they open the book after closing its tabs.
 */
import { Workbox } from 'workbox-window';
import { href } from '../lib/paths.ts';
import { OFFLINE_QUIET_MS, whenQuiet } from './quiet.ts';

/** Registers the service worker once the page has loaded (production builds only: `astro dev` has none). */
export function startOffline() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const region = createUpdateNotice();
  const wb = new Workbox(href('/sw.js'), { scope: href('/') });
  // Whether this tab's reader asked for the new version: Reload on this page, or on the page
  // before, which reloaded without seeing the takeover (takeUpdate marked the tab).
  let asked = takeUnconfirmedMark();
  // A worker is waiting: installed now, or on an earlier visit and still waiting (another tab
  // kept the old one alive). Either way this page is the old version.
  wb.addEventListener('waiting', () => {
    showUpdateNotice(region, 'A new version of the book is ready.', () => {
      asked = true;
      takeUpdate(wb);
    });
  });
  // A new worker took over this page: this page's Reload, another tab's, or an ask the browser
  // set aside and took up later. Whichever, the page's scripts are now older than the worker
  // that serves the chunks it has yet to load (an old build's chunks leave the cache). Workbox's
  // `isExternal` cannot tell these apart: a worker this page saw waiting is not "external" when
  // another tab's Reload makes it take over.
  wb.addEventListener('controlling', () => {
    if (asked) reloadOnce();
    else showUpdateNotice(region, 'The book was updated in another tab.', reloadOnce);
  });
  // Registration failing (private mode in some browsers, storage blocked) only means no offline copy.
  // A page that works hard of its own (the review page, a page whose cells run) holds the first
  // download back until it is idle (quiet.ts); an installed worker is found again at once.
  const register = () =>
    void wb
      .register()
      .then((registration) => {
        if (asked && registration) finishUpdate(wb, registration);
      })
      .catch((error: unknown) => console.warn('Reading offline is not available:', error));
  if (navigator.serviceWorker.controller) register();
  else whenQuiet(document.querySelector<HTMLElement>('[data-offline-waits]'), OFFLINE_QUIET_MS, register);
}

/**
 * How long Reload waits for the new worker to take over before it reloads anyway (takeUpdate).
 * A takeover that happens at all takes well under a second, on a loaded machine too.
 */
const TAKEOVER_MS = 3_000;

/**
 * This tab's mark, in sessionStorage, that Reload reloaded without seeing the new worker take over
 * (takeUpdate); the page that loads next reads and clears it (takeUnconfirmedMark).
 */
const UNCONFIRMED_UPDATE = 'nnfs:update-unconfirmed';

let reloading = false;

/** Reloads the page, once however many of Reload's paths (takeover, timer, late takeover) ask. */
function reloadOnce() {
  if (reloading) return;
  reloading = true;
  location.reload();
}

/**
 * Reload's work: asks the waiting worker to take over; the takeover's `controlling` event reloads
 * the page (startOffline).
 *
 * The takeover can be set aside, and then no `controlling` event comes in time: Chromium stops the
 * old worker to hand over, and a request of this page that reaches it just then (a worker or a
 * chunk starting to load, as the types do after a first keystroke) starts it again and leaves the
 * new worker waiting, to take over later or not at all. A CI run met this; beside a CPU burner it
 * happened in about one Reload in eight, and the page kept the old version with its button greyed
 * out. So Reload reloads after TAKEOVER_MS whatever happened, and marks the tab: the page that
 * loads next finishes the update (finishUpdate).
 */
function takeUpdate(wb: Workbox) {
  wb.messageSkipWaiting();
  setTimeout(() => {
    if (reloading) return;
    try {
      sessionStorage.setItem(UNCONFIRMED_UPDATE, '1');
    } catch {
      // Without the mark a page served by the old worker shows the notice again: Reload once more.
    }
    reloadOnce();
  }, TAKEOVER_MS);
}

/** Whether the page before this one reloaded for an update it did not see taken (takeUpdate); clears the mark. */
function takeUnconfirmedMark(): boolean {
  try {
    if (sessionStorage.getItem(UNCONFIRMED_UPDATE) === null) return false;
    sessionStorage.removeItem(UNCONFIRMED_UPDATE);
    return true;
  } catch {
    return false; // storage blocked: takeUpdate could not mark the tab either
  }
}

/**
 * The page after a Reload that did not see the takeover (takeUpdate). If the new worker still
 * waits, it is asked again, and its takeover, now or later, reloads the page (startOffline's
 * `controlling`); the notice meanwhile offers Reload. If it took over while this page loaded,
 * the old one may have served the page, so it reloads once, from the new one.
 */
function finishUpdate(wb: Workbox, registration: ServiceWorkerRegistration) {
  if (registration.waiting) {
    wb.messageSkipWaiting();
    return;
  }
  const active = registration.active;
  if (!active) return;
  if (active.state === 'activated') reloadOnce();
  else active.addEventListener('statechange', () => active.state === 'activated' && reloadOnce());
}

/** The notice's live region, empty, at the end of the page: present from the start so it is announced when filled. */
function createUpdateNotice(): HTMLElement {
  const region = document.createElement('div');
  region.className = 'update-notice';
  region.dataset.updateNotice = '';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  document.body.append(region);
  return region;
}

/** Fills the notice with `message`, a Reload button that calls `reload`, and a way to dismiss it. */
function showUpdateNotice(region: HTMLElement, message: string, reload: () => void) {
  const text = document.createElement('span');
  text.textContent = message;
  const reloadButton = document.createElement('button');
  reloadButton.type = 'button';
  reloadButton.className = 'nb-button update-notice-reload';
  reloadButton.textContent = 'Reload';
  reloadButton.addEventListener('click', () => {
    reloadButton.disabled = true;
    reload();
  });
  const later = document.createElement('button');
  later.type = 'button';
  later.className = 'nb-button';
  later.textContent = 'Not now';
  later.addEventListener('click', () => region.replaceChildren());
  const box = document.createElement('div');
  box.className = 'update-notice-box';
  box.append(text, reloadButton, later);
  region.replaceChildren(box);
}
