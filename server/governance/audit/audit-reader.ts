import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type {
  AuditEntryDto,
  AuditPublicKeyDto,
  AuditVerifyReportDto,
  ConsistencyProofDto,
  InclusionProofDto,
  SignedTreeHeadDto,
} from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import { GovernanceError } from '../errors.ts';
import { canonicalJson } from './canonical-json.ts';
import { EXPORT_FORMAT, entryLine, trailerLine } from './export-format.ts';
import { EMPTY_ROOT, MerkleTree, leafHash } from './merkle.ts';
import { verificationKey, type VerificationKey } from './sth.ts';
import { verifyLog, type LogItem } from './verify.ts';

export type Db = Kysely<Database> | Transaction<Database>;
export interface PinnedKey {
  keyId: string;
  publicKeyPem: string;
}

const PAGE = 1_000;

interface SthRow {
  tree_size: number | null;
  root_hash: string | null;
  timestamp_ms: string | number | bigint | null;
  key_id: string | null;
  signature: string | null;
}

interface EntryRow extends SthRow {
  idx: number;
  entry_json: string;
  leaf_hash: string;
}

export function toSth(row: SthRow): SignedTreeHeadDto {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash ?? '',
    timestampMs: Number(row.timestamp_ms),
    keyId: row.key_id ?? '',
    signature: row.signature ?? '',
  };
}

/**
 * An entry's stored JSON, or, for a row edited into something that is not JSON, a `damaged` stand-in
 * that shows what is stored: reading the log must not fail on it, and its leaf hash will not match,
 * so verification (server, browser and CLI) names the entry.
 */
function storedEntry(json: string): Record<string, unknown> {
  try {
    const entry: unknown = JSON.parse(json);
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
      return entry as Record<string, unknown>;
    }
  } catch {
    // Reported below.
  }
  return { kind: 'damaged', damaged: 'stored content is not a JSON object', stored: json.slice(0, 2_000) };
}

function toEntryDto(row: EntryRow): AuditEntryDto {
  const entry = storedEntry(row.entry_json);
  return {
    index: row.idx,
    // Recomputed, not the stored column: a client verifying a proof checks the content it was shown.
    leafHash: leafHash(canonicalJson(entry)).toString('hex'),
    entry,
    sth: toSth(row),
  };
}

/**
 * Reading the audit log: entries, signed tree heads, inclusion and consistency proofs, full
 * verification and export. Needs no signing key (the audit CLI uses it on a database copy).
 */
export class AuditReader {
  protected readonly db: Kysely<Database>;
  protected readonly log: Logger;
  /** Leaf hashes of the committed prefix of the log, for proofs; grows on demand. */
  readonly #tree = new MerkleTree();

  constructor(db: Kysely<Database>, log: Logger) {
    this.db = db;
    this.log = log.child({ module: 'governance.audit' });
  }

  async treeSize(db: Db = this.db): Promise<number> {
    const head = await db
      .selectFrom('gov_audit_head')
      .select('tree_size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(head.tree_size);
  }

  /** The latest signed tree head, or null while the log is empty. */
  async latestSth(): Promise<SignedTreeHeadDto | null> {
    const size = await this.treeSize();
    if (size === 0) return null;
    const sth = await this.sthAt(size);
    if (!sth) throw new GovernanceError('audit_corrupt', `The signed tree head for size ${size} is missing`);
    return sth;
  }

  async sthAt(size: number): Promise<SignedTreeHeadDto | null> {
    const row = await this.db
      .selectFrom('gov_audit_sths')
      .selectAll()
      .where('tree_size', '=', size)
      .executeTakeFirst();
    return row ? toSth(row) : null;
  }

  /** Entry `index` with its leaf hash (recomputed from the stored content) and its tree head. */
  async getEntry(index: number): Promise<AuditEntryDto | null> {
    const row = (await this.#entryRows(index, 1))[0];
    return row && row.idx === index ? toEntryDto(row) : null;
  }

  /** A page of entries, oldest first. */
  async listEntries(from: number, limit: number): Promise<AuditEntryDto[]> {
    return (await this.#entryRows(from, limit)).map(toEntryDto);
  }

  #entryRows(from: number, limit: number, offset = 0): Promise<EntryRow[]> {
    return this.db
      .selectFrom('gov_audit_entries as e')
      .leftJoin('gov_audit_sths as s', (join) => join.on(sql<boolean>`s.tree_size = e.idx + 1`))
      .select([
        'e.idx',
        'e.entry_json',
        'e.leaf_hash',
        's.tree_size',
        's.root_hash',
        's.timestamp_ms',
        's.key_id',
        's.signature',
      ])
      .where('e.idx', '>=', from)
      .orderBy('e.idx')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async *#pages(): AsyncGenerator<EntryRow[]> {
    for (let offset = 0; ; offset += PAGE) {
      const rows = await this.#entryRows(0, PAGE, offset);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < PAGE) return;
    }
  }

  /** Brings the in-memory tree up to `size` committed leaves. */
  async #sync(size: number): Promise<void> {
    while (this.#tree.size < size) {
      const from = this.#tree.size;
      const rows = await this.db
        .selectFrom('gov_audit_entries')
        .select(['idx', 'leaf_hash'])
        .where('idx', '>=', from)
        .where('idx', '<', size)
        .orderBy('idx')
        .limit(PAGE * 10)
        .execute();
      for (const row of rows) {
        if (row.idx !== this.#tree.size) break;
        this.#tree.append(Buffer.from(row.leaf_hash, 'hex'));
      }
      if (this.#tree.size === from) {
        throw new GovernanceError('audit_corrupt', `Audit entry ${from} is missing from the database`);
      }
    }
  }

  async #checkRange(size: number | undefined): Promise<number> {
    const current = await this.treeSize();
    const n = size ?? current;
    if (!Number.isSafeInteger(n) || n < 0 || n > current) {
      throw new GovernanceError(
        'invalid_request',
        `Tree size ${n} is out of range: the log has ${current} entries`,
      );
    }
    await this.#sync(n);
    return n;
  }

  /** RFC 9162 inclusion proof of entry `index` in the tree of `size` entries (default: the latest). */
  async proveInclusion(index: number, size?: number): Promise<InclusionProofDto> {
    const n = await this.#checkRange(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= n) {
      throw new GovernanceError('invalid_request', `Entry ${index} is not in a tree of ${n} entries`);
    }
    return {
      index,
      treeSize: n,
      leafHash: this.#tree.leaf(index).toString('hex'),
      path: this.#tree.inclusionProof(index, n).map((h) => h.toString('hex')),
      rootHash: this.#tree.root(n).toString('hex'),
      sth: await this.sthAt(n),
    };
  }

