import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** LiveKit-style ids: `RM_`, `PA_`, `TR_` followed by 12 base62 characters. */
export type SidPrefix = 'RM' | 'PA' | 'TR';

export function newSid(prefix: SidPrefix): string {
  const bytes = randomBytes(12);
  let out = `${prefix}_`;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
