// Loads a widget's custom element when the widget comes near the screen, not with the page.
// A widget's element imports its model, and the models import src/nn (about 17 KB with gzip
// for the network alone): loaded with the page, they put chapters over the 60 KB of JavaScript
// a chapter may load before any interaction (`npm run bench:page`, tests/content/page-weight.test.ts).
// Until the element loads, the server-rendered first state shows. A reader who reaches a control
// first (a slider dragged, a button pressed, a field focused before the module arrives) starts
// the load at once, and what they changed is replayed to the element once it is defined, so no
// early input is lost.

/** Load this far before the widget scrolls into view, so a reader scrolling at reading speed never waits. */
const MARGIN = '600px 0px';

/** Events that start the load at once: the reader is at the widget. */
const TRIGGERS = ['pointerdown', 'focusin', 'keydown', 'input', 'change', 'click'] as const;

/** What an early interaction left to replay: a control's new value, or a press of a button. */
type Early =
  { kind: 'value'; type: 'input' | 'change'; target: EventTarget } | { kind: 'press'; target: HTMLButtonElement };

/**
 * Defines the widgets named `tag` on this page when one comes within 600 px of the screen, or
 * when the reader first interacts with one, whichever is first; at once if `now` (a link whose
 * query sets the widget up) or if the browser has no IntersectionObserver.
 *
 * Early input: `input` and `change` events on a control are dispatched again on it once the
 * element is defined (the control already holds the reader's value; the element reads it from
 * there), and presses of a `<button>` are replayed as clicks, in the order they happened.
 *
 * If the module fails to load (offline, an old cached page), each widget keeps its first state
 * and says so in a status line; the next interaction tries again.
 *
 * @param tag the custom element's name, e.g. `'neuron-sliders'`
 * @param load imports the module that defines it: `() => import('./neuron-sliders.ts')`
 * @returns a promise settled when the widgets are defined and the early input replayed (or the load failed)
 */
export function loadNear(tag: string, load: () => Promise<unknown>, { now = false } = {}): Promise<void> {
  const widgets = [...document.querySelectorAll<HTMLElement>(tag)];
  if (widgets.length === 0) return Promise.resolve();
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  const early: Early[] = [];
  let loading: Promise<void> | null = null;
  let observer: IntersectionObserver | null = null;

  const record = (event: Event) => {
    if (customElements.get(tag)) return; // defined: the element's own listeners have it
    const target = event.target as HTMLElement;
    if (event.type === 'input' || event.type === 'change') {
      const last = early.at(-1);
      // A slider dragged fires one input per pixel; its last value is what matters.
      if (last?.kind === 'value' && last.type === event.type && last.target === target) early.pop();
      early.push({ kind: 'value', type: event.type, target });
    } else if (event.type === 'click') {
      const button = target.closest('button');
      if (button && !button.disabled) early.push({ kind: 'press', target: button });
    }
    start();
  };
  const listen = (on: boolean) => {
    for (const widget of widgets) {
      for (const type of TRIGGERS)
        (on ? widget.addEventListener : widget.removeEventListener).call(widget, type, record, true);
    }
  };

  const start = () => {
    if (loading) return;
    observer?.disconnect();
    loading = load()
      .then(() => customElements.whenDefined(tag))
      .then(() => {
        listen(false);
        for (const widget of widgets) widget.querySelector('[data-load-error]')?.remove();
        replay(early.splice(0));
        settle();
      })
      .catch((error: unknown) => {
        loading = null;
        for (const widget of widgets) showFailure(widget, error);
        settle();
      });
  };

  listen(true);
  if (now || !('IntersectionObserver' in window)) start();
  else {
    observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) start();
      },
      { rootMargin: MARGIN },
    );
    for (const widget of widgets) observer.observe(widget);
  }
  return done;
}

function replay(events: Early[]): void {
  for (const event of events) {
    if (event.kind === 'value') event.target.dispatchEvent(new Event(event.type, { bubbles: true }));
    else if (event.target.isConnected && !event.target.disabled && !event.target.closest('[hidden]'))
      event.target.click();
  }
}

/** One status line per widget, replaced on each failure, so a reader knows why the controls do nothing. */
function showFailure(widget: HTMLElement, error: unknown): void {
  const line = widget.querySelector('[data-load-error]') ?? widget.appendChild(document.createElement('p'));
  line.setAttribute('data-load-error', '');
  line.setAttribute('role', 'status');
  line.className = 'widget-load-error';
  const reason = error instanceof Error ? error.message : String(error);
  line.textContent = `This figure’s controls did not load (${reason}). It shows its first state; touch it again, or reload the page, to try again.`;
}
