/**
 * Q&A realtime end to end: a real Podium with its embedded SFU, people in the room as
 * @livekit/rtc-node participants joined with the tokens /api/join gave them. Changes arrive as
 * server-sent packets on `podium.qa.v1`; the stage controls change LiveKit permissions live.
 */
import { DisconnectReason, RoomEvent, dispose, type Room } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QA_TOPIC,
  acceptQaPacket,
  encodeQaEvent,
  type QaEvent,
  type QuestionView,
  type StageEntryDto,
  type SubmitQuestionResponse,
} from '../../common/qa.ts';
import { joinNode, publishSine, type SineTone } from '../helpers/sfu-rtc-node.ts';
import { waitFor } from '../helpers/sfu-server.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { createRoom, join, type Person } from './qa-helpers.ts';

interface Listener {
  person: Person;
  room: Room;
  /** Events accepted by the client rule (server-sent, on the Q&A topic). */
  events: QaEvent[];
  /** Every Q&A-topic packet as received, with who LiveKit says sent it. */
  raw: Array<{ from: string | undefined; text: string }>;
  disconnected: DisconnectReason | undefined;
}

let podium: TestPodium;
const rooms: Room[] = [];
const tones: SineTone[] = [];

beforeAll(async () => {
  podium = await startTestServer();
  await createRoom(podium, { id: 'town', kind: 'all-hands' });
});
afterAll(async () => {
  for (const t of tones) await t.stop();
  for (const r of rooms) await r.disconnect().catch(() => undefined);
  await podium?.close();
  await dispose();
});

async function listen(person: Person): Promise<Listener> {
  const room = await joinNode(person.livekit.url, person.livekit.token);
  rooms.push(room);
  const l: Listener = { person, room, events: [], raw: [], disconnected: undefined };
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    if (topic !== QA_TOPIC) return;
    l.raw.push({ from: participant?.identity, text: new TextDecoder().decode(payload) });
    const event = acceptQaPacket({ topic, participantIdentity: participant?.identity, payload });
    if (event) l.events.push(event);
  });
  room.on(RoomEvent.Disconnected, (reason) => (l.disconnected = reason));
  return l;
}

const about = (l: Listener, id: string) =>
  l.events.filter(
    (e) =>
      (e.type === 'question.upserted' && e.question.id === id) ||
      ((e.type === 'question.removed' || e.type === 'vote.changed') && e.id === id),
  );

