import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  MerkleTree,
  frontierAppend,
  frontierRoot,
  leafHash,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

// The Certificate Transparency reference data (RFC 6962 / RFC 9162 trees of 8 entries).
const CT_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const ct = new MerkleTree(CT_DATA.map((d) => leafHash(d)));

describe('RFC 9162 tree hashes', () => {
  it('hash the empty tree as SHA-256 of the empty string', () => {
    expect(hex(EMPTY_ROOT)).toBe(createHash('sha256').update('').digest('hex'));
    expect(hex(ct.root(0))).toBe(CT_ROOTS[0]);
  });

  it('match the reference roots for every size 0..8', () => {
    for (let n = 0; n <= 8; n++) expect(hex(ct.root(n)), `size ${n}`).toBe(CT_ROOTS[n]);
  });

  it('separate leaves from nodes (second-preimage resistance)', () => {
    const a = leafHash('a');
    const b = leafHash('b');
    expect(hex(nodeHash(a, b))).not.toBe(hex(leafHash(Buffer.concat([a, b]))));
    expect(() => nodeHash(a.subarray(1), b)).toThrow(TypeError);
  });

  it('match the reference inclusion proofs', () => {
    expect(ct.inclusionProof(0, 8).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(ct.inclusionProof(5, 8).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('match the reference consistency proofs', () => {
    expect(ct.consistencyProof(2, 8).map(hex)).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(ct.consistencyProof(6, 8).map(hex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });
});

// A tree of 70 leaves exercises every shape of the recursion (powers of two and ragged edges).
const N = 70;
const big = new MerkleTree(Array.from({ length: N }, (_, i) => leafHash(`entry ${i}`)));
const roots = Array.from({ length: N + 1 }, (_, n) => big.root(n));

describe('proofs over every tree size', () => {
  it('verify every inclusion proof and reject every mangled one', () => {
    for (let n = 1; n <= N; n++) {
      for (let i = 0; i < n; i++) {
        const proof = big.inclusionProof(i, n);
        expect(verifyInclusion(big.leaf(i), i, n, proof, roots[n]!), `${i}/${n}`).toBe(true);
        // Wrong leaf, wrong index, wrong size, wrong root.
        expect(verifyInclusion(big.leaf((i + 1) % N), i, n, proof, roots[n]!)).toBe(false);
        if (n > 1) expect(verifyInclusion(big.leaf(i), (i + 1) % n, n, proof, roots[n]!)).toBe(false);
        expect(verifyInclusion(big.leaf(i), i, n, proof, roots[n - 1]!)).toBe(false);
        if (proof.length === 0) continue;
        const flipped = proof.map((p) => Buffer.from(p));
        flipped[flipped.length - 1]![3]! ^= 0x10;
        expect(verifyInclusion(big.leaf(i), i, n, flipped, roots[n]!)).toBe(false);
        expect(verifyInclusion(big.leaf(i), i, n, proof.slice(0, -1), roots[n]!)).toBe(false);
        expect(verifyInclusion(big.leaf(i), i, n, [...proof, EMPTY_ROOT], roots[n]!)).toBe(false);
      }
    }
  });

  it('verify every consistency proof and reject every mangled one', () => {
    for (let n = 0; n <= N; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = big.consistencyProof(m, n);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof), `${m}->${n}`).toBe(true);
        if (m === n || m === 0) continue;
        expect(verifyConsistency(m, n, roots[m - 1]!, roots[n]!, proof)).toBe(false);
        expect(verifyConsistency(m, n, roots[m]!, roots[n - 1]!, proof)).toBe(false);
        const flipped = proof.map((p) => Buffer.from(p));
        flipped[0]![0]! ^= 0x80;
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, flipped)).toBe(false);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, [])).toBe(false);
      }
    }
  });

  it('refuse malformed input instead of throwing', () => {
    const proof = ct.inclusionProof(5, 8);
    const root8 = unhex(CT_ROOTS[8]!);
    expect(verifyInclusion(Buffer.alloc(31), 5, 8, proof, root8)).toBe(false);
    expect(verifyInclusion(ct.leaf(5), 8, 8, proof, root8)).toBe(false);
    expect(verifyInclusion(ct.leaf(5), -1, 8, proof, root8)).toBe(false);
    expect(verifyConsistency(8, 6, root8, root8, [])).toBe(false);
    expect(verifyConsistency(0, 8, EMPTY_ROOT, root8, [])).toBe(true);
    expect(verifyConsistency(0, 8, root8, root8, [])).toBe(false);
    expect(() => ct.inclusionProof(8, 8)).toThrow(RangeError);
    expect(() => ct.consistencyProof(5, 9)).toThrow(RangeError);
  });
});

describe('frontier', () => {
  it('gives the same root as the full tree after every append', () => {
    let frontier: Buffer[] = [];
    expect(hex(frontierRoot(frontier))).toBe(hex(EMPTY_ROOT));
    for (let n = 0; n < N; n++) {
      frontier = frontierAppend(frontier, n, big.leaf(n));
      expect(frontier).toHaveLength([...(n + 1).toString(2)].filter((b) => b === '1').length);
      expect(hex(frontierRoot(frontier)), `size ${n + 1}`).toBe(hex(roots[n + 1]!));
    }
  });
});
