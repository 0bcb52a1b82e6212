// Checks an audit entry's inclusion proof against a signed tree head with WebCrypto only, so the
// console (or any auditor's browser) need not trust the server's own "verified" answer.
// Framework-free: runs in browsers (secure contexts) and in Node (globalThis.crypto).
import { canonicalJson } from './canonical-json.ts';
import type { AuditPublicKeyDto, InclusionProofDto, SignedTreeHeadDto } from './governance.ts';

/** The domain-separation prefix of the bytes an STH signature covers (docs/governance.md). */
const STH_CONTEXT = 'podium-audit-sth-v1\n';
// Clocks of instances and the rotation itself may differ by a moment (as the server allows).
const RETIREMENT_SLACK_MS = 60_000;

type Bytes = Uint8Array<ArrayBuffer>;

function subtle(): SubtleCrypto | null {
  return globalThis.crypto?.subtle ?? null;
}

async function sha256(...parts: Uint8Array[]): Promise<Bytes> {
  const s = subtle();
  if (!s) throw new ProofCheckUnavailable('WebCrypto is not available (the page needs HTTPS or localhost)');
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await s.digest('SHA-256', buf));
}

/** Thrown when this environment cannot run the check at all (no WebCrypto). */
export class ProofCheckUnavailable extends Error {
  override readonly name = 'ProofCheckUnavailable';
}

export function hexToBytes(hex: string): Bytes | null {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function base64ToBytes(b64: string): Bytes | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const utf8 = (s: string): Bytes => new TextEncoder().encode(s) as Bytes;

/** RFC 9162 leaf hash of a log entry: SHA-256(0x00 || canonical JSON). Lowercase hex. */
export async function auditLeafHash(entry: unknown): Promise<string> {
  return bytesToHex(await sha256(new Uint8Array([0]), utf8(canonicalJson(entry))));
}

const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(new Uint8Array([1]), left, right);

/**
 * RFC 9162 §2.1.3.2: the root that `path` leads to from `leaf` at `index` in a tree of `size`
 * entries, or null when the path cannot belong to such a tree (wrong length, bad index).
 */
export async function rootFromInclusionPath(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
): Promise<Bytes | null> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  if (leaf.length !== 32 || !path.every((p) => p.length === 32)) return null;
  let fn = index;
  let sn = size - 1;
  let r: Bytes = new Uint8Array(leaf);
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** The exact bytes an STH's Ed25519 signature covers. */
export function sthSigningInput(sth: Omit<SignedTreeHeadDto, 'signature'>): string {
  return (
    STH_CONTEXT +
    canonicalJson({
      keyId: sth.keyId,
      rootHash: sth.rootHash,
      timestampMs: sth.timestampMs,
      treeSize: sth.treeSize,
    })
  );
}

function pemToDer(pem: string): Bytes | null {
  const m = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem);
  return m ? base64ToBytes(m[1]!.replace(/\s+/g, '')) : null;
}

/**
 * `ok`, a definite failure, or `unsupported` when this browser's WebCrypto has no Ed25519 (then only
 * the server's own check vouches for the signature).
 */
export type SignatureCheck =
  'ok' | 'bad-signature' | 'unknown-key' | 'key-mismatch' | 'signed-after-retirement' | 'unsupported';

/** Checks an STH's Ed25519 signature with the named key from `keys` (SPKI PEM). */
export async function checkSthSignature(
  sth: SignedTreeHeadDto,
  keys: readonly AuditPublicKeyDto[],
): Promise<SignatureCheck> {
  const key = keys.find((k) => k.keyId === sth.keyId);
  if (!key) return 'unknown-key';
  const der = pemToDer(key.publicKeyPem);
  if (!der) return 'key-mismatch';
  // The key id commits to the key: "ed25519-" + first 16 hex digits of SHA-256(DER SPKI).
  if (`ed25519-${bytesToHex(await sha256(der)).slice(0, 16)}` !== sth.keyId) return 'key-mismatch';
  const signature = base64ToBytes(sth.signature);
  if (!signature || signature.length !== 64) return 'bad-signature';
  const s = subtle()!;
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await s.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
  } catch (err) {
    // NotSupportedError: no Ed25519 here. A DataError would mean a malformed key.
    return err instanceof Error && err.name === 'NotSupportedError' ? 'unsupported' : 'key-mismatch';
  }
  const ok = await s.verify({ name: 'Ed25519' }, cryptoKey, signature, utf8(sthSigningInput(sth)));
  if (!ok) return 'bad-signature';
  const retiredAtMs = key.retiredAt ? Date.parse(key.retiredAt) : null;
  if (retiredAtMs !== null && sth.timestampMs > retiredAtMs + RETIREMENT_SLACK_MS) {
    return 'signed-after-retirement';
  }
  return 'ok';
}

