import { randomBytes } from 'node:crypto';
import { readOrCreateFile, randomSecret, type PersistedValue } from './secret-file.ts';

export const LIVEKIT_KEYS_FILE = 'livekit-keys.json';

export interface LivekitKeyPair {
  apiKey: string;
  apiSecret: string;
}

/** A key pair in LiveKit's usual shape: `API` + 12 alphanumerics, and a 43-character secret. */
export function generateLivekitKeyPair(): LivekitKeyPair {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  let suffix = '';
  for (const b of bytes) suffix += alphabet[b % alphabet.length];
  return { apiKey: `API${suffix}`, apiSecret: randomSecret(32) };
}

/** The embedded SFU's key pair, generated on first start and kept in DATA_DIR/livekit-keys.json. */
export function readOrCreateLivekitKeys(dataDir: string): PersistedValue<LivekitKeyPair> {
  return readOrCreateFile(
    dataDir,
    LIVEKIT_KEYS_FILE,
    generateLivekitKeyPair,
    (pair) => `${JSON.stringify(pair, null, 2)}\n`,
    (text) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        throw new Error('is not JSON');
      }
      const { apiKey, apiSecret } = (data ?? {}) as Partial<Record<string, unknown>>;
      if (typeof apiKey !== 'string' || typeof apiSecret !== 'string' || !apiKey || apiSecret.length < 16) {
        throw new Error('does not hold {"apiKey","apiSecret"} strings');
      }
      return { apiKey, apiSecret };
    },
  );
}
