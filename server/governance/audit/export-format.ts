import type {
  AuditPublicKeyDto,
  AuditVerifyReportDto,
  SignedTreeHeadDto,
} from '../../../common/governance.ts';
import { canonicalJson } from './canonical-json.ts';
import { verificationKey, type VerificationKey } from './sth.ts';
import { verifyLog, type LogItem } from './verify.ts';

// The export format (JSON Lines), documented in docs/governance.md:
//   {"entry":{...},"index":0,"leafHash":"<hex>","sth":{...}}      one line per entry, in order
//   {"format":"podium-audit-export/1","publicKeys":[...],"sth":{...},"type":"sth"}   last line

export const EXPORT_FORMAT = 'podium-audit-export/1';

export interface ExportLineEntry {
  index: number;
  leafHash: string;
  entry: Record<string, unknown>;
  sth: SignedTreeHeadDto;
}

export interface ExportTrailer {
  type: 'sth';
  format: typeof EXPORT_FORMAT;
  sth: SignedTreeHeadDto;
  publicKeys: AuditPublicKeyDto[];
  exportedAt: string;
}

export function entryLine(line: ExportLineEntry): string {
  return canonicalJson(line);
}

export function trailerLine(trailer: ExportTrailer): string {
  return canonicalJson(trailer);
}

export interface ParsedExport {
  items: LogItem[];
  /** The final STH; undefined when the file does not end with one. */
  trailer: unknown;
  /** Public keys carried by the export (by key id). */
  keys: Map<string, VerificationKey>;
  /** Structural problems found while reading, before any hashing (first one wins). */
  problem: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an export's text. Never throws: what cannot be read becomes a damaged item or a problem. */
export function parseExport(text: string): ParsedExport {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const items: LogItem[] = [];
  let trailer: unknown;
  const keys = new Map<string, VerificationKey>();
  let problem: string | null = null;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      // A cut-off last line is truncation (reported as such: no final tree head), not an entry.
      if (isLast) return;
      items.push({
        line: lineNo,
        index: items.length,
        entry: undefined,
        damaged: `not valid JSON (${(err as Error).message})`,
      });
      return;
    }
    if (isObject(value) && value.type === 'sth') {
      if (!isLast) {
        problem ??= `line ${lineNo}: a signed tree head line before the end of the export`;
        return;
      }
      trailer = value.sth;
      if (Array.isArray(value.publicKeys)) {
        for (const k of value.publicKeys) {
          if (!isObject(k) || typeof k.keyId !== 'string' || typeof k.publicKeyPem !== 'string') continue;
          const retired = typeof k.retiredAt === 'string' ? Date.parse(k.retiredAt) : null;
          try {
            keys.set(
              k.keyId,
              verificationKey(k.keyId, k.publicKeyPem, Number.isFinite(retired) ? retired : null),
            );
          } catch {
            problem ??= `signed tree head line: public key ${k.keyId} is not a valid Ed25519 key`;
          }
        }
      }
      return;
    }
    if (!isObject(value)) {
      items.push({ line: lineNo, index: items.length, entry: undefined, damaged: 'not a JSON object' });
      return;
    }
    items.push({
      line: lineNo,
      index: value.index,
      entry: value.entry,
      leafHash: value.leafHash,
      sth: value.sth,
    });
  });
  return { items, trailer, keys, problem };
}

/**
 * Verifies an export's text (see verifyLog). With `pinned` keys, only those are trusted and the
 * export's own keys must match them; without, the export's keys are used as they are (a warning
 * says so: a forger could re-sign a whole export with a key of their own).
 */
export function verifyExportText(
  text: string,
  opts: { pinned?: readonly { keyId: string; publicKeyPem: string }[] } = {},
): AuditVerifyReportDto {
  const parsed = parseExport(text);
  const warnings: string[] = [];
  let keys = parsed.keys;
  if (opts.pinned) {
    keys = new Map();
    for (const pin of opts.pinned) {
      try {
        keys.set(
          pin.keyId,
          verificationKey(pin.keyId, pin.publicKeyPem, parsed.keys.get(pin.keyId)?.retiredAtMs ?? null),
        );
      } catch (err) {
        warnings.push(`pinned key ${pin.keyId} is unusable: ${(err as Error).message}`);
      }
    }
    for (const id of parsed.keys.keys()) {
      if (!keys.has(id)) warnings.push(`the export carries key ${id}, which is not pinned; not trusted`);
    }
  } else {
    warnings.push(
      'keys were taken from the export itself; pin them (--keys DIR) to detect a re-signed export',
    );
  }
  if (parsed.trailer === undefined && keys.size === 0) {
    // The keys travel in the final line: without it (and without pinned keys) nothing can be checked.
    const n = parsed.items.length;
    return {
      ok: false,
      entries: n,
      treeSize: null,
      rootHash: null,
      problem: `export is truncated: it ends ${n === 0 ? 'before any entry' : `after entry ${n - 1}`} without the final signed tree head`,
      warnings,
    };
  }
  if (parsed.problem) {
    return {
      ok: false,
      entries: parsed.items.length,
      treeSize: null,
      rootHash: null,
      problem: parsed.problem,
      warnings,
    };
  }
  return verifyLog({ items: parsed.items, trailer: parsed.trailer, keys, source: 'export', warnings });
}
