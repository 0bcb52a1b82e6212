import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { EXPORT_FORMAT, entryLine, trailerLine, verifyExportText } from './export-format.ts';
import { frontierAppend, frontierRoot, leafHash } from './merkle.ts';
import { keyIdOf, signSth } from './sth.ts';

// A small export built in memory exactly as the server writes one.
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { keyId: keyIdOf(publicKey), privateKey };
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const pinned = [{ keyId: key.keyId, publicKeyPem }];

function buildExport(n: number): string[] {
  let frontier: Buffer[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const entry = {
      kind: 'governance',
      v: 1,
      event: 'test',
      actor: 'system',
      at: `2026-01-01T00:00:0${i % 10}Z`,
      subject: {},
      data: { i },
    };
    const leaf = leafHash(canonicalJson(entry));
    frontier = frontierAppend(frontier, i, leaf);
    lines.push(
      entryLine({
        index: i,
        leafHash: leaf.toString('hex'),
        entry,
        sth: signSth(key, i + 1, frontierRoot(frontier), 1_000 + i),
      }),
    );
  }
  lines.push(
    trailerLine({
      type: 'sth',
      format: EXPORT_FORMAT,
      sth: signSth(key, n, frontierRoot(frontier), 5_000),
      publicKeys: [{ keyId: key.keyId, publicKeyPem, createdAt: '2026-01-01T00:00:00Z', retiredAt: null }],
      exportedAt: '2026-01-02T00:00:00Z',
    }),
  );
  return lines;
}

const good = buildExport(7);
const check = (lines: string[]) => verifyExportText(`${lines.join('\n')}\n`, { pinned }).problem;

describe('verifyExportText', () => {
  it('accepts an intact export and reports its size and root', () => {
    const r = verifyExportText(`${good.join('\n')}\n`, { pinned });
    expect(r).toMatchObject({ ok: true, entries: 7, treeSize: 7, problem: null, warnings: [] });
    expect(verifyExportText(`${buildExport(0).join('\n')}\n`, { pinned }).ok).toBe(true);
  });

  it('warns when the keys come from the export itself', () => {
    expect(verifyExportText(good.join('\n')).warnings[0]).toContain('pin them');
  });

  it('names the first altered, damaged, missing or reordered entry', () => {
    const altered = [...good];
    altered[4] = altered[4]!.replace('"i":4', '"i":40');
    expect(check(altered)).toBe('entry 4 (line 5) is altered: its content does not match its leaf hash');
    const damaged = [...good];
    damaged[1] = damaged[1]!.slice(0, 20);
    expect(check(damaged)).toMatch(/^entry 1 \(line 2\) is damaged: not valid JSON/);
    expect(check(good.filter((_, i) => i !== 2))).toBe('entry 2 is missing: line 3 holds entry 3 instead');
    const swapped = [...good];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(check(swapped)).toBe('entry 1 is out of order: it is at line 3, not line 2');
    // Two problems: the first one is reported.
    const both = [...altered];
    both[6] = both[6]!.replace('"i":6', '"i":60');
    expect(check(both)).toMatch(/^entry 4 /);
  });

  it('detects truncation and signatures that do not verify', () => {
    expect(check(good.slice(0, -1))).toBe(
      'export is truncated: it ends after entry 6 without the final signed tree head',
    );
    expect(check([...good.slice(0, -2), good.at(-1)!])).toBe(
      'entry 6 is missing: the signed tree head covers 7 entries but only 6 are present (truncated)',
    );
    const badTrailer = JSON.parse(good.at(-1)!) as { sth: { signature: string } };
    badTrailer.sth.signature = Buffer.alloc(64, 1).toString('base64');
    expect(check([...good.slice(0, -1), JSON.stringify(badTrailer)])).toBe(
      `signed tree head: bad signature (key ${key.keyId})`,
    );
    const other = generateKeyPairSync('ed25519');
    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const r = verifyExportText(good.join('\n'), {
      pinned: [{ keyId: keyIdOf(other.publicKey), publicKeyPem: otherPem }],
    });
    expect(r.problem).toBe(`entry 0 (line 1): signed by an unknown key ${key.keyId}`);
    expect(r.warnings[0]).toContain('not pinned');
  });

  it('never throws on garbage', () => {
    for (const text of [
      '',
      '\n',
      'null\n',
      '[1,2]\n',
      '{"type":"sth"}\n',
      '{"type":"sth","sth":{}}\n',
      'x'.repeat(1000),
    ]) {
      const r = verifyExportText(text, { pinned });
      expect(r.ok, JSON.stringify(text)).toBe(false);
      expect(r.problem).toBeTruthy();
    }
  });
});
