import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A key for one purpose, derived from the session secret, so that a token minted for one purpose
 * (an invite) can never be replayed as another (a session cookie).
 */
export function deriveKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`podium:${purpose}:v1`).digest();
}

/** `base64url(JSON).base64url(HMAC-SHA256(key, payloadPart))` — compact, URL- and cookie-safe. */
export function signToken(key: Buffer, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const mac = createHmac('sha256', key).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/**
 * The payload of a token whose signature is valid, or null for anything else (wrong shape, bad
 * base64, forged or truncated signature, not JSON). Callers validate the payload's fields.
 */
export function verifyToken(key: Buffer, token: string): unknown {
  if (token.length > 4096) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [body, mac] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]{43}$/.test(mac)) return null;
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
