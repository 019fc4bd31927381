import { describe, expect, it } from 'vitest';
import { decodeCells, encodeCells } from '../../../src/notebook/page/share.ts';

describe('share links', () => {
  it('round-trips edited cells through the URL hash', () => {
    const cells = { c1: 'const x = 1;\nx + 1', train: 'net.train(1500) // “quotes” & <tags>' };
    const hash = '#' + encodeCells(cells);
    expect(hash).toMatch(/^#cells=[A-Za-z0-9+\-$]+$/);
    expect(decodeCells(hash)).toEqual(cells);
  });

  it('returns null when the hash holds no cells', () => {
    expect(decodeCells('#one-neuron')).toBeNull();
    expect(decodeCells('')).toBeNull();
  });

  it('explains a damaged link', () => {
    expect(() => decodeCells('#cells=%%%')).toThrow('the link is damaged or was cut short: the edited code in it (the 3 characters after "cells=") could not be decompressed');
    const truncated = '#' + encodeCells({ c1: 'x'.repeat(200) }).slice(0, 12);
    expect(() => decodeCells(truncated)).toThrow(/the link is damaged/);
  });

  it('rejects a link whose contents are not code cells', () => {
    // One cell's code that is not text refuses the link, naming it (red team 51: "no code cells").
    expect(() => decodeCells('#' + encodeCells({ c1: 5 } as unknown as Record<string, string>))).toThrow('the code it holds for cell “c1” is not text, so it was changed or damaged');
    expect(() => decodeCells('#' + encodeCells({ ok: 'x', a: 1, b: null, c: [], d: {} } as unknown as Record<string, string>))).toThrow('the code it holds for cells “a”, “b”, “c” and 1 more is not text');
    expect(() => decodeCells('#' + encodeCells(['x'] as unknown as Record<string, string>))).toThrow('the link does not contain code cells');
  });
});