describe('Q&A events through LiveKit', () => {
  let ada: Listener;
  let bob: Listener;
  let mo: Listener;
  let host: Person;

  beforeAll(async () => {
    ada = await listen(await join(podium, 'town', 'Ada'));
    bob = await listen(await join(podium, 'town', 'Bob Quiet'));
    mo = await listen(await join(podium, 'town', 'Mo', 'moderator'));
    host = await join(podium, 'town', 'Hana', 'host');
  });

  it('announce a pending question to staff and its author only, then the approved one to all', async () => {
    const res = await bob.person.call<SubmitQuestionResponse>('POST', '/api/rooms/town/questions', {
      text: 'Will the new office have bike parking?',
      anonymous: true,
    });
    expect(res.status).toBe(201);
    const id = res.body.question.id;
    await waitFor('the moderator to see the pending question', () => about(mo, id).length > 0);
    await waitFor('the author to see their own pending question', () => about(bob, id).length > 0);
    const pending = about(mo, id)[0];
    expect(pending).toMatchObject({
      type: 'question.upserted',
      roomId: 'town',
      question: { state: 'pending', author: null },
    });

    const approve = await mo.person.call<QuestionView>('POST', `/api/questions/${id}/approve`);
    expect(approve.status).toBe(200);
    await waitFor('the audience to see the approved question', () => about(ada, id).length > 0);
    // The room's packets arrive in order: had Ada been sent the pending one, she would have it first.
    expect(about(ada, id).map((e) => e.type === 'question.upserted' && e.question.state)).toEqual([
      'approved',
    ]);

    const vote = await ada.person.call<{ votes: number; seq: number }>('POST', `/api/questions/${id}/vote`);
    expect(vote.body.votes).toBe(1);
    for (const l of [ada, bob, mo]) {
      await waitFor(`${l.person.name} to see the vote`, () =>
        about(l, id).find((e) => e.type === 'vote.changed' && e.votes === 1),
      );
    }
    const change = about(mo, id).find((e) => e.type === 'vote.changed');
    expect(change?.seq).toBe(vote.body.seq);
    expect(change && change.seq > (pending?.seq ?? Infinity)).toBe(true);

    // Every Q&A packet came from the server, and none names the anonymous author.
    for (const l of [ada, bob, mo]) {
      expect(l.raw.every((p) => p.from === undefined)).toBe(true);
      for (const p of l.raw) {
        expect(p.text).not.toContain(bob.person.identity);
        expect(p.text).not.toContain('Quiet');
      }
    }
  });

  it('ignore a participant forging a Q&A packet', async () => {
    const forged = encodeQaEvent({
      v: 1,
      type: 'vote.changed',
      roomId: 'town',
      seq: 1e9,
      id: 'q_AAAAAAAAAAAA',
      votes: 999,
    });
    const before = mo.events.length;
    await ada.room.localParticipant!.publishData(forged, { reliable: true, topic: QA_TOPIC });
    await waitFor('the forged packet to arrive', () => mo.raw.find((p) => p.from === ada.person.identity));
    expect(mo.events.length).toBe(before);
  });

  it('announce raised hands, and promote, mute and demote through LiveKit permissions', async () => {
    const hand = await ada.person.call<StageEntryDto>('POST', '/api/rooms/town/hand', { raised: true });
    expect(hand.body.handRaised).toBe(true);
    await waitFor('the moderator to see the hand', () =>
      mo.events.find(
        (e) => e.type === 'stage.changed' && e.entry.identity === ada.person.identity && e.entry.handRaised,
      ),
    );

    // Listen-only in an all-hands: the SFU refuses Ada's microphone.
    await expect(publishSine(ada.room, 500)).rejects.toThrow();

    const up = await mo.person.call<StageEntryDto>('POST', `/api/rooms/town/stage/${ada.person.identity}`, {
      onStage: true,
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ onStage: true, handRaised: false });
    const adaTone = await publishSine(ada.room, 500);
    tones.push(adaTone);
    await waitFor(
      'the moderator to see Ada’s microphone',
      () => mo.room.remoteParticipants.get(ada.person.identity)?.trackPublications.size === 1,
    );

    let muted = false;
    mo.room.on(RoomEvent.TrackMuted, (_pub, p) => (muted ||= p.identity === ada.person.identity));
    const mute = await host.call<{ muted: string[] }>(
      'POST',
      `/api/rooms/town/participants/${ada.person.identity}/mute`,
    );
    expect(mute.status).toBe(200);
    expect(mute.body.muted).toEqual([adaTone.publication.sid]);
    await waitFor('everyone to see Ada muted', () => muted);
    expect(
      (await mo.person.call('POST', `/api/rooms/town/participants/${ada.person.identity}/mute`)).status,
    ).toBe(403);

    let unpublished = false;
    mo.room.on(RoomEvent.TrackUnpublished, (_pub, p) => (unpublished ||= p.identity === ada.person.identity));
    const down = await mo.person.call<StageEntryDto>('POST', `/api/rooms/town/stage/${ada.person.identity}`, {
      onStage: false,
    });
    expect(down.body.onStage).toBe(false);
    await waitFor('Ada’s microphone to be taken down', () => unpublished);
    const stage = await mo.person.call<{ entries: StageEntryDto[] }>('GET', '/api/rooms/town/stage');
    expect(stage.body.entries).toEqual([]);

    // Someone who never joined cannot be promoted.
    const ghost = await mo.person.call<{ error: { code: string } }>(
      'POST',
      '/api/rooms/town/stage/ghost-aaaaaa',
      { onStage: true },
    );
    expect(ghost.status).toBe(404);
    expect(ghost.body.error.code).toBe('participant_not_found');
  });

  it('mute-all mutes everyone but the host', async () => {
    const up = await mo.person.call('POST', `/api/rooms/town/stage/${bob.person.identity}`, {
      onStage: true,
    });
    expect(up.status).toBe(200);
    const t = await publishSine(bob.room, 700);
    tones.push(t);
    await waitFor(
      'Bob’s track to be published',
      () => mo.room.remoteParticipants.get(bob.person.identity)?.trackPublications.size === 1,
    );
    const all = await host.call<{ participants: number; muted: number }>('POST', '/api/rooms/town/mute-all');
    expect(all.status).toBe(200);
    expect(all.body.muted).toBeGreaterThanOrEqual(1);
    await waitFor('Bob’s track to be muted', () =>
      [...(mo.room.remoteParticipants.get(bob.person.identity)?.trackPublications.values() ?? [])].every(
        (p) => p.muted,
      ),
    );
  });

  it('removes a participant, then ends the session for everyone', async () => {
    const removed = await host.call('POST', `/api/rooms/town/participants/${bob.person.identity}/remove`);
    expect(removed.status).toBe(204);
    await waitFor('Bob to be disconnected', () => bob.disconnected !== undefined);
    expect(bob.disconnected).toBe(DisconnectReason.PARTICIPANT_REMOVED);

    const end = await host.call<{ ended: boolean; mediaClosed: boolean }>('POST', '/api/rooms/town/end');
    expect(end.body).toEqual(expect.objectContaining({ ended: true, mediaClosed: true }));
    // The announcement reaches people before the room is closed under them.
    for (const l of [ada, mo]) {
      await waitFor(`${l.person.name} to hear the session ended`, () =>
        l.events.find((e) => e.type === 'settings.changed' && e.settings.ended),
      );
    }
    await waitFor(
      'everyone to be disconnected',
      () => ada.disconnected !== undefined && mo.disconnected !== undefined,
    );
    expect((await ada.person.call('POST', '/api/rooms/town/questions', { text: 'Too late?' })).status).toBe(
      409,
    );
  });
});

