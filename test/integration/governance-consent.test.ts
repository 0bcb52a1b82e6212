import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentDecisionDto, ConsentRecordDto } from '../../common/governance.ts';
import type { ConsentChangedEvent } from '../../server/governance/index.ts';
import { admin, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
let signer: Call;
beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  signer = (await staffClient(podium, 'Leader office', ['consent'])).call;
});
afterAll(() => podium?.close());

const leader = { name: 'Dana Reyes', role: 'CEO' };
const delegate = { name: 'Rafael Alvarez', role: 'Head of Internal Communications' };

function consentBody(personaId: string, extra: Record<string, unknown> = {}) {
  return {
    personaId,
    grantedBy: leader,
    delegates: [delegate],
    signedBy: delegate,
    signedAt: '2026-01-10T09:00:00Z',
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2099-01-01T00:00:00Z',
    scope: { rooms: ['town-hall'], topics: ['*'], modalities: ['statements', 'voice'] },
    ...extra,
  };
}

const status = (personaId: string, query = '') =>
  signer<ConsentDecisionDto>('GET', `/consent/status?personaId=${personaId}${query}`);

describe('consent registry', () => {
  it('imports the demo persona’s consent.json on first start', async () => {
    const res = await signer<{ records: ConsentRecordDto[] }>('GET', '/consent?personaId=marisol-quennell');
    expect(res.body.records).toHaveLength(1);
    expect(res.body.records[0]).toMatchObject({
      source: 'consent.json',
      recordedBy: 'system',
      status: 'in-force',
    });
    expect((await status('marisol-quennell', '&room=town-hall&modality=likeness')).body.inForce).toBe(true);
    expect(podium.governance.consentImport.imported).toEqual(['marisol-quennell']);
  });

  it('records consent signed by a named delegate and decides by scope', async () => {
    const rec = await signer<ConsentRecordDto>('POST', '/consent', consentBody('dana-reyes'));
    expect(rec.status).toBe(201);
    expect(rec.body).toMatchObject({
      personaId: 'dana-reyes',
      signedBy: delegate,
      status: 'in-force',
      source: 'api',
    });
    expect(rec.body.recordedBy).toMatch(/^staff:st_\w+ \(Leader office\)$/);
    expect((await status('dana-reyes', '&room=town-hall&modality=voice')).body).toMatchObject({
      inForce: true,
      reason: 'in-force',
      recordId: rec.body.id,
    });
    expect((await status('dana-reyes', '&room=board&modality=voice')).body.reason).toBe('room-out-of-scope');
    expect((await status('dana-reyes', '&room=town-hall&modality=likeness')).body.reason).toBe(
      'modality-out-of-scope',
    );
    expect((await status('dana-reyes', '&at=2025-06-01T00:00:00Z')).body.reason).toBe('not-yet-valid');
    expect((await status('nobody-here')).body).toMatchObject({
      inForce: false,
      reason: 'no-consent-record',
      recordId: null,
    });
  });

  it('refuses signers who are neither the leader nor a delegate, and bad windows', async () => {
    const stranger = await signer(
      'POST',
      '/consent',
      consentBody('x-persona', { signedBy: { name: 'Mallory', role: 'Intern' } }),
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.error?.code).toBe('consent_signer_unknown');
    const window = await signer(
      'POST',
      '/consent',
      consentBody('x-persona', { validUntil: '2025-01-01T00:00:00Z' }),
    );
    expect(window.status).toBe(400);
    expect(window.body.error?.message).toContain('validUntil');
    const modality = await signer(
      'POST',
      '/consent',
      consentBody('x-persona', { scope: { rooms: ['*'], topics: ['*'], modalities: ['smell'] } }),
    );
    expect(modality.status).toBe(400);
    expect(modality.body.error?.message).toContain('scope.modalities');
    const notJson = await signer('POST', '/consent', '{"personaId":');
    expect(notJson.status).toBe(400);
    expect(
      (await signer<{ records: unknown[] }>('GET', '/consent?personaId=x-persona')).body.records,
    ).toHaveLength(0);
  });

  it('revocation flips consentInForce and fires consent.changed at once', async () => {
    const rec = await signer<ConsentRecordDto>('POST', '/consent', consentBody('revoke-me'));
    const gov = podium.governance;
    const watched: ConsentDecisionDto[] = [];
    const stop = gov.watchConsent({ personaId: 'revoke-me', room: 'town-hall', modality: 'voice' }, (d) =>
      watched.push(d),
    );
    await expect.poll(() => watched.length).toBe(1);
    expect(watched[0]?.inForce).toBe(true);

    const event = gov.events.once('consent.changed');
    const startedMs = Date.now();
    const revoked = await signer<ConsentRecordDto>('POST', `/consent/${rec.body.id}/revoke`, {
      revokedBy: leader,
      reason: 'Leader withdrew consent',
    });
    expect(revoked.status).toBe(200);
    const e: ConsentChangedEvent = await event;
    expect(Date.now() - startedMs).toBeLessThan(1_000);
    expect(e).toMatchObject({
      personaId: 'revoke-me',
      recordId: rec.body.id,
      change: 'revoked',
      inForce: false,
      reason: 'revoked',
    });
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revokedBy: leader,
      revokeReason: 'Leader withdrew consent',
    });
    expect((await status('revoke-me', '&room=town-hall&modality=voice')).body).toMatchObject({
      inForce: false,
      reason: 'revoked',
    });
    await expect.poll(() => watched.length).toBe(2);
    expect(watched[1]).toMatchObject({ inForce: false, reason: 'revoked' });
    stop();

    const again = await signer('POST', `/consent/${rec.body.id}/revoke`, {
      revokedBy: leader,
      reason: 'again',
    });
    expect(again.status).toBe(409);
    const stranger = await signer<ConsentRecordDto>('POST', '/consent', consentBody('revoke-me-2'));
    const bad = await signer('POST', `/consent/${stranger.body.id}/revoke`, {
      revokedBy: { name: 'Eve', role: 'x' },
      reason: 'r',
    });
    expect(bad.status).toBe(400);
    expect(
      (await signer('POST', '/consent/cs_nothing/revoke', { revokedBy: leader, reason: 'r' })).status,
    ).toBe(404);
  });

  it('expiry flips consentInForce and fires consent.changed within a second', async () => {
    const gov = podium.governance;
    const until = new Date(Date.now() + 1_500);
    const events: (ConsentChangedEvent & { receivedMs: number })[] = [];
    const off = gov.events.on('consent.changed', (e) => {
      if (e.personaId === 'expiring') events.push({ ...e, receivedMs: Date.now() });
    });
    const rec = await signer<ConsentRecordDto>(
      'POST',
      '/consent',
      consentBody('expiring', {
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validUntil: until.toISOString(),
      }),
    );
    expect(rec.body.status).toBe('in-force');
    expect((await status('expiring')).body.inForce).toBe(true);
    const expired = await gov.events.once('consent.changed', { signal: AbortSignal.timeout(10_000) });
    off();
    const expiry = events.find((e) => e.change === 'expired');
    expect(expiry, JSON.stringify(expired)).toBeDefined();
    expect(expiry).toMatchObject({ recordId: rec.body.id, inForce: false, reason: 'expired' });
    expect(expiry!.receivedMs - until.getTime()).toBeLessThan(1_000);
    expect(expiry!.receivedMs).toBeGreaterThanOrEqual(until.getTime());
    expect((await status('expiring')).body).toMatchObject({ inForce: false, reason: 'expired' });
    // The expiry is in the audit trail exactly once.
    await expect
      .poll(async () => {
        const rows = await podium.store.db
          .selectFrom('gov_audit_entries')
          .select('entry_json')
          .where('kind', '=', 'governance')
          .execute();
        return rows.filter(
          (r) => r.entry_json.includes('"consent.expired"') && r.entry_json.includes(rec.body.id),
        ).length;
      })
      .toBe(1);
  });

  it('logs every change in the audit trail', async () => {
    const rows = await podium.store.db
      .selectFrom('gov_audit_entries')
      .select('entry_json')
      .where('kind', '=', 'governance')
      .execute();
    const events = rows.map((r) => (JSON.parse(r.entry_json) as { event: string }).event);
    expect(events.filter((e) => e === 'consent.recorded').length).toBeGreaterThanOrEqual(5);
    expect(events).toContain('consent.revoked');
    expect((await admin(podium)<{ ok: boolean }>('GET', '/audit/verify')).body.ok).toBe(true);
  });
});
