import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { SignedTreeHeadDto } from '../../../common/governance.ts';
import { sthSigningInput as signingText } from '../../../common/audit-proof.ts';

/**
 * The exact bytes an STH's signature covers (documented in docs/governance.md); the browser checks
 * the same text (common/audit-proof.ts), so there is one definition.
 */
export function sthSigningInput(sth: Omit<SignedTreeHeadDto, 'signature'>): Buffer {
  return Buffer.from(signingText(sth), 'utf8');
}

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
}

export function signSth(
  key: SigningKey,
  treeSize: number,
  rootHash: Buffer,
  timestampMs: number,
): SignedTreeHeadDto {
  const unsigned = { treeSize, rootHash: rootHash.toString('hex'), timestampMs, keyId: key.keyId };
  const signature = sign(null, sthSigningInput(unsigned), key.privateKey).toString('base64');
  return { ...unsigned, signature };
}

export interface VerificationKey {
  keyId: string;
  publicKey: KeyObject;
  /** Epoch ms; an STH signed after this (plus clock slack) is refused. */
  retiredAtMs: number | null;
}

export type SthCheck = 'ok' | 'unknown-key' | 'bad-signature' | 'signed-after-retirement' | 'malformed';

// Instances' clocks and the rotation itself may differ by a moment; more than this is suspicious.
const RETIREMENT_SLACK_MS = 60_000;

/** Checks an STH's signature with the key it names. */
export function checkSth(sth: SignedTreeHeadDto, keys: ReadonlyMap<string, VerificationKey>): SthCheck {
  if (!isSthShape(sth)) return 'malformed';
  const key = keys.get(sth.keyId);
  if (!key) return 'unknown-key';
  const signature = Buffer.from(sth.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== sth.signature) return 'bad-signature';
  let ok: boolean;
  try {
    ok = verify(null, sthSigningInput(sth), key.publicKey, signature);
  } catch {
    ok = false;
  }
  if (!ok) return 'bad-signature';
  if (key.retiredAtMs !== null && sth.timestampMs > key.retiredAtMs + RETIREMENT_SLACK_MS) {
    return 'signed-after-retirement';
  }
  return 'ok';
}

/** True for an object with the STH's fields and types (from an untrusted export). */
export function isSthShape(v: unknown): v is SignedTreeHeadDto {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(s.treeSize) &&
    (s.treeSize as number) >= 0 &&
    typeof s.rootHash === 'string' &&
    /^[0-9a-f]{64}$/.test(s.rootHash) &&
    Number.isSafeInteger(s.timestampMs) &&
    typeof s.keyId === 'string' &&
    typeof s.signature === 'string'
  );
}

/** A verification key from a PEM (SPKI) public key; throws on anything that is not Ed25519. */
export function verificationKey(
  keyId: string,
  publicKeyPem: string,
  retiredAtMs: number | null,
): VerificationKey {
  const publicKey = createPublicKey(publicKeyPem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new TypeError(`key ${keyId} is not an Ed25519 key`);
  if (keyIdOf(publicKey) !== keyId) throw new TypeError(`key ${keyId} does not match its id`);
  return { keyId, publicKey, retiredAtMs };
}

/** Key id: "ed25519-" + the first 16 hex digits of SHA-256 over the DER SubjectPublicKeyInfo. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}
