import { createHash } from 'node:crypto';

// RFC 9162 §2.1 Merkle tree hashing, inclusion and consistency proofs, and their verifiers.
// Hashes are 32-byte Buffers; leaves are already hashed (leafHash) when they enter a tree.

const HASH_BYTES = 32;
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** SHA-256(0x00 || data): the hash of one leaf. */
export function leafHash(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** SHA-256(0x01 || left || right): an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) {
    throw new TypeError('Merkle node inputs must be 32-byte hashes');
  }
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The largest power of two strictly less than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/**
 * A Merkle tree over a growing list of leaf hashes. Complete subtrees never change in an append-only
 * log, so their hashes are memoized: proofs over a large log cost O(log n) hashes once warm.
 */
export class MerkleTree {
  readonly #leaves: Buffer[];
  readonly #perfect = new Map<string, Buffer>();

  constructor(leaves: Buffer[] = []) {
    for (const l of leaves) if (l.length !== HASH_BYTES) throw new TypeError('leaf hashes must be 32 bytes');
    this.#leaves = [...leaves];
  }

  get size(): number {
    return this.#leaves.length;
  }

  append(leaf: Buffer): void {
    if (leaf.length !== HASH_BYTES) throw new TypeError('leaf hashes must be 32 bytes');
    this.#leaves.push(leaf);
  }

  leaf(index: number): Buffer {
    const l = this.#leaves[index];
    if (!l) throw new RangeError(`no leaf ${index} in a tree of ${this.size}`);
    return l;
  }

  /** MTH of the first `size` leaves. */
  root(size: number = this.size): Buffer {
    this.#checkSize(size);
    return size === 0 ? EMPTY_ROOT : this.#mth(0, size);
  }

  /** RFC 9162 §2.1.3.1 PATH(index, D[0:size]), leaf level first. */
  inclusionProof(index: number, size: number = this.size): Buffer[] {
    this.#checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
    }
    return this.#path(index, 0, size);
  }

  /** RFC 9162 §2.1.4.1 PROOF(first, D[0:second]); empty when first is 0 or equals second. */
  consistencyProof(first: number, second: number = this.size): Buffer[] {
    this.#checkSize(second);
    if (!Number.isSafeInteger(first) || first < 0 || first > second) {
      throw new RangeError(`cannot prove size ${first} consistent with size ${second}`);
    }
    if (first === 0 || first === second) return [];
    return this.#subproof(first, 0, second, true);
  }

  #checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`tree size ${size} is out of range (the log has ${this.size} entries)`);
    }
  }

  #mth(start: number, n: number): Buffer {
    if (n === 1) return this.leaf(start);
    const key = isPowerOfTwo(n) ? `${start}/${n}` : null;
    if (key) {
      const hit = this.#perfect.get(key);
      if (hit) return hit;
    }
    const k = splitPoint(n);
    const h = nodeHash(this.#mth(start, k), this.#mth(start + k, n - k));
    if (key) this.#perfect.set(key, h);
    return h;
  }

  #path(m: number, start: number, n: number): Buffer[] {
    if (n === 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...this.#path(m, start, k), this.#mth(start + k, n - k)];
    return [...this.#path(m - k, start + k, n - k), this.#mth(start, k)];
  }

  #subproof(m: number, start: number, n: number, complete: boolean): Buffer[] {
    if (m === n) return complete ? [] : [this.#mth(start, n)];
    const k = splitPoint(n);
    if (m <= k) return [...this.#subproof(m, start, k, complete), this.#mth(start + k, n - k)];
    return [...this.#subproof(m - k, start + k, n - k, false), this.#mth(start, k)];
  }
}

const is32 = (b: unknown): b is Uint8Array => b instanceof Uint8Array && b.length === HASH_BYTES;
const equal = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** RFC 9162 §2.1.3.2: does `path` prove `leaf` is entry `index` of the tree with `root` and `size`? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!is32(leaf) || !is32(root) || !Array.isArray(path) || !path.every(is32)) return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  // BigInt-free bit twiddling: sizes stay below 2^53, so use division instead of 32-bit shifts.
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2: is the tree (`second`, `secondRoot`) an append-only extension of (`first`, `firstRoot`)? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  path: readonly Uint8Array[],
): boolean {
  if (!is32(firstRoot) || !is32(secondRoot) || !Array.isArray(path) || !path.every(is32)) return false;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second)
    return false;
  if (first === second) return path.length === 0 && equal(firstRoot, secondRoot);
  if (first === 0) return path.length === 0 && equal(firstRoot, EMPTY_ROOT);
  if (path.length === 0) return false;
  const c: Uint8Array[] = isPowerOfTwo(first) ? [firstRoot, ...path] : [...path];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = c[0]!;
  let sr: Uint8Array = c[0]!;
  for (const p of c.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(p, fr);
      sr = nodeHash(p, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
}

/**
 * The right edge of a tree: hashes of its complete subtrees, largest first (one per set bit of the
 * size). Enough to append a leaf and compute the new root in O(log n), without the other leaves.
 */
export function frontierAppend(frontier: readonly Buffer[], size: number, leaf: Buffer): Buffer[] {
  const next = [...frontier, leaf];
  for (let s = size; s % 2 === 1; s = Math.floor(s / 2)) {
    const right = next.pop()!;
    const left = next.pop()!;
    next.push(nodeHash(left, right));
  }
  return next;
}

/** MTH of the tree whose frontier this is (the complete subtrees folded right to left). */
export function frontierRoot(frontier: readonly Buffer[]): Buffer {
  if (frontier.length === 0) return EMPTY_ROOT;
  let h = frontier[frontier.length - 1]!;
  for (let i = frontier.length - 2; i >= 0; i--) h = nodeHash(frontier[i]!, h);
  return h;
}
