import { describe, expect, it } from 'vitest';
import { AtlasSlots } from './atlas-slots.ts';

describe('AtlasSlots', () => {
  it('gives each id its own cell, the same one on repeat', () => {
    const s = new AtlasSlots(3);
    expect(s.acquire('a')).toBe(0);
    expect(s.acquire('b')).toBe(1);
    expect(s.acquire('a')).toBe(0);
    expect(s.used).toBe(2);
  });

  it('returns null when full and reuses released cells lowest first', () => {
    const s = new AtlasSlots(3);
    for (const id of ['a', 'b', 'c']) s.acquire(id);
    expect(s.acquire('d')).toBeNull();
    s.release('c');
    s.release('a');
    expect(s.acquire('e')).toBe(0);
    expect(s.acquire('f')).toBe(2);
    expect(s.acquire('g')).toBeNull();
    s.release('nobody');
    expect(s.used).toBe(3);
  });
});
