import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeLinkData, encodeLinkData, MAX_LINK_LENGTH } from '../../../src/notebook/page/link-data.ts';
import { decodeCells, encodeCells } from '../../../src/notebook/page/share.ts';
import { assignmentFromQuery, decodeAssignment, encodeAssignment } from '../../../src/notebook/page/assignment.ts';
import { sourceFiles } from '../../lib/source-files.ts';

const cells = { c1: 'const x = 1; // a longer cell with varied text, so its compression has many codes', c2: 'abc' };

describe('decodeLinkData: the one reader of data in a link', () => {
  it('round-trips a value, in a hash or a query, first or after other parameters', () => {
    const packed = encodeLinkData('cells', cells);
    expect(packed).toMatch(/^cells=[A-Za-z0-9+\-$]+$/);
    for (const part of [`#${packed}`, `?${packed}`, packed, `#cell-c1&${packed}`, `?x=1&${packed}&y=2`]) {
      expect(decodeLinkData(part, 'cells', 'the edited code')).toEqual(cells);
    }
  });

  it('is undefined when the link has no such parameter, even one whose name ends the same way', () => {
    expect(decodeLinkData('#one-neuron', 'cells', 'the edited code')).toBeUndefined();
    expect(decodeLinkData('', 'a', 'the assignment')).toBeUndefined();
    expect(decodeLinkData('#data=' + encodeLinkData('x', 1).slice(2), 'a', 'the assignment')).toBeUndefined();
  });

  it('says which part of which link could not be decompressed', () => {
    expect(() => decodeLinkData('#cells=%%%', 'cells', 'the edited code')).toThrow(
      'the link is damaged or was cut short: the edited code in it (the 3 characters after "cells=") could not be decompressed',
    );
  });

  it('says when a truncated link decompresses to text that is not JSON', () => {
    const truncated = `#${encodeLinkData('cells', cells)}`.slice(0, 1 + 'cells='.length + 85);
    expect(() => decodeLinkData(truncated, 'cells', 'the edited code')).toThrow(
      'the link is damaged or was cut short: the edited code in it (the 85 characters after "cells=") decompressed to text that is not JSON',
    );
  });

  it('refuses a small link that unpacks to more text than a link may carry', () => {
    const bomb = encodeLinkData('cells', { c1: 'x'.repeat(600_000) });
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => decodeLinkData(`#${bomb}`, 'cells', 'the edited code')).toThrow(
      'the link carries 600,009 characters of edited code, more than the 500,000 a link may carry',
    );
  });

  // Red team 42: a hand-made 44 KB link unpacked to 200 million characters before its size was
  // checked; 150 KB took 1.9 GB. Each code of this one repeats the one before and a letter more.
  it('refuses a link longer than any the book makes before unpacking it', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
    const bits: number[] = [];
    const put = (value: number, width: number) => {
      for (let i = 0; i < width; i++) bits.push((value >> i) & 1);
    };
    put(0, 2); // a literal of 8 bits: "a"
    put(97, 8);
    let next = 4;
    let left = 4;
    let width = 3;
    for (let j = 0; j < 16_000; j++) {
      put(next++, width); // the entry being made: the last one and its own first letter
      if (--left === 0) left = 2 ** width++;
    }
    put(2, width); // the end
    while (bits.length % 6) bits.push(0);
    let bomb = '';
    for (let i = 0; i < bits.length; i += 6) bomb += ALPHABET[bits.slice(i, i + 6).reduce((v, b) => v * 2 + b, 0)];
    expect(bomb.length).toBeGreaterThan(MAX_LINK_LENGTH);
    expect(() => decodeLinkData(`#cells=${bomb}`, 'cells', 'the edited code')).toThrow(
      `the link is longer than any the book makes: the edited code in it is ${bomb.length.toLocaleString('en-US')} characters, more than 32,000, so it was not unpacked`,
    );
    // What the book makes up to that length still opens.
    const longest = encodeLinkData('cells', {
      c1: Array.from({ length: 6_000 }, (_, i) => `w${(i * 7919) % 100_003}`).join(' '),
    });
    expect(longest.length).toBeLessThan(MAX_LINK_LENGTH);
    expect(longest.length).toBeGreaterThan(MAX_LINK_LENGTH / 2);
    expect(decodeLinkData(`#${longest}`, 'cells', 'the edited code')).toHaveProperty('c1');
  });

  it('says when the value is missing altogether', () => {
    expect(() => decodeLinkData('?a=&x=1', 'a', 'the assignment')).toThrow(
      'the link was cut short: the assignment in it (after "a=") is empty',
    );
  });
});

describe('every kind of link decodes with it', () => {
  it('a shared link and an assignment link give the same reasons, naming what they carry', () => {
    const truncated = '#' + encodeCells(cells).slice(0, 12);
    expect(() => decodeCells(truncated)).toThrow(
      'the link is damaged or was cut short: the edited code in it (the 6 characters after "cells=") could not be decompressed',
    );
    const assignment =
      '#' + encodeAssignment({ title: 'Week 3', due: '', items: [{ chapter: 'the-sigmoid', exercises: [] }] });
    expect(() => decodeAssignment(assignment.slice(0, 10))).toThrow(
      'the link is damaged or was cut short: the assignment in it (the 7 characters after "a=") could not be decompressed',
    );
    expect(assignmentFromQuery('?a=@@@')).toBeNull(); // a damaged query: the remembered assignment applies
  });

  it('no other file compresses or decompresses a link by hand', () => {
    const others = sourceFiles('src', 'components')
      .filter((file) => !file.endsWith('link-data.ts'))
      .filter((file) => /from 'lz-string'|EncodedURIComponent/.test(readFileSync(file, 'utf8')));
    expect(others).toEqual([]);
  });
});
