/**
 * The twin's LiveKit participant against the real app server (embedded SFU), with a real rtc-node
 * listener and the real Festival voice: join as an AGENT, speak with timeline and captions, interrupt,
 * re-join after removal, leave cleanly.
 */
import { createHash } from 'node:crypto';
import { ParticipantKind, TrackSource, dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineMessage, TimelineSegmentMessage } from '../../common/timeline.ts';
import {
  connectTwinParticipant,
  twinToken,
  TwinParticipantError,
  type TwinParticipant,
} from '../../server/agent/participant/index.ts';
import {
  FestivalTts,
  speakSentences,
  splitSentences,
  type SpeechSegment,
} from '../../server/speech/index.ts';
import { AgentListener } from '../helpers/agent-listener.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';
import { mintToken, waitFor } from '../helpers/sfu-server.ts';

/** RMS (int16) of Festival speech after Opus is far above this; digital silence decodes to ~0. */
const LOUD_RMS = 300;
const PERSONA = 'dana';
const TWIN = `twin-${PERSONA}`;

let srv: TestPodium;
let svc: RoomServiceClient;
let wsUrl: string;
const tts = new FestivalTts();
const log = pino({ level: process.env.AGENT_TEST_LOG ?? 'silent' });
const twins: TwinParticipant[] = [];
const listeners: AgentListener[] = [];

function ffiListenerCount(): number {
  const ffi = (globalThis as { _ffiClientInstance?: { listenerCount(e: string): number } })
    ._ffiClientInstance;
  return ffi?.listenerCount('ffi_event') ?? 0;
}

async function joinTwin(room: string, reconnectDelaysMs = [100, 200, 400]): Promise<TwinParticipant> {
  const { apiKey, apiSecret } = srv.config.media;
  const twin = await connectTwinParticipant({
    url: wsUrl,
    token: () => twinToken({ apiKey, apiSecret, roomName: room, personaId: PERSONA, name: "Dana's AI twin" }),
    log,
    reconnectDelaysMs,
  });
  twins.push(twin);
  return twin;
}

async function joinListener(room: string, identity = 'listener'): Promise<AgentListener> {
  const { apiKey, apiSecret } = srv.config.media;
  const token = await mintToken(identity, { roomJoin: true, room }, { apiKey, apiSecret });
  const l = await AgentListener.join(wsUrl, token);
  listeners.push(l);
  return l;
}

async function* segmentsOf(texts: string[], signal?: AbortSignal): AsyncGenerator<SpeechSegment> {
  yield* speakSentences(tts, texts, signal ? { signal } : {});
}

/** The utterance audio the twin should have sent: segments at their offsets, silence between. */
function expectedUtterancePcm(
  segs: Array<{ msg: TimelineSegmentMessage; pcm: Int16Array }>,
  durationMs: number,
) {
  const out = new Int16Array(Math.round(durationMs * 48));
  for (const s of segs) out.set(s.pcm, Math.round(s.msg.audioStartOffsetMs * 48));
  return out;
}

function sha256(pcm: Int16Array): string {
  return createHash('sha256')
    .update(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength))
    .digest('hex');
}

function loudMs(frames: Array<{ rms: number }>): number {
  return frames.filter((f) => f.rms > LOUD_RMS).length * 10;
}

/** RMS of each 10 ms window of `pcm` (what the listener's frames measure). */
function windowsRms(pcm: Int16Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 480 <= pcm.length; i += 480) {
    let sum = 0;
    for (let j = i; j < i + 480; j++) sum += pcm[j]! * pcm[j]!;
    out.push(Math.sqrt(sum / 480));
  }
  return out;
}

/**
 * Audio time (ms) from the first to the last loud 10 ms frame, counted in frames rather than arrival
 * times, so a loaded machine delivering frames in bursts does not change it.
 */
function loudSpanMs(rms: number[]): number {
  const first = rms.findIndex((r) => r > LOUD_RMS);
  if (first < 0) return 0;
  return (rms.findLastIndex((r) => r > LOUD_RMS) - first + 1) * 10;
}

