import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlOverviewDto, TwinControlStateDto } from '../../common/governance.ts';
import type { ControlChangedEvent } from '../../server/governance/index.ts';
import { admin, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

let podium: TestPodium;
let operator: Call;
let comms: Call;
beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  operator = (await staffClient(podium, 'Stage manager', ['control'])).call;
  comms = (await staffClient(podium, 'Comms lead', ['comms'])).call;
  await requestJson(podium.url, '/api/admin/rooms', {
    headers: podium.adminHeaders,
    body: { id: 'board', title: 'Board', kind: 'meeting' },
  });
});
afterAll(() => podium?.close());

type Changed = { state: TwinControlStateDto; changed: boolean };

describe('twin control', () => {
  it('starts with the twin holding the floor everywhere', async () => {
    const res = await operator<TwinControlStateDto>('GET', '/control/rooms/town-hall');
    expect(res.body).toMatchObject({
      roomId: 'town-hall',
      paused: false,
      speaker: 'twin',
      killed: false,
      twinMayAnswer: true,
    });
  });

  it('pauses and resumes one room, persisted, with an event per change', async () => {
    const seen: ControlChangedEvent[] = [];
    const off = podium.governance.events.on('control.changed', (e) => seen.push(e));
    const paused = await operator<Changed>('POST', '/control/rooms/town-hall/pause', {
      reason: 'fire drill',
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({
      changed: true,
      state: { paused: true, twinMayAnswer: false, reason: 'fire drill' },
    });
    // The event fired before the response was sent.
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ roomId: 'town-hall', change: 'paused', killed: false });
    expect(seen[0]?.actor).toMatch(/Stage manager/);

    // Other rooms are not affected; the state is read back from the database.
    expect((await operator<TwinControlStateDto>('GET', '/control/rooms/board')).body.twinMayAnswer).toBe(
      true,
    );
    expect((await podium.governance.control.state('town-hall')).paused).toBe(true);
    const row = await podium.store.db
      .selectFrom('gov_room_controls')
      .selectAll()
      .where('room_id', '=', 'town-hall')
      .executeTakeFirst();
    expect(row).toMatchObject({ paused: true, speaker: 'twin', reason: 'fire drill' });

    // Pausing twice changes nothing and emits nothing.
    const again = await operator<Changed>('POST', '/control/rooms/town-hall/pause');
    expect(again.body.changed).toBe(false);
    expect(seen).toHaveLength(1);

    const resumed = await operator<Changed>('POST', '/control/rooms/town-hall/resume');
    expect(resumed.body).toMatchObject({ changed: true, state: { paused: false, twinMayAnswer: true } });
    expect(resumed.body.state.seq).toBeGreaterThan(paused.body.state.seq);
    expect(seen.map((e) => e.change)).toEqual(['paused', 'resumed']);
    off();
  });

  it('hands the floor to the leader and back', async () => {
    const toLeader = await operator<Changed>('POST', '/control/rooms/board/handover', {
      to: 'leader',
      reason: 'CEO joins',
    });
    expect(toLeader.body.state).toMatchObject({ speaker: 'leader', paused: false, twinMayAnswer: false });
    const back = await operator<Changed>('POST', '/control/rooms/board/handover', { to: 'twin' });
    expect(back.body.state).toMatchObject({ speaker: 'twin', twinMayAnswer: true });
    const bad = await operator('POST', '/control/rooms/board/handover', { to: 'robot' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('to: must be "leader" or "twin"');
  });

  it('stops the twin everywhere with the kill switch until comms revives it', async () => {
    const events: ControlChangedEvent[] = [];
    const off = podium.governance.events.on('control.changed', (e) => events.push(e));
    const killed = await operator<{ global: { killed: boolean }; changed: boolean }>(
      'POST',
      '/control/kill',
      {
        reason: 'Emergency stop',
      },
    );
    expect(killed.body).toMatchObject({ changed: true, global: { killed: true } });
    expect(events[0]).toMatchObject({ roomId: null, change: 'killed', killed: true });
    expect(events[0]?.states.map((s) => s.roomId).sort()).toEqual(['board', 'town-hall']);
    expect(events[0]?.states.every((s) => !s.twinMayAnswer && s.killed)).toBe(true);

    const overview = await operator<ControlOverviewDto>('GET', '/control');
    expect(overview.body.global).toMatchObject({ killed: true, reason: 'Emergency stop' });
    expect(
      overview.body.rooms.every((r) => r.killed && !r.twinMayAnswer && r.reason === 'Emergency stop'),
    ).toBe(true);

    // Resuming a room does not override the kill switch; only comms or the admin may revive.
    await operator('POST', '/control/rooms/town-hall/resume');
    expect((await operator<TwinControlStateDto>('GET', '/control/rooms/town-hall')).body.twinMayAnswer).toBe(
      false,
    );
    expect((await operator('POST', '/control/revive')).status).toBe(403);
    const revived = await comms<{ global: { killed: boolean } }>('POST', '/control/revive', {
      reason: 'all clear',
    });
    expect(revived.body.global.killed).toBe(false);
    expect((await operator<TwinControlStateDto>('GET', '/control/rooms/town-hall')).body.twinMayAnswer).toBe(
      true,
    );
    expect(events.map((e) => e.change)).toEqual(['killed', 'revived']);
    off();
  });

  it('answers 404 for unknown rooms and 400 for bad input, without a trace in the log', async () => {
    const before = await podium.governance.audit.treeSize();
    expect((await operator('POST', '/control/rooms/nowhere/pause')).status).toBe(404);
    expect((await operator('POST', '/control/rooms/bad%20room/pause')).status).toBe(400);
    expect((await operator('POST', '/control/kill', { reason: 42 })).status).toBe(400);
    expect((await operator('POST', '/control/kill', 'not json')).status).toBe(400);
    expect(await podium.governance.audit.treeSize()).toBe(before);
  });

  it('logs every change in the audit trail', async () => {
    const rows = await podium.store.db
      .selectFrom('gov_audit_entries')
      .select('entry_json')
      .where('kind', '=', 'governance')
      .orderBy('idx')
      .execute();
    const events = rows
      .map((r) => (JSON.parse(r.entry_json) as { event: string }).event)
      .filter((e) => e.startsWith('control.'));
    expect(events).toEqual([
      'control.paused',
      'control.resumed',
      'control.handed-to-leader',
      'control.handed-to-twin',
      'control.killed',
      // The resume during the kill changed nothing (the room was not paused): not logged.
      'control.revived',
    ]);
    expect((await admin(podium)<{ ok: boolean }>('GET', '/audit/verify')).body.ok).toBe(true);
  });
});
