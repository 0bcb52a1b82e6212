/**
 * Twin benchmark: how fast the twin starts speaking, as a listener hears it, and how well its face
 * keeps time with its voice in a real browser.
 *
 * - A Podium server in this process (embedded SFU, PGlite, the twin with Festival), a host, askers, and
 *   an @livekit/rtc-node listener that decodes the twin's audio.
 * - For each question: t0 = the host's "ask the twin" request accepted; `first_audio_published` = the
 *   twin hands its first audio frame to its track; `first_audio_received` = the listener decodes the
 *   first audible frame (above −50 dBFS; the track carries digital silence between answers). A new
 *   question preempts the one being spoken (as in a live room).
 * - As in a moderated room, the host approves a question and sends it live a moment later (here:
 *   once the previous answer has stopped), so the twin has prepared it ahead. The `cold` figures
 *   send each question live right after approving it, so the brain and the synthesizer run after
 *   the request: the twin's latency when nothing could be prepared.
 * - A/V: headless Chromium joins the room and reports, on its own clock, when the avatar's mouth opens
 *   and when the received audio starts (onsets), through the room's test hook.
 * - Festival's real-time factor on the answers' sentences.
 *
 * Progress on stderr; the last stdout line is the JSON result.
 *   node --import tsx scripts/bench-twin.ts [--questions 20]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioStream, Room, RoomEvent, TrackKind, type RemoteTrack } from '@livekit/rtc-node';
import type { JoinResponse } from '../common/api.ts';
import type { SubmitQuestionResponse } from '../common/qa.ts';
import { TWIN_IDENTITY_PREFIX } from '../common/roles.ts';
import type { TwinSpeechEvent } from '../server/agent/index.ts';
import { startPodium } from '../server/server.ts';
import { FestivalTts, splitSentences } from '../server/speech/index.ts';
import { measureAvOffset, type AvOffsetResult } from './bench-twin-av.ts';
import { numberArg as arg, log, percentile, round1, sleep } from './bench-kit.ts';

const ROOM = 'town-hall';
const PERSONA = 'marisol-quennell';
const TWIN = `${TWIN_IDENTITY_PREFIX}${PERSONA}`;
/** RMS of an int16 frame above which the listener counts it as the twin speaking: −50 dBFS. */
const AUDIBLE_RMS = 32768 * 10 ** (-50 / 20);

interface Person {
  cookie: string;
  livekit: { url: string; token: string };
}

