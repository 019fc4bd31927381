import { describe, expect, it } from 'vitest';
import { lookalikeKey } from '../../src/lib/lookalike.ts';
import { evenName, mixedScripts, shownName } from '../../src/lib/names.ts';

describe('mixedScripts', () => {
  it('finds a name that mixes alphabets whose letters look alike', () => {
    expect(mixedScripts('\u0410lice Liddell')).toEqual(['Latin', 'Cyrillic']); // a Cyrillic А
    expect(mixedScripts('Alice Lidd\u0435ll')).toEqual(['Latin', 'Cyrillic']); // a Cyrillic е
    expect(mixedScripts('J\u03bfhn Smith')).toEqual(['Latin', 'Greek']); // a Greek ο
    expect(mixedScripts('\uff21lice L\u0456ddell')).toEqual(['Latin', 'Cyrillic']); // a full-width A folds to Latin; a Cyrillic і
    // A fourth red team's: a space apart, a Lisu letter, a Coptic letter.
    expect(mixedScripts('\u0410\u202flice')).toEqual(['Latin', 'Cyrillic']);
    expect(mixedScripts('\ua4eelice')).toEqual(['Latin', 'Lisu']);
    expect(mixedScripts('Alic\u2c89')).toEqual(['Latin', 'Coptic']);
    expect(mixedScripts('Анна Smith')).toEqual(['Latin', 'Cyrillic']); // flagged, not refused: the teacher reads it
  });

  it('passes names in one alphabet, with accents, and in scripts no other letter passes for', () => {
    expect(mixedScripts('Ada Lovelace')).toEqual([]);
    expect(mixedScripts('Анна Каренина')).toEqual([]);
    expect(mixedScripts('Σοφία Παπαδοπούλου')).toEqual([]);
    expect(mixedScripts('Zoë Müller-Łukasiewicz')).toEqual([]);
    expect(mixedScripts('山田 花子')).toEqual([]);
  });
});

describe('lookalikeKey', () => {
  it('gives names and IDs that look alike on screen one key, whatever letters spell them', () => {
    // The red teams': a click letter (U+01C0) for each l, letters O for zeros, a name wholly in
    // Cyrillic but for one letter (which the mixed-alphabets flag passes as a real name).
    expect(lookalikeKey('Zoe Mu\u01c0\u01c0er')).toBe(lookalikeKey('Zoe Muller'));
    expect(lookalikeKey('S1OO1')).toBe(lookalikeKey('S1001'));
    expect(lookalikeKey('\u041a\u0430\u0455\u0435\u0443')).toBe(lookalikeKey('Kasey'));
    expect(mixedScripts('\u041a\u0430\u0455\u0435\u0443')).toEqual([]);
    // Case, compatibility forms and invisible characters, as evenName ignores them.
    expect(lookalikeKey('ZOE MULLER')).toBe(lookalikeKey('Zoe Mu\u01c0\u01c0er'));
    expect(lookalikeKey('\uff21da\u200b Lovelace')).toBe(lookalikeKey('Ada Lovelace'));
  });

  it('sees through what NFKC would fold, marks and characters that draw nothing (a third red team\u2019s)', () => {
    expect(lookalikeKey('Ben Oka\u017for')).toBe(lookalikeKey('Ben Okafor')); // a long s, read as "f", which NFKC makes "s"
    expect(lookalikeKey('Zoe M\u05c1uller')).toBe(lookalikeKey('Zoe Muller')); // a Hebrew point, drawn as nothing on an m
    expect(lookalikeKey('Zoe Mu\ufffcller')).toBe(lookalikeKey('Zoe Muller')); // the object replacement character
    expect(lookalikeKey('Zo\u00eb')).toBe(lookalikeKey('Zoe')); // alike enough to flag for a look; never merged
  });

  it('keeps apart names that differ to the eye', () => {
    expect(lookalikeKey('Ada Lovelace')).not.toBe(lookalikeKey('Ada Lovelock'));
    expect(lookalikeKey('S1001')).not.toBe(lookalikeKey('S1002'));
  });
});

describe('evenName', () => {
  it('drops the object replacement character, which Chromium draws as nothing (a third red team\u2019s)', () => {
    expect(evenName('Zoe Mu\ufffcller')).toBe(evenName('Zoe Muller'));
    expect(evenName('S10\ufffc01')).toBe(evenName('S1001'));
  });
});

describe('shownName', () => {
  it('takes out the marks that reorder text, makes control characters a space, and cuts stacked marks', () => {
    expect(shownName(' Mallory\u202E dessap 8/8 ')).toBe('Mallory dessap 8/8');
    expect(shownName('Bob\r\n=1+1')).toBe('Bob =1+1');
    expect(shownName(`Zoe${'\u0301'.repeat(90)}`)).toBe(`Zoe${'\u0301'.repeat(30)}… (60 more joined characters)`);
    expect(shownName('Nguyễn Thị')).toBe('Nguyễn Thị');
  });
});
