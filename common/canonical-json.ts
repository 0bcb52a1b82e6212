// Framework-free so the console can recompute audit leaf hashes in the browser; the server's audit log
// re-exports it (server/governance/audit/canonical-json.ts), so both hash the very same bytes.

/**
 * Canonical JSON (RFC 8785 JCS for the values this log uses): object keys sorted by UTF-16 code
 * units, no insignificant whitespace, strings and numbers as ECMAScript serializes them. The same
 * value always gives the same bytes, so a leaf hash survives re-formatting of an export.
 * `undefined` object members are omitted (as JSON.stringify does); anything else JSON cannot carry
 * faithfully (NaN, Infinity, bigint, functions, Dates, undefined in arrays) is a TypeError.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      // ES number serialization is JCS's; -0 is written as 0 by both.
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`${path}: a ${typeof value} has no JSON form`);
  }
  if (Array.isArray(value)) {
    return `[${value
      .map((item, i) => {
        if (item === undefined) throw new TypeError(`${path}[${i}]: undefined has no JSON form`);
        return write(item, `${path}[${i}]`);
      })
      .join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${path}: only plain objects are allowed (convert Dates to ISO strings)`);
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${path}.${k}`)}`).join(',')}}`;
}
