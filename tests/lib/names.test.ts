import { describe, expect, it } from 'vitest';
import { mixedScripts } from '../../src/lib/names.ts';

describe('mixedScripts', () => {
  it('finds a word that mixes alphabets whose letters look alike', () => {
    expect(mixedScripts('\u0410lice Liddell')).toEqual(['Latin', 'Cyrillic']); // a Cyrillic А
    expect(mixedScripts('Alice Lidd\u0435ll')).toEqual(['Latin', 'Cyrillic']); // a Cyrillic е
    expect(mixedScripts('J\u03bfhn Smith')).toEqual(['Latin', 'Greek']); // a Greek ο
    expect(mixedScripts('\uff21lice L\u0456ddell')).toEqual(['Latin', 'Cyrillic']); // a full-width A folds to Latin; a Cyrillic і
  });

  it('passes names in one alphabet, names whose words are each in one, and accents', () => {
    expect(mixedScripts('Ada Lovelace')).toEqual([]);
    expect(mixedScripts('Анна Каренина')).toEqual([]);
    expect(mixedScripts('Σοφία Παπαδοπούλου')).toEqual([]);
    expect(mixedScripts('Zoë Müller-Łukasiewicz')).toEqual([]);
    expect(mixedScripts('Анна Smith')).toEqual([]);
    expect(mixedScripts('山田 花子')).toEqual([]);
  });
});
