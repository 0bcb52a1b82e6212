import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../limits.ts';
import { applyAttributes } from './metadata.ts';

describe('applyAttributes', () => {
  it('sets listed keys, deletes empty ones and keeps the rest', () => {
    expect(applyAttributes({ a: '1', b: '2' }, { b: '', c: '3' }, DEFAULT_LIMITS)).toEqual({
      a: '1',
      c: '3',
    });
  });

  it('refuses results beyond the limits', () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
    expect(applyAttributes({}, many, DEFAULT_LIMITS)).toBeUndefined();
    expect(applyAttributes({}, { big: 'x'.repeat(70_000) }, DEFAULT_LIMITS)).toBeUndefined();
  });
});
