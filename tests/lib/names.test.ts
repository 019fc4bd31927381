import { describe, expect, it } from 'vitest';
import { mixedScripts } from '../../src/lib/names.ts';

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
