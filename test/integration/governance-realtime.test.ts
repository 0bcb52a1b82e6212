/**
 * Governance announcements end to end: a real Podium with its embedded SFU and people in the room
 * as @livekit/rtc-node participants (tokens from /api/join). Control changes reach everyone on
 * `podium.control.v1`; a published follow-up reaches only the person who asked.
 */
import { RoomEvent, dispose, type Room } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTROL_TOPIC,
  FOLLOWUP_TOPIC,
  parseControlMessage,
  parseFollowupMessage,
  type ControlMessage,
  type FollowupDto,
  type FollowupPublishedMessage,
} from '../../common/governance.ts';
import { joinAs, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { joinNode } from '../helpers/sfu-rtc-node.ts';
import { waitFor } from '../helpers/sfu-server.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';

interface Listener {
  identity: string;
  room: Room;
  control: ControlMessage[];
  followups: FollowupPublishedMessage[];
  /** Governance-topic packets that claimed to come from a participant (must stay empty). */
  fromPeers: string[];
}

let podium: TestPodium;
let comms: Call;
let agent: Call;
const rooms: Room[] = [];

beforeAll(async () => {
  podium = await startTestServer();
  comms = (await staffClient(podium, 'Comms', ['comms'])).call;
  agent = (await staffClient(podium, 'Agent', ['agent'])).call;
});
afterAll(async () => {
  for (const r of rooms) await r.disconnect().catch(() => undefined);
  await podium?.close();
  await dispose();
});

async function listen(name: string): Promise<Listener> {
  const { join } = await joinAs(podium, 'attendee', name);
  const room = await joinNode(join.livekit.url, join.livekit.token);
  rooms.push(room);
  const l: Listener = { identity: join.session.identity, room, control: [], followups: [], fromPeers: [] };
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    if (topic !== CONTROL_TOPIC && topic !== FOLLOWUP_TOPIC) return;
    // Clients trust only server-sent packets: LiveKit reports no participant for those.
    if (participant) {
      l.fromPeers.push(participant.identity);
      return;
    }
    const control = topic === CONTROL_TOPIC ? parseControlMessage(payload) : null;
    if (control) l.control.push(control);
    const followup = topic === FOLLOWUP_TOPIC ? parseFollowupMessage(payload) : null;
    if (followup) l.followups.push(followup);
  });
  return l;
}

describe('governance announcements through LiveKit', () => {
  it('tells everyone in the room when the twin is paused, handed over or stopped', async () => {
    const ada = await listen('Ada');
    const bob = await listen('Bob');
    expect(
      (await comms('POST', '/control/rooms/town-hall/pause', { reason: 'technical issue' })).status,
    ).toBe(200);
    for (const l of [ada, bob]) {
      const m = await waitFor(`${l.identity} to hear the pause`, () => l.control.find((c) => c.paused));
      expect(m).toMatchObject({
        v: 1,
        type: 'twin.control',
        roomId: 'town-hall',
        paused: true,
        twinMayAnswer: false,
        reason: 'technical issue',
      });
    }
    await comms('POST', '/control/rooms/town-hall/resume');
    await comms('POST', '/control/rooms/town-hall/handover', { to: 'leader' });
    await comms('POST', '/control/kill', { reason: 'stop' });
    const last = await waitFor('the kill switch packet', () => ada.control.find((c) => c.killed));
    expect(last).toMatchObject({ killed: true, speaker: 'leader', twinMayAnswer: false });
    // Sequence numbers grow, so a client keeps the newest state whatever the arrival order.
    await waitFor('four control packets', () => ada.control.length >= 4);
    const seqs = ada.control.map((c) => c.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    await comms('POST', '/control/revive');
    await comms('POST', '/control/rooms/town-hall/handover', { to: 'twin' });
    await waitFor('the twin to hold the floor again', () => bob.control.at(-1)?.twinMayAnswer === true);
    expect(ada.fromPeers).toEqual([]);
    expect(bob.fromPeers).toEqual([]);
  });

  it('sends a published follow-up to the asker only', async () => {
    const asker = await listen('Carol Asker');
    const other = await listen('Dan Other');
    const intake = await agent<{ followup: FollowupDto }>('POST', '/intake', {
      roomId: 'town-hall',
      personaId: 'marisol-quennell',
      question: 'When do the new laptops arrive?',
      asker: { identity: asker.identity, name: null, anonymous: true },
      decision: 'decline',
      reason: 'no-approved-position',
    });
    const id = intake.body.followup.id;
    await comms('POST', `/followups/${id}/draft`, { text: 'In March.' });
    await comms('POST', `/followups/${id}/approve`, {});
    expect((await comms('POST', `/followups/${id}/publish`)).status).toBe(200);
    const got = await waitFor('the asker to be told', () => asker.followups[0]);
    expect(got).toMatchObject({
      followupId: id,
      question: 'When do the new laptops arrive?',
      answer: 'In March.',
      roomId: 'town-hall',
    });
    // Give a stray broadcast time to arrive before asserting it did not: a control change sent after
    // the follow-up reaches `other`, so anything sent before it would have arrived too.
    await comms('POST', '/control/rooms/town-hall/pause');
    await waitFor('the later control packet', () =>
      other.control.find((c) => c.paused && c.seq > 0 && !c.killed),
    );
    expect(other.followups).toEqual([]);
  });
});
