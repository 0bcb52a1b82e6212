import type { AuditVerifyReportDto } from '../../../common/governance.ts';
import { canonicalJson } from './canonical-json.ts';
import { frontierAppend, frontierRoot, leafHash } from './merkle.ts';
import { checkSth, isSthShape, type SthCheck, type VerificationKey } from './sth.ts';

/** One entry as found in an export line or a database row, not yet trusted. */
export interface LogItem {
  /** 1-based line of an export; null for database rows. */
  line: number | null;
  index: unknown;
  /** The parsed entry object; undefined when the line was not valid JSON (see `damaged`). */
  entry: unknown;
  /** Why the line could not be read, when it could not. */
  damaged?: string;
  /** The leaf hash recorded next to the entry, when there is one. */
  leafHash?: unknown;
  /** The tree head signed right after this entry was appended. */
  sth?: unknown;
}

export interface VerifyInput {
  items: readonly LogItem[];
  /** The final signed tree head; undefined when the export ends without one. */
  trailer: unknown;
  keys: ReadonlyMap<string, VerificationKey>;
  /** Describes where the log came from, for the "truncated" message. */
  source: 'export' | 'database';
  warnings?: string[];
}

const SIG_PROBLEM: Record<Exclude<SthCheck, 'ok'>, (keyId: string) => string> = {
  'unknown-key': (k) => `signed by an unknown key ${k}`,
  'bad-signature': (k) => `bad signature (key ${k})`,
  'signed-after-retirement': (k) => `signed with key ${k} after that key was retired`,
  malformed: () => 'malformed signed tree head',
};

/**
 * Checks a log entry by entry and stops at the FIRST problem: each entry must sit at its index, hash
 * to its recorded leaf hash, and extend the tree to exactly the root its signed tree head (STH)
 * signs; the final STH must be validly signed and cover every entry. Returns a report whose
 * `problem` names the entry (e.g. `entry 3: altered ...`).
 */
export function verifyLog(input: VerifyInput): AuditVerifyReportDto {
  const { items, keys } = input;
  const warnings = [...(input.warnings ?? [])];
  const fail = (problem: string, treeSize: number | null = null, rootHash: string | null = null) => ({
    ok: false,
    entries: items.length,
    treeSize,
    rootHash,
    problem,
    warnings,
  });
  const where = (item: LogItem, position: number) =>
    item.line !== null ? `line ${item.line}` : `row ${position}`;

  // Where each claimed index sits, to tell "missing" from "reordered".
  const positionOf = new Map<number, number>();
  items.forEach((item, p) => {
    if (Number.isSafeInteger(item.index) && !positionOf.has(item.index as number))
      positionOf.set(item.index as number, p);
  });

  let frontier: Buffer[] = [];
  let root = frontierRoot(frontier);
  for (let p = 0; p < items.length; p++) {
    const item = items[p]!;
    if (item.damaged !== undefined) {
      return fail(`entry ${p} (${where(item, p)}) is damaged: ${item.damaged}`);
    }
    if (item.index !== p) {
      const found = positionOf.get(p);
      if (found !== undefined && found > p) {
        return fail(
          `entry ${p} is out of order: it is at ${where(items[found]!, found)}, not ${where(item, p)}`,
        );
      }
      return fail(`entry ${p} is missing: ${where(item, p)} holds entry ${String(item.index)} instead`);
    }
    if (typeof item.entry !== 'object' || item.entry === null || Array.isArray(item.entry)) {
      return fail(`entry ${p} (${where(item, p)}) is altered: it is not a JSON object`);
    }
    let leaf: Buffer;
    try {
      leaf = leafHash(canonicalJson(item.entry));
    } catch (err) {
      return fail(`entry ${p} (${where(item, p)}) is altered: ${(err as Error).message}`);
    }
    if (item.leafHash !== undefined && item.leafHash !== leaf.toString('hex')) {
      return fail(`entry ${p} (${where(item, p)}) is altered: its content does not match its leaf hash`);
    }
    frontier = frontierAppend(frontier, p, leaf);
    root = frontierRoot(frontier);
    if (item.sth === undefined || item.sth === null) {
      return fail(`entry ${p} (${where(item, p)}): its signed tree head is missing`);
    }
    if (!isSthShape(item.sth))
      return fail(`entry ${p} (${where(item, p)}): its signed tree head is malformed`);
    const sth = item.sth;
    if (sth.treeSize !== p + 1) {
      return fail(
        `entry ${p} (${where(item, p)}): its signed tree head is for size ${sth.treeSize}, expected ${p + 1} (entries missing or reordered)`,
      );
    }
    const check = checkSth(sth, keys);
    if (check !== 'ok') return fail(`entry ${p} (${where(item, p)}): ${SIG_PROBLEM[check](sth.keyId)}`);
    if (sth.rootHash !== root.toString('hex')) {
      return fail(
        `entry ${p} (${where(item, p)}) is altered: the log up to it does not match the signed tree head for size ${p + 1}`,
      );
    }
  }

  const n = items.length;
  if (input.trailer === undefined) {
    return fail(
      input.source === 'export'
        ? `export is truncated: it ends ${n === 0 ? 'before any entry' : `after entry ${n - 1}`} without the final signed tree head`
        : 'the database has no signed tree head',
    );
  }
  if (!isSthShape(input.trailer)) return fail('signed tree head: malformed');
  const sth = input.trailer;
  const check = checkSth(sth, keys);
  if (check !== 'ok')
    return fail(`signed tree head: ${SIG_PROBLEM[check](sth.keyId)}`, sth.treeSize, sth.rootHash);
  if (sth.treeSize > n) {
    return fail(
      `entry ${n} is missing: the signed tree head covers ${sth.treeSize} entries but only ${n} are present (truncated)`,
      sth.treeSize,
      sth.rootHash,
    );
  }
  if (sth.treeSize < n) {
    return fail(
      `entries ${sth.treeSize} to ${n - 1} are not covered by the signed tree head (size ${sth.treeSize})`,
      sth.treeSize,
      sth.rootHash,
    );
  }
  if (sth.rootHash !== root.toString('hex')) {
    return fail('signed tree head: its root does not match the entries', sth.treeSize, sth.rootHash);
  }
  return { ok: true, entries: n, treeSize: sth.treeSize, rootHash: sth.rootHash, problem: null, warnings };
}
