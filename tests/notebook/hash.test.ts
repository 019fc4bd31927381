import { describe, expect, it } from 'vitest';
import { hashSource } from '../../src/notebook/hash.ts';

describe('hashSource', () => {
  it('is stable, short, and ignores Windows line endings', () => {
    expect(hashSource('const a = 1;\nconst b = 2;')).toBe(hashSource('const a = 1;\r\nconst b = 2;'));
    expect(hashSource('')).toBe('811c9dc5');
    expect(hashSource('a')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('changes when the code changes', () => {
    expect(hashSource('const a = 1;')).not.toBe(hashSource('const a = 2;'));
  });
});