export type StepResult = 'ok' | 'failed' | 'unsupported';

export interface ProofStep {
  /** Stable id for the UI and tests. */
  id: 'leaf' | 'path' | 'sth-root' | 'sth-signature';
  result: StepResult;
  /** One sentence for the person reading the check. */
  detail: string;
}

export interface InclusionCheck {
  /** True when every step passed (a signature this browser cannot check counts as passed, see `steps`). */
  ok: boolean;
  steps: ProofStep[];
  computedLeafHash: string;
  computedRoot: string | null;
}

const SIGNATURE_TEXT: Record<SignatureCheck, string> = {
  ok: 'The tree head’s Ed25519 signature is valid (checked in this browser).',
  'bad-signature': 'The tree head’s signature does not verify.',
  'unknown-key': 'The tree head names a key the log does not publish.',
  'key-mismatch': 'The published key does not match its key id.',
  'signed-after-retirement': 'The tree head is dated after its key was retired.',
  unsupported: 'This browser cannot check Ed25519 signatures: signature checked by the server.',
};

/**
 * Checks, step by step, that `entry` (as the log returned it) is entry `proof.index` of the tree
 * the signed tree head `proof.sth` commits to: the leaf hash recomputed from the entry's JSON, the
 * audit path folded up to a root, that root against the STH, and the STH's signature.
 */
export async function checkInclusion(
  entry: unknown,
  proof: InclusionProofDto,
  keys: readonly AuditPublicKeyDto[],
): Promise<InclusionCheck> {
  const steps: ProofStep[] = [];
  const computedLeafHash = await auditLeafHash(entry);
  steps.push(
    computedLeafHash === proof.leafHash
      ? { id: 'leaf', result: 'ok', detail: `Leaf hash recomputed from the entry: ${computedLeafHash}.` }
      : {
          id: 'leaf',
          result: 'failed',
          detail: `The entry hashes to ${computedLeafHash}, but the proof is for leaf ${proof.leafHash}.`,
        },
  );

  const path = proof.path.map(hexToBytes);
  let computedRoot: string | null = null;
  if (path.some((p) => p === null || p.length !== 32)) {
    steps.push({
      id: 'path',
      result: 'failed',
      detail: 'The audit path holds something that is not a SHA-256 hash.',
    });
  } else {
    const root = await rootFromInclusionPath(
      hexToBytes(computedLeafHash)!,
      proof.index,
      proof.treeSize,
      path as Bytes[],
    );
    computedRoot = root ? bytesToHex(root) : null;
    steps.push(
      computedRoot === null
        ? {
            id: 'path',
            result: 'failed',
            detail: `The audit path (${path.length} hashes) cannot belong to entry ${proof.index} of a tree of ${proof.treeSize}.`,
          }
        : computedRoot === proof.rootHash
          ? {
              id: 'path',
              result: 'ok',
              detail: `The ${path.length}-hash audit path leads to root ${computedRoot}.`,
            }
          : {
              id: 'path',
              result: 'failed',
              detail: `The audit path leads to ${computedRoot}, not to the stated root ${proof.rootHash}.`,
            },
    );
  }

  const sth = proof.sth;
  if (!sth) {
    steps.push({
      id: 'sth-root',
      result: 'failed',
      detail: `No signed tree head for size ${proof.treeSize}.`,
    });
  } else if (sth.treeSize !== proof.treeSize || computedRoot === null || sth.rootHash !== computedRoot) {
    steps.push({
      id: 'sth-root',
      result: 'failed',
      detail: `The signed tree head (size ${sth.treeSize}, root ${sth.rootHash}) does not match the recomputed tree.`,
    });
  } else {
    steps.push({
      id: 'sth-root',
      result: 'ok',
      detail: `The signed tree head for size ${sth.treeSize} commits to this root.`,
    });
  }

  if (sth) {
    const sig = await checkSthSignature(sth, keys);
    steps.push({
      id: 'sth-signature',
      result: sig === 'ok' ? 'ok' : sig === 'unsupported' ? 'unsupported' : 'failed',
      detail: `${SIGNATURE_TEXT[sig]} Key ${sth.keyId}.`,
    });
  }

  return { ok: steps.every((s) => s.result !== 'failed'), steps, computedLeafHash, computedRoot };
}
