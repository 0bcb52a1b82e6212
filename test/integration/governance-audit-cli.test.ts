/**
 * `npm run audit` as a child process against a real server's data: export, verify an export, verify
 * the live database, and detect every kind of tampering (altered, damaged, missing, reordered,
 * truncated, bad signature, re-signed with another key) naming the FIRST bad entry.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, leafHash } from '../../server/governance/index.ts';
import { frontierAppend, frontierRoot } from '../../server/governance/audit/merkle.ts';
import { keyIdOf, signSth } from '../../server/governance/audit/sth.ts';
import { govClient } from '../../server/governance/testing/http.ts';
import { startPodium } from '../../server/server.ts';
import { TEST_ADMIN_SECRET } from '../helpers/server.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let dataDir: string;
let work: string;
let good: string;
let lines: string[];

async function audit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/audit.ts', ...args], {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Writes a variant of the good export and verifies it. */
async function verifyVariant(name: string, variant: string[] | string, ...opts: string[]) {
  const file = join(work, `${name}.jsonl`);
  writeFileSync(file, Array.isArray(variant) ? `${variant.join('\n')}\n` : variant);
  return audit('verify', file, ...opts);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'podium-audit-cli-'));
  work = mkdtempSync(join(tmpdir(), 'podium-audit-files-'));
  const podium = await startPodium(
    {
      PORT: '0',
      DATA_DIR: dataDir,
      ADMIN_SECRET: TEST_ADMIN_SECRET,
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
      PODIUM_MEDIA: 'none',
    },
    { print: () => undefined },
  );
  try {
    const admin = govClient(podium, { Authorization: `Bearer ${podium.adminSecret}` });
    const staff = await admin<{ token: string }>('POST', '/staff', { name: 'Agent', roles: ['agent'] });
    const agent = govClient(podium, { Authorization: `Bearer ${staff.body.token}` });
    for (let i = 0; i < 6; i++) {
      const res = await agent('POST', '/audit/utterances', {
        personaId: 'marisol-quennell',
        roomId: 'town-hall',
        question: { text: `Question number ${i}?` },
        asker: { identity: `person-${i}`, anonymous: i % 2 === 0 },
        decision: 'answer',
        reason: 'answered',
        spokenText: `Approved answer number ${i}.`,
        providers: {
          composer: { mode: 'extractive' },
          tts: { provider: 'festival', voice: 'cmu_us_slt_arctic_hts' },
        },
      });
      expect(res.status).toBe(201);
    }
    await admin('POST', '/control/rooms/town-hall/pause', { reason: 'test' });
    // A rotation in the middle: old tree heads must still verify with the retired key.
    expect((await admin('POST', '/audit/keys/rotate')).status).toBe(200);
    await admin('POST', '/control/rooms/town-hall/resume');
    const exported = await fetch(new URL('/api/governance/audit/export', podium.url), {
      headers: { Authorization: `Bearer ${podium.adminSecret}` },
    });
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    writeFileSync(join(work, 'http.jsonl'), await exported.text());
  } finally {
    await podium.close();
  }
  good = join(work, 'good.jsonl');
}, 120_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run audit', { timeout: 180_000 }, () => {
  it('verifies the live database and exports it', async () => {
    const live = await audit('verify');
    expect(live.stdout).toMatch(/^OK: the audit log in the database is intact: (\d+) entries/);
    expect(live.code).toBe(0);
    const exp = await audit('export', good);
    expect(exp.code, exp.stderr).toBe(0);
    lines = readFileSync(good, 'utf8').trimEnd().split('\n');
    // consent.json import + 6 utterances + 2 control changes + rotation + staff = 11 entries + the STH line.
    expect(lines.length).toBeGreaterThanOrEqual(11);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'sth', format: 'podium-audit-export/1' });
    expect(JSON.parse(lines.at(-1)!).publicKeys).toHaveLength(2);
    // The HTTP export holds the same entries.
    const http = readFileSync(join(work, 'http.jsonl'), 'utf8').trimEnd().split('\n');
    expect(http.slice(0, -1)).toEqual(lines.slice(0, -1));
  });

  it('accepts an intact export, with and without pinned keys', async () => {
    const plain = await audit('verify', good);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`intact: ${lines.length - 1} entries`);
    expect(plain.stderr).toContain('pin them');
    const pinned = await audit('verify', good, '--keys', join(dataDir, 'audit-keys'));
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).toBe('');
    // Reformatting a line (key order, spaces) changes nothing: leaves hash canonical JSON.
    const reformatted = [...lines];
    reformatted[2] = JSON.stringify(JSON.parse(reformatted[2]!), null, 0).replace('{', '{ ');
    expect((await verifyVariant('reformatted', reformatted)).code).toBe(0);
  });

  it('names an altered entry (a flipped byte in what the twin said)', async () => {
    const idx = lines.findIndex((l) => l.includes('Approved answer number 3.'));
    const v = [...lines];
    v[idx] = v[idx]!.replace('Approved answer number 3.', 'Approved answer number 8.');
    const r = await verifyVariant('altered', v);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAILED`);
    expect(r.stdout).toContain(`entry ${idx} (line ${idx + 1}) is altered`);
    // Even when the forger also fixes the leaf hash, the signed tree head catches it.
    const w = JSON.parse(v[idx]!) as { entry: unknown; leafHash: string };
    w.leafHash = leafHash(canonicalJson(w.entry)).toString('hex');
    v[idx] = JSON.stringify(w);
    const r2 = await verifyVariant('altered-rehashed', v);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain(
      `entry ${idx} (line ${idx + 1}) is altered: the log up to it does not match the signed tree head for size ${idx + 1}`,
    );
  });

  it('names a damaged line (a flipped byte that breaks the JSON)', async () => {
    const v = [...lines];
    v[2] = v[2]!.replace('{', '[');
    const r = await verifyVariant('damaged', v);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('entry 2 (line 3) is damaged: not valid JSON');
  });

  it('names a deleted entry as missing', async () => {
    const v = lines.filter((_, i) => i !== 4);
    const r = await verifyVariant('deleted', v);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('entry 4 is missing: line 5 holds entry 5 instead');
  });

  it('names two swapped entries as reordered', async () => {
    const v = [...lines];
    [v[3], v[5]] = [v[5]!, v[3]!];
    const r = await verifyVariant('swapped', v);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('entry 3 is out of order: it is at line 6, not line 4');
    // Swapped with their index fields too: the content no longer matches the signed tree heads.
    const w = [...lines];
    const a = JSON.parse(w[3]!) as { index: number };
    const b = JSON.parse(w[5]!) as { index: number };
    [a.index, b.index] = [b.index, a.index];
    [w[3], w[5]] = [JSON.stringify(b), JSON.stringify(a)];
    const r2 = await verifyVariant('swapped-renumbered', w);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/entry 3 \(line 4\)/);
  });

  it('detects truncation, with or without the final tree head', async () => {
    const noTrailer = await verifyVariant('no-trailer', lines.slice(0, -1));
    expect(noTrailer.code).toBe(1);
    expect(noTrailer.stdout).toContain(
      `export is truncated: it ends after entry ${lines.length - 2} without the final signed tree head`,
    );
    const lastEntryGone = await verifyVariant('last-entry-gone', [...lines.slice(0, -2), lines.at(-1)!]);
    expect(lastEntryGone.code).toBe(1);
    expect(lastEntryGone.stdout).toContain(
      `entry ${lines.length - 2} is missing: the signed tree head covers ${lines.length - 1} entries`,
    );
    const cut = await verifyVariant('cut', `${lines.join('\n')}\n`.slice(0, -40));
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/truncated/);
  });

  it('detects a bad signature on the final tree head and on an entry’s tree head', async () => {
    const flipSig = (line: string, path: (o: Record<string, unknown>) => { signature: string }) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      const sth = path(o);
      const sig = Buffer.from(sth.signature, 'base64');
      sig[10]! ^= 0x01;
      sth.signature = sig.toString('base64');
      return JSON.stringify(o);
    };
    const v = [...lines];
    v[v.length - 1] = flipSig(v.at(-1)!, (o) => o.sth as { signature: string });
    const r = await verifyVariant('bad-trailer-sig', v);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/signed tree head: bad signature \(key ed25519-[0-9a-f]{16}\)/);
    const w = [...lines];
    w[5] = flipSig(w[5]!, (o) => o.sth as { signature: string });
    const r2 = await verifyVariant('bad-entry-sig', w);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/entry 5 \(line 6\): bad signature \(key ed25519-/);
  });

  it('detects a log re-signed with a forger’s key when the keys are pinned', async () => {
    // The forger rewrites entry 1 and re-signs every tree head with a key of their own.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = { keyId: keyIdOf(publicKey), privateKey };
    let frontier: Buffer[] = [];
    const forged = lines.slice(0, -1).map((line, i) => {
      const o = JSON.parse(line) as { entry: Record<string, unknown>; leafHash: string; sth: unknown };
      if (i === 1) o.entry = { ...o.entry, spokenText: 'Something the leader never approved.' };
      const leaf = leafHash(canonicalJson(o.entry));
      frontier = frontierAppend(frontier, i, leaf);
      o.leafHash = leaf.toString('hex');
      o.sth = signSth(key, i + 1, frontierRoot(frontier), Date.now());
      return JSON.stringify(o);
    });
    const trailer = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    trailer.sth = signSth(key, forged.length, frontierRoot(frontier), Date.now());
    trailer.publicKeys = [
      {
        keyId: key.keyId,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        createdAt: '',
        retiredAt: null,
      },
    ];
    const v = [...forged, JSON.stringify(trailer)];
    // Self-consistent: only pinning the server's keys reveals it.
    expect((await verifyVariant('forged', v)).code).toBe(0);
    const pinned = await verifyVariant('forged-pinned', v, '--keys', join(dataDir, 'audit-keys'));
    expect(pinned.code).toBe(1);
    expect(pinned.stdout).toContain(`entry 0 (line 1): signed by an unknown key ${key.keyId}`);
  });

  it('names an entry altered in the live database', async () => {
    const db = await PGlite.create(join(dataDir, 'db'));
    try {
      const { rows } = await db.query<{ idx: number }>(
        `update gov_audit_entries set entry_json = replace(entry_json, 'Approved answer number 2.', 'Altered.')
         where entry_json like '%Approved answer number 2.%' returning idx`,
      );
      expect(rows).toHaveLength(1);
      const idx = rows[0]!.idx;
      await db.close();
      const r = await audit('verify');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        `FAILED: the audit log in the database: entry ${idx} (row ${idx}) is altered`,
      );
    } finally {
      if (!db.closed) await db.close();
    }
  });

  it('explains usage and I/O errors with exit status 2', async () => {
    const none = await audit();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: npm run audit');
    const missing = await audit('verify', join(work, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect((await audit('export')).code).toBe(2);
    expect((await audit('verify', good, '--keys', work)).stderr).toContain('no public keys');
  });
});