async function joinRoom(base: string, name: string, invite?: string): Promise<Person> {
  const res = await fetch(new URL('/api/join', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomId: ROOM, name, ...(invite ? { invite } : {}) }),
  });
  if (!res.ok) throw new Error(`join failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as JoinResponse;
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('podium_session='))
    ?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return { cookie, livekit: body.livekit };
}

async function call<T>(base: string, who: { cookie?: string; auth?: string }, path: string, body?: unknown) {
  const res = await fetch(new URL(path, base), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(who.cookie ? { cookie: who.cookie } : {}),
      ...(who.auth ? { authorization: who.auth } : {}),
    },
    body: JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The first audible frame the listener decodes from the twin, after a given time. */
class Ear {
  #frames: number[] = [];
  constructor(room: Room) {
    room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant) => {
      if (track.kind === TrackKind.KIND_AUDIO && participant.identity === TWIN) void this.#read(track);
    });
  }
  async #read(track: RemoteTrack): Promise<void> {
    const reader = new AudioStream(track, 48_000, 1).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        let sum = 0;
        for (const v of value.data) sum += v * v;
        if (Math.sqrt(sum / Math.max(1, value.data.length)) > AUDIBLE_RMS) this.#frames.push(Date.now());
        if (this.#frames.length > 20_000) this.#frames.splice(0, 10_000);
      }
    } catch {
      /* track gone */
    }
  }
  /** When the last audible frame arrived (0: never). */
  lastLoud(): number {
    return this.#frames.at(-1) ?? 0;
  }
  firstAfter(t: number): number | null {
    return this.#frames.find((x) => x >= t) ?? null;
  }
}

function answerableQuestions(n: number, category = 'answerable'): string[] {
  const lines = readFileSync(new URL('../test/eval/demo-cases.jsonl', import.meta.url), 'utf8').split('\n');
  const qs = lines
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { question: string; category: string; expect: string })
    .filter((c) => c.category === category && c.expect === 'answer')
    .map((c) => c.question);
  return Array.from({ length: n }, (_, i) => qs[i % qs.length] as string);
}

async function main(): Promise<void> {
  const count = arg('questions', 20);
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-twin-'));
  const podium = await startPodium(
    { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test', PODIUM_TWIN: PERSONA },
    { print: () => undefined, clientDir: join(process.cwd(), 'dist', 'client') },
  );
  const base = podium.url;
  const admin = { auth: `Bearer ${podium.adminSecret}` };
  let listener: Room | null = null;
  try {
    const invite = await call<{ token: string }>(base, admin, `/api/admin/rooms/${ROOM}/invites`, {
      role: 'host',
    });
    const host = await joinRoom(base, 'Bench Host', invite.token);
    const runtime = await podium.twin();
    if (!runtime) throw new Error('the twin runtime did not start');
    const published = new Map<string, number>();
    runtime.onSpeech((e: TwinSpeechEvent) => {
      if (e.type === 'first-audio' && e.questionId) published.set(e.questionId, e.atMs);
    });
    const ear = await joinRoom(base, 'Bench Listener');
    listener = new Room();
    const heard = new Ear(listener);
    await listener.connect(ear.livekit.url, ear.livekit.token, { autoSubscribe: true, dynacast: false });
    for (let i = 0; i < 200 && !listener.remoteParticipants.has(TWIN); i++) await sleep(100);
    if (!listener.remoteParticipants.has(TWIN)) throw new Error('the twin did not join');
    await sleep(1_000);

    const coldCount = Math.max(2, Math.ceil(count / 2));
    // One person may ask five questions a minute: each asker asks at most five.
    const askers = await Promise.all(
      Array.from({ length: Math.ceil((count + coldCount + 2) / 5) + 1 }, (_, i) =>
        joinRoom(base, `Asker ${i}`),
      ),
    );
    let asked = 0;
    // Every question is asked once: a repeat would be merged into the first as a duplicate.
    const questions = answerableQuestions(count + coldCount + 2);
    /** Asks `texts` one by one; returns published and received ms (the first question is a warm-up). */
    const series = async (label: string, texts: readonly string[], leadTime: boolean) => {
      const publishedMs: number[] = [];
      const receivedMs: number[] = [];
      for (const [i, text] of texts.entries()) {
        const asker = askers[Math.floor(asked++ / 5)] as Person;
        const sub = await call<SubmitQuestionResponse>(base, asker, `/api/rooms/${ROOM}/questions`, { text });
        if (sub.duplicate) {
          log(`${label} question ${i}: skipped, a duplicate of an earlier question (${text})`);
          continue;
        }
        const id = sub.question.id;
        if (!leadTime) await waitForSilence();
        await call(base, host, `/api/questions/${id}/approve`);
        if (leadTime) await waitForSilence();
        const t0 = Date.now();
        await call(base, host, `/api/questions/${id}/live`, { target: 'twin' });
        let got: number | null = null;
        for (let w = 0; w < 300 && got === null; w++) {
          await sleep(10);
          const p = published.get(id);
          got = p !== undefined ? heard.firstAfter(p) : null;
        }
        const pub = published.get(id);
        if (pub === undefined || got === null) {
          log(`${label} question ${i}: no audio (${text})`);
          continue;
        }
        if (i > 0) {
          publishedMs.push(pub - t0);
          receivedMs.push(got - t0);
        }
        log(`${label} question ${i}: published ${pub - t0} ms, received ${got - t0} ms`);
      }
      return { publishedMs, receivedMs };
    };
    /** Each question starts from silence, so the first audible frame is this answer's, not the last one's. */
    const waitForSilence = async () => {
      runtime.room(ROOM)?.interrupt('bench');
      for (let w = 0; w < 500 && Date.now() - heard.lastLoud() < 400; w++) await sleep(20);
    };
    // Question 0 warms everything up (and carries the spoken AI notice); it is not measured.
    const { publishedMs, receivedMs } = await series('prepared', questions.slice(0, count + 1), true);
    const cold = await series('cold', questions.slice(count + 1), false);

    log('A/V offset in Chromium…');
    let av: AvOffsetResult | null = null;
    try {
      av = await measureAvOffset({
        base,
        // Not asked before (a repeat would be merged as a duplicate).
        questions: answerableQuestions(4, 'paraphrase'),
        ask: async (text, asker) => {
          const sub = await call<SubmitQuestionResponse>(base, asker, `/api/rooms/${ROOM}/questions`, {
            text,
          });
          await call(base, host, `/api/questions/${sub.question.id}/approve`);
          await call(base, host, `/api/questions/${sub.question.id}/live`, { target: 'twin' });
        },
        joinAsker: (name) => joinRoom(base, name),
        log,
      });
    } catch (err) {
      log(`A/V measurement failed: ${err instanceof Error ? err.message : String(err)}`);
    }

    log('Festival real-time factor…');
    const tts = new FestivalTts();
    let synthMs = 0;
    let audioMs = 0;
    for (const q of questions.slice(0, 8)) {
      for (const s of splitSentences(q)) {
        const t = performance.now();
        const seg = await tts.synthesize(s.text);
        synthMs += performance.now() - t;
        audioMs += seg.durationMs;
      }
    }
    await tts.close();

    const result = {
      bench: 'twin',
      metrics: {
        first_audio_published_p50_ms: { value: round1(percentile(publishedMs, 50)), unit: 'ms', goal: '' },
        first_audio_published_p95_ms: { value: round1(percentile(publishedMs, 95)), unit: 'ms', goal: '' },
        first_audio_received_p50_ms: {
          value: round1(percentile(receivedMs, 50)),
          unit: 'ms',
          goal: '<= 250',
        },
        first_audio_received_p95_ms: { value: round1(percentile(receivedMs, 95)), unit: 'ms', goal: '' },
        first_audio_published_cold_p50_ms: {
          value: round1(percentile(cold.publishedMs, 50)),
          unit: 'ms',
          goal: '',
        },
        first_audio_received_cold_p50_ms: {
          value: round1(percentile(cold.receivedMs, 50)),
          unit: 'ms',
          goal: '',
        },
        first_audio_received_cold_p95_ms: {
          value: round1(percentile(cold.receivedMs, 95)),
          unit: 'ms',
          goal: '',
        },
        av_offset_p50_ms: { value: av ? round1(av.p50Ms) : null, unit: 'ms', goal: '|x| <= 20 (aim)' },
        av_offset_p95_ms: { value: av ? round1(av.p95Ms) : null, unit: 'ms', goal: '|x| <= 45' },
        tts_rtf: { value: Math.round((synthMs / audioMs) * 1000) / 1000, unit: 'x', goal: '< 1' },
      },
      conditions: {
        questions: receivedMs.length,
        cold_questions: cold.receivedMs.length,
        published_to_received_p50_ms: round1(
          percentile(
            receivedMs.map((r, i) => r - (publishedMs[i] ?? r)),
            50,
          ),
        ),
        av_onsets: av?.pairs ?? 0,
        av_mean_signed_ms: av ? round1(av.meanSignedMs) : null,
        av_signed_p5_p95_ms: av ? [round1(av.signedP5Ms), round1(av.signedP95Ms)] : null,
        av_heard_onsets: av?.heardOnsets ?? 0,
        av_mouth_onsets: av?.mouthOnsets ?? 0,
        av_fps: av ? round1(av.fps) : null,
        av_viewport: av?.viewport ?? null,
        cpus: cpus().length,
        loadavg_1m: round1(loadavg()[0] ?? 0),
        note: 'in-process server, embedded SFU on localhost, Festival HTS voice, extractive brain',
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await listener?.disconnect().catch(() => undefined);
    await podium.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