/** Records each segment as it passes from the synthesizer to the twin. */
async function* recording(
  src: AsyncIterable<SpeechSegment>,
  into: SpeechSegment[],
): AsyncGenerator<SpeechSegment> {
  for await (const s of src) {
    into.push(s);
    yield s;
  }
}

beforeAll(async () => {
  expect(await tts.isAvailable()).toEqual({ ok: true });
  srv = await startTestServer();
  wsUrl = srv.url.replace(/^http/, 'ws');
  svc = new RoomServiceClient(srv.url, srv.config.media.apiKey, srv.config.media.apiSecret);
}, 60_000);

afterEach(async () => {
  for (const t of twins.splice(0)) await t.close().catch(() => undefined);
  for (const l of listeners.splice(0)) await l.leave();
});

afterAll(async () => {
  await tts.close();
  await srv?.close();
  await dispose();
});

describe('twin participant', () => {
  it('joins as an AGENT with the AI marker and a live lk.agent.state', async () => {
    const listener = await joinListener('agent-join');
    const twin = await joinTwin('agent-join');
    expect(twin.identity).toBe(TWIN);
    expect(twin.connected).toBe(true);
    const rp = await waitFor('the twin to appear', () => listener.room.remoteParticipants.get(TWIN));
    expect(rp.kind).toBe(ParticipantKind.AGENT);
    expect(rp.attributes).toMatchObject({
      'podium.ai': 'true',
      'podium.persona': PERSONA,
      'lk.agent.state': 'idle',
    });
    const pub = await waitFor('the voice track', () => [...rp.trackPublications.values()][0]);
    expect(pub.name).toBe('twin-voice');
    expect(pub.source).toBe(TrackSource.SOURCE_MICROPHONE);
    expect(rp.trackPublications.size).toBe(1);

    await twin.setState('thinking');
    await waitFor('thinking at the listener', () => rp.attributes['lk.agent.state'] === 'thinking');
    expect(rp.attributes['podium.ai']).toBe('true');
    await expect(twin.setState('dancing' as never)).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('speaks two Festival sentences: heard audio, ordered timeline, word-by-word captions', async () => {
    const listener = await joinListener('agent-speak');
    const twin = await joinTwin('agent-speak');
    await waitFor('the listener to subscribe', () => listener.subscriptions.some((s) => s.identity === TWIN));
    const texts = ['Welcome to the quarterly all hands.', 'Revenue grew 42 percent this year.'];
    const synthesized: SpeechSegment[] = [];
    let firstAudioAt = 0;
    const t0 = performance.now();
    const result = await twin.speak(recording(segmentsOf(texts), synthesized), {
      utteranceId: 'u-speak',
      onFirstAudio: (at) => (firstAudioAt = at),
    });
    expect(firstAudioAt).toBeGreaterThan(0);
    expect(result).toMatchObject({ utteranceId: 'u-speak', interrupted: false, segmentsPlayed: 2 });
    expect(result.heardUntilMs).toBe(result.durationMs);
    expect(result.spokenText).toBe(texts.join(' '));

    // Timeline: start, segment 0, segment 1, end, all from the twin, in order.
    await waitFor('the end message', () => listener.utterance('u-speak').some((m) => m.type === 'end'));
    const msgs = listener.utterance('u-speak');
    expect(msgs.map((m) => m.type)).toEqual(['start', 'segment', 'segment', 'end']);
    expect(
      listener.timeline.filter((t) => t.msg.utteranceId === 'u-speak').every((t) => t.from === TWIN),
    ).toBe(true);
    const [start, seg0, seg1, end] = msgs as [
      Extract<TimelineMessage, { type: 'start' }>,
      TimelineSegmentMessage,
      TimelineSegmentMessage,
      Extract<TimelineMessage, { type: 'end' }>,
    ];
    expect(start.sampleRateHz).toBe(48_000);
    expect(start.audioStartSample).toBeGreaterThan(0); // the track had been playing silence before
    expect([seg0.seq, seg1.seq]).toEqual([0, 1]);
    expect(seg0.audioStartOffsetMs).toBe(0);
    expect(seg0.durationMs).toBe(Math.round(synthesized[0]!.durationMs));
    expect(seg1.durationMs).toBe(Math.round(synthesized[1]!.durationMs));
    // Segment 1 follows segment 0 directly, or after silence while it was being synthesized.
    expect(seg1.audioStartOffsetMs).toBeGreaterThanOrEqual(
      seg0.audioStartOffsetMs + synthesized[0]!.durationMs - 1,
    );
    expect(end.durationMs).toBeCloseTo(seg1.audioStartOffsetMs + synthesized[1]!.durationMs, 0);
    expect(end.durationMs).toBe(result.durationMs);
    expect(seg0.words.map((w) => w.w)).toContain('Welcome');
    // The audit hash is over exactly the audio the timeline describes.
    const pcm = expectedUtterancePcm(
      [
        { msg: seg0, pcm: synthesized[0]!.pcm },
        { msg: seg1, pcm: synthesized[1]!.pcm },
      ],
      result.durationMs,
    );
    expect(result.audioSha256).toBe(sha256(pcm));

    // Audio: the listener heard speech, over as long as the utterance's audio is loud.
    await waitFor('the audio to go quiet after the speech', () => {
      const rms = listener.framesSince(TWIN, t0).map((f) => f.rms);
      const last = rms.findLastIndex((r) => r > LOUD_RMS);
      return last > 0 && rms.length - last > 50;
    });
    const received = listener.framesSince(TWIN, t0).map((f) => f.rms);
    expect(loudMs(received.map((rms) => ({ rms })))).toBeGreaterThan(1000);
    // Jitter buffers stretch or squeeze received audio a little on a loaded machine; 15% is far below
    // what a missing or repeated sentence would change.
    const expectedSpanMs = loudSpanMs(windowsRms(pcm));
    expect(Math.abs(loudSpanMs(received) - expectedSpanMs)).toBeLessThan(expectedSpanMs * 0.15);

    // Captions: per segment a delta stream with the words and a final stream with the heard text.
    const trackSid = listener.subscriptions.find((s) => s.identity === TWIN)!.trackSid;
    for (const [i, text] of texts.entries()) {
      const streams = await waitFor(`captions of segment ${i}`, () => {
        const c = listener.captionsFor(`u-speak-s${i}`);
        return c.length === 2 && c.every((x) => x.done) ? c : null;
      });
      const [delta, final] = streams as [(typeof streams)[0], (typeof streams)[0]];
      expect(delta.from).toBe(TWIN);
      expect(delta.attributes).toMatchObject({
        'lk.transcription_final': 'false',
        'lk.transcribed_track_id': trackSid,
      });
      expect(delta.text).toBe(text);
      expect(final.attributes).toMatchObject({
        'lk.transcription_final': 'true',
        'lk.transcribed_track_id': trackSid,
      });
      expect(final.text).toBe(text);
    }

    // State: speaking while audio played, then listening.
    const states = listener.attributeLog
      .filter((a) => a.identity === TWIN)
      .map((a) => a.attributes['lk.agent.state']);
    expect(states).toContain('speaking');
    await waitFor(
      'listening',
      () => listener.room.remoteParticipants.get(TWIN)?.attributes['lk.agent.state'] === 'listening',
    );
  });

  it('an interrupt stops the audio promptly and trims the final caption', async () => {
    const listener = await joinListener('agent-interrupt');
    const twin = await joinTwin('agent-interrupt');
    await waitFor('the listener to subscribe', () => listener.subscriptions.some((s) => s.identity === TWIN));
    const text =
      'Our plan for next year has three parts, and each of them matters a great deal to every team in the company. ' +
      'First we will invest in the product. Second we will grow the sales team. Third we will open an office in Lisbon.';
    const sentences = splitSentences(text).map((s) => s.text);
    const synthesized: SpeechSegment[] = [];
    const t0 = performance.now();
    const speaking = twin.speak(recording(segmentsOf(sentences), synthesized), { utteranceId: 'u-cut' });
    // Let the listener hear a good part of the first sentence, then cut.
    await waitFor(
      'a second of speech at the listener',
      () => listener.framesSince(TWIN, 0).filter((f) => f.rms > LOUD_RMS).length > 100,
      30_000,
    );
    const result = await twin.interrupt();
    expect(result).not.toBeNull();
    expect(await speaking).toEqual(result);
    expect(result!.interrupted).toBe(true);
    expect(result!.heardUntilMs).toBeGreaterThan(500);
    const remainingMs = result!.durationMs - result!.heardUntilMs;
    expect(remainingMs).toBeGreaterThan(1500); // the first sentence alone is long: lots was left unsaid
    expect(await twin.interrupt()).toBeNull();

    // Behaviour at the listener: the voice stops where the twin says it was cut (not a queue later,
    // not at the end of the sentence) and the track carries silence from then on.
    await waitFor('a second of silence after the cut', () => {
      const rms = listener.framesSince(TWIN, t0).map((f) => f.rms);
      const last = rms.findLastIndex((r) => r > LOUD_RMS);
      return last > 0 && rms.length - last > 100;
    });
    const received = listener.framesSince(TWIN, t0).map((f) => f.rms);
    const seg0 = synthesized[0]!;
    expect(result!.heardUntilMs).toBeLessThan(seg0.durationMs); // cut inside the first sentence
    const heardPcm = seg0.pcm.subarray(0, Math.round(result!.heardUntilMs * 48));
    const heardSpanMs = loudSpanMs(windowsRms(heardPcm));
    const fullSpanMs = loudSpanMs(windowsRms(seg0.pcm));
    expect(fullSpanMs - heardSpanMs).toBeGreaterThan(2000); // the sentence had far to go
    // The voice ended near the cut: nowhere near the end of the sentence (jitter buffers stretch a little).
    expect(loudSpanMs(received)).toBeGreaterThan(heardSpanMs * 0.7);
    expect(loudSpanMs(received)).toBeLessThan(heardSpanMs + (fullSpanMs - heardSpanMs) / 4);

    // Timeline: start, segment(s), interrupt at the heard position, never end.
    await waitFor('the interrupt message', () =>
      listener.utterance('u-cut').some((m) => m.type === 'interrupt'),
    );
    const msgs = listener.utterance('u-cut');
    expect(msgs[0]!.type).toBe('start');
    expect(msgs.some((m) => m.type === 'end')).toBe(false);
    expect(msgs.at(-1)).toEqual({
      v: 1,
      type: 'interrupt',
      utteranceId: 'u-cut',
      heardUntilMs: result!.heardUntilMs,
    });

    // Captions: segment 0's final caption is cut to the heard words.
    const streams = await waitFor('the final caption', () => {
      const c = listener.captionsFor('u-cut-s0');
      return c.find((x) => x.attributes['lk.transcription_final'] === 'true' && x.done);
    });
    const full = sentences[0]!;
    expect(streams.text.length).toBeGreaterThan(0);
    expect(streams.text.length).toBeLessThan(full.length);
    expect(full.startsWith(streams.text)).toBe(true);
    expect(result!.spokenText).toBe(streams.text);
    // What was streamed live never ran ahead of what was heard.
    const delta = listener
      .captionsFor('u-cut-s0')
      .find((x) => x.attributes['lk.transcription_final'] === 'false');
    expect(streams.text.startsWith(delta?.text.trim() ?? '')).toBe(true);
    await waitFor(
      'listening',
      () => listener.room.remoteParticipants.get(TWIN)?.attributes['lk.agent.state'] === 'listening',
    );
  });

  it('a new speak() preempts the current one, and an aborted signal interrupts', async () => {
    const listener = await joinListener('agent-preempt');
    const twin = await joinTwin('agent-preempt');
    const long = 'This first answer is long enough that it will still be playing when the next one arrives.';
    let firstAudio = false;
    const first = twin.speak(segmentsOf([long]), {
      utteranceId: 'u-first',
      onFirstAudio: () => (firstAudio = true),
    });
    await waitFor('the first answer to play', () => firstAudio);
    const ctrl = new AbortController();
    const second = twin.speak(
      segmentsOf(['Here is the second answer.', 'It goes on a little.'], ctrl.signal),
      {
        utteranceId: 'u-second',
        signal: ctrl.signal,
      },
    );
    const r1 = await first;
    expect(r1.interrupted).toBe(true);
    await waitFor('the second answer to start', () =>
      listener.utterance('u-second').some((m) => m.type === 'segment'),
    );
    ctrl.abort();
    const r2 = await second;
    expect(r2.interrupted).toBe(true);
    await waitFor(
      'both interrupts',
      () => listener.timeline.filter((t) => t.msg.type === 'interrupt').length === 2,
    );
    const order = listener.timeline.map((t) => `${t.msg.utteranceId}:${t.msg.type}`);
    expect(order.indexOf('u-first:interrupt')).toBeLessThan(order.indexOf('u-second:start'));
    await expect(twin.speak(segmentsOf(['x']), { utteranceId: 'bad id!' })).rejects.toBeInstanceOf(
      TwinParticipantError,
    );
  });

  it('comes back on its own after RemoveParticipant, with a fresh token and its voice', async () => {
    const listener = await joinListener('agent-rejoin');
    let tokens = 0;
    const { apiKey, apiSecret } = srv.config.media;
    const twin = await connectTwinParticipant({
      url: wsUrl,
      token: () => {
        tokens++;
        return twinToken({ apiKey, apiSecret, roomName: 'agent-rejoin', personaId: PERSONA, name: 'Dana' });
      },
      log,
      reconnectDelaysMs: [100, 200],
    });
    twins.push(twin);
    const events: string[] = [];
    twin.on('disconnected', () => events.push('disconnected'));
    twin.on('connected', () => events.push('connected'));
    await twin.setState('listening');
    await waitFor('the twin to appear', () => listener.room.remoteParticipants.get(TWIN));
    const ffiBefore = ffiListenerCount();

    await svc.removeParticipant('agent-rejoin', TWIN);
    await waitFor('the twin to re-join', () => events.join(',') === 'disconnected,connected', 30_000);
    expect(tokens).toBe(2);
    expect(twin.connected).toBe(true);
    expect(listener.leaves).toContain(TWIN);
    await waitFor('the listener to see it back', () => listener.joins.filter((j) => j === TWIN).length >= 1);
    const rp = await waitFor('the twin with its voice', () => {
      const p = listener.room.remoteParticipants.get(TWIN);
      return p && p.trackPublications.size === 1 ? p : null;
    });
    // The state it had is restored; the old room's FFI listener was released.
    await waitFor('state restored', () => rp.attributes['lk.agent.state'] === 'listening');
    expect(ffiListenerCount()).toBeLessThanOrEqual(ffiBefore);

    const t0 = performance.now();
    const r = await twin.speak(segmentsOf(['I am back.']), { utteranceId: 'u-back' });
    expect(r.interrupted).toBe(false);
    await waitFor(
      'the listener to hear it again',
      () => loudMs(listener.framesSince(TWIN, t0)) > 200,
      20_000,
    );
  });

  it('close() leaves no participant, listener or handle behind', async () => {
    const ffiBaseline = ffiListenerCount();
    const listener = await joinListener('agent-close');
    const withListener = ffiListenerCount();
    const twin = await joinTwin('agent-close');
    await waitFor('the twin to appear', () => listener.room.remoteParticipants.get(TWIN));
    const speaking = twin.speak(segmentsOf(['Closing while speaking is fine.']), { utteranceId: 'u-close' });
    await waitFor('speech', () => listener.utterance('u-close').length > 0);
    await twin.close();
    expect((await speaking).interrupted).toBe(true);
    expect(twin.connected).toBe(false);
    await twin.close(); // idempotent
    await expect(twin.speak(segmentsOf(['x']), { utteranceId: 'late' })).rejects.toMatchObject({
      code: 'closed',
    });
    await waitFor('the listener to see it leave', () => listener.leaves.includes(TWIN));
    const names = (await svc.listParticipants('agent-close')).map((p) => p.identity);
    expect(names).toEqual(['listener']);
    expect(ffiListenerCount()).toBe(withListener);
    await listener.leave();
    expect(ffiListenerCount()).toBe(ffiBaseline);
  });

  it('rejects a first join that LiveKit refuses', async () => {
    await expect(
      connectTwinParticipant({ url: wsUrl, token: async () => 'not-a-jwt', log }),
    ).rejects.toMatchObject({ code: 'connect_failed', retryable: true });
  });
});