  /** RFC 9162 consistency proof between the trees of `first` and `second` entries. */
  async proveConsistency(first: number, second?: number): Promise<ConsistencyProofDto> {
    const n = await this.#checkRange(second);
    if (!Number.isSafeInteger(first) || first < 0 || first > n) {
      throw new GovernanceError('invalid_request', `Cannot prove size ${first} consistent with size ${n}`);
    }
    return {
      first,
      second: n,
      firstRoot: this.#tree.root(first).toString('hex'),
      secondRoot: this.#tree.root(n).toString('hex'),
      path: this.#tree.consistencyProof(first, n).map((h) => h.toString('hex')),
    };
  }

  /** Every public key that signed (or signs) tree heads of this log. */
  async publicKeys(): Promise<AuditPublicKeyDto[]> {
    const rows = await this.db.selectFrom('gov_audit_keys').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({
      keyId: r.key_id,
      publicKeyPem: r.public_key_pem,
      createdAt: r.created_at.toISOString(),
      retiredAt: r.retired_at ? r.retired_at.toISOString() : null,
    }));
  }

  /**
   * Verification keys from the database; with `pinned` (e.g. DATA_DIR/audit-keys/*.pub), only the
   * database keys that match a pinned key are trusted.
   */
  async verificationKeys(
    pinned?: readonly PinnedKey[],
  ): Promise<{ keys: Map<string, VerificationKey>; warnings: string[] }> {
    const keys = new Map<string, VerificationKey>();
    const warnings: string[] = [];
    const pins = new Map((pinned ?? []).map((p) => [p.keyId, p.publicKeyPem.trim()]));
    for (const k of await this.publicKeys()) {
      if (pinned && pins.get(k.keyId) !== k.publicKeyPem.trim()) {
        warnings.push(`key ${k.keyId} in the database is not among the pinned public keys; not trusted`);
        continue;
      }
      try {
        keys.set(
          k.keyId,
          verificationKey(k.keyId, k.publicKeyPem, k.retiredAt ? Date.parse(k.retiredAt) : null),
        );
      } catch (err) {
        warnings.push(`key ${k.keyId} in the database is unusable: ${(err as Error).message}`);
      }
    }
    return { keys, warnings };
  }

  /**
   * Verifies the whole log as stored: each entry's content against its leaf hash, every prefix
   * against its signed tree head, and the latest head. Reports the first problem.
   */
  async verify(opts: { pinned?: readonly PinnedKey[] } = {}): Promise<AuditVerifyReportDto> {
    const { keys, warnings } = await this.verificationKeys(opts.pinned);
    const size = await this.treeSize();
    const items: LogItem[] = [];
    for await (const page of this.#pages()) {
      for (const row of page) {
        let entry: unknown;
        let damaged: string | undefined;
        try {
          entry = JSON.parse(row.entry_json);
        } catch {
          damaged = 'stored content is not valid JSON';
        }
        items.push({
          line: null,
          index: row.idx,
          entry,
          ...(damaged === undefined ? {} : { damaged }),
          leafHash: row.leaf_hash,
          sth: row.tree_size === null ? null : toSth(row),
        });
      }
    }
    if (size === 0 && items.length === 0) {
      return {
        ok: true,
        entries: 0,
        treeSize: 0,
        rootHash: EMPTY_ROOT.toString('hex'),
        problem: null,
        warnings,
      };
    }
    const trailer = (await this.sthAt(size)) ?? undefined;
    return verifyLog({ items, trailer, keys, source: 'database', warnings });
  }

  /** The export as JSON Lines: one line per entry, then the latest signed tree head with the public keys. */
  async *exportLines(): AsyncGenerator<string> {
    const sth = await this.latestSth();
    if (!sth) throw new GovernanceError('invalid_request', 'The audit log is empty: nothing to export');
    let count = 0;
    for await (const page of this.#pages()) {
      for (const row of page) {
        if (row.idx >= sth.treeSize) break;
        count++;
        yield `${entryLine({
          index: row.idx,
          leafHash: row.leaf_hash,
          entry: storedEntry(row.entry_json),
          sth: toSth(row),
        })}\n`;
      }
    }
    this.log.info({ entries: count, treeSize: sth.treeSize }, 'audit log exported');
    yield `${trailerLine({
      type: 'sth',
      format: EXPORT_FORMAT,
      sth,
      publicKeys: await this.publicKeys(),
      exportedAt: new Date().toISOString(),
    })}\n`;
  }
}
