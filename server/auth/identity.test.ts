import { describe, expect, it } from 'vitest';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';
import { displayNameSchema, isReservedIdentity, makeIdentity, randomSuffix, slugOf } from './identity.ts';

describe('display names', () => {
  it('are trimmed and normalized', () => {
    expect(displayNameSchema.parse('  Ada Lovelace \n')).toBe('Ada Lovelace');
    expect(displayNameSchema.parse('Zoe\u0301')).toBe('Zoé');
    expect(displayNameSchema.parse('李小龍')).toBe('李小龍');
    expect(displayNameSchema.parse('👩‍🚀 Sam')).toBe('👩‍🚀 Sam');
  });

  it('are 1 to 48 characters', () => {
    expect(displayNameSchema.safeParse('').success).toBe(false);
    expect(displayNameSchema.safeParse('   ').error?.issues[0]?.message).toBe('must not be empty');
    expect(displayNameSchema.safeParse('x'.repeat(48)).success).toBe(true);
    expect(displayNameSchema.safeParse('x'.repeat(49)).error?.issues[0]?.message).toBe(
      'must be at most 48 characters',
    );
    // 48 emoji are 96 UTF-16 units but 48 characters.
    expect(displayNameSchema.safeParse('😀'.repeat(48)).success).toBe(true);
    expect(displayNameSchema.safeParse('x'.repeat(5000)).success).toBe(false);
  });

  it('refuse control and bidi-override characters', () => {
    for (const bad of ['a\u0000b', 'a\u0007', 'a\nb', 'evil\u202Egnp.exe', 'a\u2028b', 'a\u0085']) {
      expect(displayNameSchema.safeParse(bad).error?.issues[0]?.message, JSON.stringify(bad)).toBe(
        'must not contain control characters',
      );
    }
  });

  it('refuse non-strings', () => {
    expect(displayNameSchema.safeParse(42).error?.issues[0]?.message).toBe('must be a string');
  });
});

describe('identities', () => {
  it('derive from a slug of the name plus a suffix', () => {
    expect(makeIdentity('Ada Lovelace', 'k3x9pq')).toBe('ada-lovelace-k3x9pq');
    expect(makeIdentity('Zoé Ørsted', 'aaaaaa')).toBe('zoe-rsted-aaaaaa');
    expect(makeIdentity('李小龍', 'aaaaaa')).toBe('guest-aaaaaa');
    expect(slugOf('A very long name that goes on and on and on')).toHaveLength(24);
    expect(slugOf('---')).toBe('guest');
  });

  it('never start with the twin prefix', () => {
    expect(TWIN_IDENTITY_PREFIX).toBe('twin-');
    for (const name of ['Twin', 'twin', 'Twin Peaks', 'TWIN-bot', ' twin ']) {
      const identity = makeIdentity(name, 'abcdef');
      expect(identity.startsWith(TWIN_IDENTITY_PREFIX), identity).toBe(false);
      expect(isReservedIdentity(identity)).toBe(false);
    }
    expect(makeIdentity('Twin Peaks', 'abcdef')).toBe('p-twin-peaks-abcdef');
    expect(isReservedIdentity('Twin-leader')).toBe(true);
  });

  it('get random suffixes', () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomSuffix()));
    expect(seen.size).toBe(200);
    for (const s of seen) expect(s).toMatch(/^[a-z2-9]{6}$/);
  });
});
