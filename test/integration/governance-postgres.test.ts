/**
 * The audit log on every database this machine has (PGlite always, PostgreSQL when its binaries are
 * installed), including two app instances with their own signing keys appending to one database at
 * once: the head row lock must give every entry its own index and keep every tree head consistent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../server/config/index.ts';
import { openAuditFixture, type AuditFixture } from '../../server/governance/testing/test-store.ts';
import { findPostgresBin, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';

const pgBin = findPostgresBin();
const backends = ['pglite', ...(pgBin ? ['postgresql'] : [])] as const;

const utterance = (n: number, instance: string) => ({
  personaId: 'dana',
  roomId: 'town-hall',
  question: { text: `Question ${n} via ${instance}?` },
  decision: 'answer' as const,
  reason: 'answered',
  spokenText: `Answer ${n}.`,
  providers: { composer: { mode: 'extractive' as const } },
});

describe.each(backends)('audit log on %s', (backend) => {
  let postgres: TestPostgres | null = null;
  let a: AuditFixture;
  let b: AuditFixture;

  beforeAll(async () => {
    let config: DatabaseConfig = { kind: 'pglite', dir: 'memory://' };
    if (backend === 'postgresql') {
      postgres = await startTestPostgres(pgBin as string);
      config = { kind: 'postgres', url: postgres.url };
    }
    a = await openAuditFixture(config);
    // A second instance: its own connection pool (PostgreSQL) and its own signing key.
    b = await openAuditFixture(config);
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await postgres?.stop();
  });

  it('gives concurrent appends from two instances consecutive indexes and a verifiable log', async () => {
    // On PGlite each fixture has its own in-memory database, so only PostgreSQL shares one log.
    const shared = backend === 'postgresql';
    const writes = [
      ...Array.from({ length: 15 }, (_, i) => a.audit.appendUtterance(utterance(i, 'a'))),
      ...Array.from({ length: 15 }, (_, i) => (shared ? b : a).audit.appendUtterance(utterance(i, 'b'))),
    ];
    const results = await Promise.all(writes);
    expect(results.map((r) => r.index).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    const report = await a.audit.verify();
    expect(report).toMatchObject({ ok: true, entries: 30, treeSize: 30, problem: null });
    if (shared) {
      // Both instances' keys signed tree heads; both are registered and trusted.
      const keyIds = new Set(results.map((r) => r.sth.keyId));
      expect(keyIds).toEqual(new Set([a.keys.current.keyId, b.keys.current.keyId]));
      expect((await b.audit.verify()).ok).toBe(true);
      const proof = await b.audit.proveConsistency(10, 30);
      expect(proof.secondRoot).toBe((await a.audit.latestSth()).rootHash);
    }
  });

  it('rolls an append back with the change it belongs to', async () => {
    const before = await a.audit.treeSize();
    await expect(
      a.store.db.transaction().execute(async (t) => {
        await a.audit.appendTrail('test.event', 'system', {}, {}, t);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await a.audit.treeSize()).toBe(before);
    const after = await a.audit.appendTrail('test.event', 'system', {}, {});
    expect(after.index).toBe(before);
    expect((await a.audit.verify()).ok).toBe(true);
  });
});
