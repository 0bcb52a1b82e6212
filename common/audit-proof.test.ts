import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MerkleTree, leafHash } from '../server/governance/audit/merkle.ts';
import { keyIdOf, signSth } from '../server/governance/audit/sth.ts';
import { auditLeafHash, checkInclusion, checkSthSignature, rootFromInclusionPath } from './audit-proof.ts';
import { canonicalJson } from './canonical-json.ts';
import type { AuditPublicKeyDto, InclusionProofDto } from './governance.ts';

const hex = (b: Buffer) => b.toString('hex');

/** A log of `n` entries built with the server's own tree and signer, and a proof maker. */
function makeLog(n: number) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  const keys: AuditPublicKeyDto[] = [
    {
      keyId,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      createdAt: '2026-01-01T00:00:00.000Z',
      retiredAt: null,
    },
  ];
  const entries = Array.from({ length: n }, (_, i) => ({
    kind: 'governance',
    event: 'consent.recorded',
    at: `2026-01-0${(i % 9) + 1}T00:00:00.000Z`,
    data: { i, note: 'ünïcode ✓ <img src=x>', nested: { b: 1, a: [1, 2.5, null] } },
  }));
  const tree = new MerkleTree(entries.map((e) => leafHash(canonicalJson(e))));
  const proof = (index: number, size = n): InclusionProofDto => ({
    index,
    treeSize: size,
    leafHash: hex(tree.leaf(index)),
    path: tree.inclusionProof(index, size).map(hex),
    rootHash: hex(tree.root(size)),
    sth: signSth({ keyId, privateKey }, size, tree.root(size), 1_767_225_600_000 + size),
  });
  return { entries, keys, proof, keyId };
}

describe('audit inclusion proofs checked with WebCrypto', () => {
  it('recomputes the server’s leaf hashes', async () => {
    const { entries, proof } = makeLog(3);
    for (let i = 0; i < 3; i++) expect(await auditLeafHash(entries[i])).toBe(proof(i).leafHash);
  });

  it('accepts every entry’s proof in trees of 1 to 9 entries', async () => {
    for (let n = 1; n <= 9; n++) {
      const { entries, keys, proof } = makeLog(n);
      for (let i = 0; i < n; i++) {
        for (const size of [i + 1, n]) {
          const check = await checkInclusion(entries[i], proof(i, size), keys);
          expect(
            check.steps.map((s) => `${s.id}:${s.result}`),
            `n=${n} i=${i} size=${size}`,
          ).toEqual(['leaf:ok', 'path:ok', 'sth-root:ok', 'sth-signature:ok']);
          expect(check.ok).toBe(true);
        }
      }
    }
  });

  it('fails an altered entry, path, index, root or signature, naming the step', async () => {
    const { entries, keys, proof } = makeLog(7);
    const good = proof(3);
    const failed = async (entry: unknown, p: InclusionProofDto) => {
      const c = await checkInclusion(entry, p, keys);
      expect(c.ok).toBe(false);
      return c.steps.filter((s) => s.result === 'failed').map((s) => s.id);
    };
    expect(await failed({ ...entries[3]!, event: 'consent.revoked' }, good)).toContain('leaf');
    const flipped = good.path.map((h, i) => (i === 1 ? (h[0] === 'a' ? 'b' : 'a') + h.slice(1) : h));
    expect(await failed(entries[3], { ...good, path: flipped })).toEqual(['path', 'sth-root']);
    expect(await failed(entries[3], { ...good, path: good.path.slice(1) })).toContain('path');
    expect(await failed(entries[3], { ...good, path: [...good.path, good.path[0]!] })).toContain('path');
    expect(await failed(entries[3], { ...good, index: 2 })).toContain('path');
    expect(await failed(entries[3], { ...good, path: ['zz'] })).toContain('path');
    // A root the server claims but the STH does not sign.
    const sth = good.sth!;
    const otherRoot = createHash('sha256').update('x').digest('hex');
    expect(await failed(entries[3], { ...good, sth: { ...sth, rootHash: otherRoot } })).toEqual([
      'sth-root',
      'sth-signature',
    ]);
    const sig = Buffer.from(sth.signature, 'base64');
    sig[0] = sig[0]! ^ 1;
    expect(await failed(entries[3], { ...good, sth: { ...sth, signature: sig.toString('base64') } })).toEqual(
      ['sth-signature'],
    );
    expect(await failed(entries[3], { ...good, sth: null })).toEqual(['sth-root']);
  });

  it('refuses unknown keys, keys that do not match their id, and STHs dated after retirement', async () => {
    const { keys, proof, keyId } = makeLog(2);
    const sth = proof(1).sth!;
    expect(await checkSthSignature(sth, [])).toBe('unknown-key');
    const other = createPublicKey(generateKeyPairSync('ed25519').privateKey)
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(await checkSthSignature(sth, [{ ...keys[0]!, publicKeyPem: other }])).toBe('key-mismatch');
    const retired = new Date(sth.timestampMs - 3_600_000).toISOString();
    expect(await checkSthSignature(sth, [{ ...keys[0]!, retiredAt: retired }])).toBe(
      'signed-after-retirement',
    );
    expect(await checkSthSignature(sth, keys)).toBe('ok');
    expect(keyId).toMatch(/^ed25519-[0-9a-f]{16}$/);
  });

  it('rejects impossible indexes and sizes', async () => {
    const leaf = new Uint8Array(32);
    expect(await rootFromInclusionPath(leaf, 0, 0, [])).toBeNull();
    expect(await rootFromInclusionPath(leaf, 3, 3, [])).toBeNull();
    expect(await rootFromInclusionPath(leaf, -1, 3, [])).toBeNull();
    expect(await rootFromInclusionPath(leaf, 0, 1, [leaf])).toBeNull();
    expect(await rootFromInclusionPath(leaf, 0, 1, [])).toEqual(leaf);
  });
});
