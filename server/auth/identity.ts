import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';

export const NAME_MAX_CHARS = 48;

// C0/C1 controls, bidi overrides/isolates (they can make a name tag read backwards) and line separators.
const FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

/** Display name: trimmed, NFC, 1-48 characters (code points), no control characters. */
export const displayNameSchema = z
  .string({ error: 'must be a string' })
  .max(1000, { error: `must be at most ${NAME_MAX_CHARS} characters` })
  .transform((s) => s.normalize('NFC').trim())
  .refine((s) => s.length > 0, { error: 'must not be empty' })
  .refine((s) => [...s].length <= NAME_MAX_CHARS, { error: `must be at most ${NAME_MAX_CHARS} characters` })
  .refine((s) => !FORBIDDEN.test(s), { error: 'must not contain control characters' });

const SUFFIX_ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

/** Six characters from an unambiguous alphabet: ~1e9 values, enough to make identities unique per name. */
export function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return s;
}

/** Lowercase ASCII slug of a display name, at most 24 characters; "guest" when nothing is left. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return slug || 'guest';
}

/**
 * A participant identity derived from the display name plus a random suffix, e.g. "ada-lovelace-k3x9pq".
 * Never starts with the twin's reserved prefix: a person called "Twin" becomes "p-twin-…".
 */
export function makeIdentity(name: string, suffix: string = randomSuffix()): string {
  const identity = `${slugOf(name)}-${suffix}`;
  return isReservedIdentity(identity) ? `p-${identity}` : identity;
}

/** True for identities only the twin agent may use. */
export function isReservedIdentity(identity: string): boolean {
  return identity.toLowerCase().startsWith(TWIN_IDENTITY_PREFIX);
}
