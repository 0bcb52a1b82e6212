import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAuditFixture, type AuditFixture } from '../testing/test-store.ts';
import { canonicalJson } from './canonical-json.ts';
import type { UtteranceInput } from './entry.ts';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.ts';

let fx: AuditFixture;
// Opening PGlite can take seconds on a busy machine.
beforeAll(async () => {
  fx = await openAuditFixture();
}, 60_000);
beforeEach(() => fx.reset());
afterAll(() => fx.close());

function utterance(n: number, extra: Partial<UtteranceInput> = {}): UtteranceInput {
  return {
    personaId: 'dana',
    roomId: 'town-hall',
    question: { text: `Question ${n}?`, questionId: `q${n}`, askedAt: '2026-03-01T10:00:00Z' },
    asker: { identity: `ada-${n}`, name: 'Ada', anonymous: false },
    decision: 'answer',
    reason: 'answered',
    spokenText: `Answer ${n}.`,
    citations: [
      {
        doc: 'hybrid-work.md',
        title: 'Hybrid work',
        date: '2026-02-01',
        quote: 'We work from the office on Tuesdays.',
        start: 10,
        end: 46,
        version: 2,
        hash: 'a'.repeat(64),
      },
    ],
    providers: { composer: { mode: 'extractive' }, tts: { provider: 'festival', voice: 'slt' } },
    ...extra,
  };
}

const unhex = (s: string) => Buffer.from(s, 'hex');

describe('AuditLog', () => {
  it('appends utterances with their index, the disclosure marker and a signed tree head', async () => {
    const first = await fx.audit.appendUtterance(utterance(0));
    const second = await fx.audit.appendUtterance(utterance(1));
    expect(first.index).toBe(0);
    expect(second.index).toBe(1);
    expect(second.sth.treeSize).toBe(2);
    const got = await fx.audit.getEntry(1);
    expect(got?.entry).toMatchObject({
      kind: 'utterance',
      ai_generated: true,
      audioSha256: null,
      decision: 'answer',
      versions: { podium: '0.0.0-test' },
    });
    expect(got?.leafHash).toBe(second.leafHash);
    expect(leafHash(canonicalJson(got!.entry)).toString('hex')).toBe(second.leafHash);
    expect(await fx.audit.latestSth()).toEqual(second.sth);
  });

  it('logs anonymous askers under a stable pseudonym, never their identity', async () => {
    const asker = { identity: 'secret-person-1', name: 'Secret', anonymous: true };
    const a = await fx.audit.appendUtterance(utterance(0, { asker }));
    const b = await fx.audit.appendUtterance(utterance(1, { asker }));
    const ea = (await fx.audit.getEntry(a.index))!.entry;
    const eb = (await fx.audit.getEntry(b.index))!.entry;
    expect(JSON.stringify(ea)).not.toContain('secret-person-1');
    expect(JSON.stringify(ea)).not.toContain('Secret');
    expect(ea.asker).toEqual(eb.asker);
    expect((ea.asker as { pseudonym: string }).pseudonym).toMatch(/^anon-[0-9a-f]{24}$/);
  });

  it('refuses invalid utterances with a message naming the field', async () => {
    await expect(
      fx.audit.appendUtterance({ ...utterance(0), decision: 'shout' as 'answer' }),
    ).rejects.toThrow(/decision/);
    expect(await fx.audit.treeSize()).toBe(0);
  });

  it('proves inclusion and consistency for every size', async () => {
    const results = [];
    for (let i = 0; i < 11; i++) results.push(await fx.audit.appendUtterance(utterance(i)));
    for (let n = 1; n <= 11; n++) {
      for (let i = 0; i < n; i++) {
        const p = await fx.audit.proveInclusion(i, n);
        expect(p.sth?.rootHash).toBe(p.rootHash);
        expect(
          verifyInclusion(
            unhex(results[i]!.leafHash),
            i,
            n,
            p.path.map(unhex),
            unhex(results[n - 1]!.sth.rootHash),
          ),
        ).toBe(true);
      }
      for (let m = 0; m <= n; m++) {
        const c = await fx.audit.proveConsistency(m, n);
        expect(verifyConsistency(m, n, unhex(c.firstRoot), unhex(c.secondRoot), c.path.map(unhex))).toBe(
          true,
        );
      }
    }
    await expect(fx.audit.proveInclusion(11, 11)).rejects.toThrow('Entry 11 is not in a tree of 11 entries');
    await expect(fx.audit.proveConsistency(3, 12)).rejects.toThrow('Tree size 12 is out of range');
  });

  it('serializes concurrent appends into distinct consecutive indexes', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => fx.audit.appendUtterance(utterance(i))),
    );
    expect(results.map((r) => r.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect((await fx.audit.verify()).ok).toBe(true);
  });

  it('verifies an intact log and names the first altered row', async () => {
    for (let i = 0; i < 6; i++) await fx.audit.appendUtterance(utterance(i));
    expect(await fx.audit.verify()).toMatchObject({ ok: true, entries: 6, treeSize: 6, problem: null });
    // Someone with database access rewrites what the twin said, and even fixes the leaf hash column.
    const row = await fx.store.db
      .selectFrom('gov_audit_entries')
      .selectAll()
      .where('idx', '=', 3)
      .executeTakeFirstOrThrow();
    const forged = row.entry_json.replace('Answer 3.', 'Something else.');
    await fx.store.db
      .updateTable('gov_audit_entries')
      .set({ entry_json: forged, leaf_hash: leafHash(forged).toString('hex') })
      .where('idx', '=', 3)
      .execute();
    const report = await fx.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problem).toBe(
      'entry 3 (row 3) is altered: the log up to it does not match the signed tree head for size 4',
    );
  });

  it('names a deleted row as missing', async () => {
    for (let i = 0; i < 5; i++) await fx.audit.appendUtterance(utterance(i));
    await sql`delete from gov_audit_entries where idx = 2`.execute(fx.store.db);
    expect((await fx.audit.verify()).problem).toBe('entry 2 is missing: row 2 holds entry 3 instead');
  });

  it('keeps verifying old tree heads after a key rotation', async () => {
    await fx.audit.appendUtterance(utterance(0));
    const before = fx.keys.current.keyId;
    const { retired, current } = await fx.audit.rotateKey('admin');
    expect(retired).toBe(before);
    expect(current).not.toBe(before);
    const after = await fx.audit.appendUtterance(utterance(1));
    expect(after.sth.keyId).toBe(current);
    const keys = await fx.audit.publicKeys();
    expect(keys.map((k) => k.keyId).sort()).toEqual([before, current].sort());
    expect(keys.find((k) => k.keyId === before)?.retiredAt).not.toBeNull();
    expect(
      fx.keys
        .publicKeys()
        .map((k) => k.keyId)
        .sort(),
    ).toEqual([before, current].sort());
    expect(await fx.audit.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('appends the audio hash as a new entry pointing at the utterance', async () => {
    const u = await fx.audit.appendUtterance(utterance(0));
    const a = await fx.audit.appendAudio({
      utteranceIndex: u.index,
      audioSha256: 'b'.repeat(64),
      durationMs: 1200,
    });
    expect((await fx.audit.getEntry(a.index))?.entry).toMatchObject({
      kind: 'utterance.audio',
      utteranceIndex: 0,
      audioSha256: 'b'.repeat(64),
    });
    await expect(
      fx.audit.appendAudio({ utteranceIndex: a.index, audioSha256: 'b'.repeat(64) }),
    ).rejects.toThrow('is not an utterance');
  });
});
