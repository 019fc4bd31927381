import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { whenQuiet, type QuietEnv } from '../../src/offline/quiet.ts';

/** A page with the review page's marker, and timers this test moves by hand. */
function page(initial: string | null) {
  const { window } = new JSDOM(`<main${initial === null ? '' : ` data-offline-waits="${initial}"`}></main>`);
  const marker = window.document.querySelector('main')!;
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const env: QuietEnv = {
    MutationObserver: window.MutationObserver,
    setTimeout: (callback, ms) => {
      timers.set(next, { at: now + ms, callback });
      return next++;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
  };
  /** Lets the observer's records arrive (a microtask), then moves the clock to `to`, firing what falls due. */
  const at = async (to: number) => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    now = to;
    for (const [id, t] of [...timers])
      if (t.at <= to) {
        timers.delete(id);
        t.callback();
      }
  };
  return { marker, env, at };
}

describe('the offline copy on a busy page', () => {
  it('starts at once on a page without the marker', () => {
    let went = 0;
    whenQuiet(null, 5000, () => {
      went += 1;
    });
    expect(went).toBe(1);
  });

  it('waits until the page has been idle for the quiet time, counted again after each busy spell', async () => {
    const { marker, env, at } = page('idle');
    const went: number[] = [];
    let clock = 0;
    whenQuiet(marker, 5000, () => went.push(clock), env);
    clock = 1000;
    await at(1000);
    marker.dataset.offlineWaits = 'busy'; // the teacher chose files a second after the page loaded
    clock = 9000;
    await at(9000);
    expect(went).toEqual([]);
    marker.dataset.offlineWaits = 'busy'; // still checking: set again, still busy
    await at(12_000);
    marker.dataset.offlineWaits = 'idle'; // the last file is checked at 12 s
    await at(16_000);
    expect(went).toEqual([]);
    clock = 17_000;
    await at(17_000);
    expect(went).toEqual([17_000]);
    marker.dataset.offlineWaits = 'busy'; // once started, it is not started again
    marker.dataset.offlineWaits = 'idle';
    await at(30_000);
    expect(went).toEqual([17_000]);
  });

  it('starts after the quiet time on a marked page nobody uses', async () => {
    const { marker, env, at } = page('idle');
    let went = false;
    whenQuiet(
      marker,
      5000,
      () => {
        went = true;
      },
      env,
    );
    await at(4999);
    expect(went).toBe(false);
    await at(5000);
    expect(went).toBe(true);
  });
});