describe('an unreachable LiveKit', () => {
  it('still persists every change and logs the failed announcement', async () => {
    const lines: Array<{ msg?: string; level?: string }> = [];
    const { Writable } = await import('node:stream');
    const offline = await startTestServer({
      env: {
        LIVEKIT_URL: 'ws://127.0.0.1:9',
        LIVEKIT_API_KEY: 'APIunreachable',
        LIVEKIT_API_SECRET: 'unreachable-livekit-secret-0123456789',
      },
      logDestination: new Writable({
        write(chunk: Buffer, _e, done) {
          for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l));
          done();
        },
      }),
    });
    try {
      await createRoom(offline, { id: 'dark', kind: 'meeting' });
      const p = await join(offline, 'dark', 'Pia');
      const res = await p.call<SubmitQuestionResponse>('POST', '/api/rooms/dark/questions', {
        text: 'Does this persist?',
      });
      expect(res.status).toBe(201);
      const vote = await p.call<{ votes: number }>('POST', `/api/questions/${res.body.question.id}/vote`);
      expect(vote.status).toBe(200);
      const listed = await p.call<{ questions: QuestionView[] }>('GET', '/api/rooms/dark/questions');
      expect(listed.body.questions.map((q) => [q.text, q.votes])).toEqual([['Does this persist?', 1]]);
      await waitFor('the failure to be logged', () =>
        lines.find((l) => l.msg === 'qa announce failed' && l.level === 'warn'),
      );
      // Hands are only data; promoting someone needs LiveKit, and says so.
      expect((await p.call('POST', '/api/rooms/dark/hand', { raised: true })).status).toBe(200);
      const host = await join(offline, 'dark', 'Hal', 'host');
      const stage = await host.call<{ error: { code: string; message: string } }>(
        'POST',
        `/api/rooms/dark/stage/${p.identity}`,
        { onStage: true },
      );
      expect(stage.status).toBe(503);
      expect(stage.body.error).toEqual({
        code: 'media_unavailable',
        message: 'The media server did not answer; try again shortly.',
      });
      expect(stage.headers.get('retry-after')).toBe('5');
    } finally {
      await offline.close();
    }
  });
});
