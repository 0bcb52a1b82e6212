/**
 * Q&A benchmark: a real Podium in a child process (embedded SFU, PGlite), hundreds of attendees
 * with their own session cookies asking and voting in bursts, and a few dozen @livekit/rtc-node
 * listeners folding the realtime events into their view. Afterwards every count is checked against
 * the API: a vote accepted but not counted is lost, a count above the accepted votes is a double
 * count. Progress on stderr; the last stdout line is the JSON result.
 *
 *   node --import tsx scripts/bench-qa.ts [--attendees 500] [--listeners 24] [--rounds 12] [--burst 250]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Room, RoomEvent, dispose } from '@livekit/rtc-node';
import { QaFeed } from '../common/qa-feed.ts';
import {
  acceptQaPacket,
  type QuestionListResponse,
  type SubmitQuestionResponse,
  type VoteResponse,
} from '../common/qa.ts';
import { log, numberArg, percentile, round1, sleep } from './bench-kit.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_SECRET = 'bench-admin-secret-0123456789';
const ROOM = 'bench-hall';

const arg = (name: string, fallback: number) => numberArg(name, fallback, { allowZero: true });

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tasks.length; i = next++) out[i] = await (tasks[i] as () => Promise<T>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

interface Server {
  url: string;
  child: ChildProcess;
  warnings: string[];
  stop(): Promise<void>;
}

/** Starts `server/main.ts` on a free port with a fresh data directory; resolves once it listens. */
async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_SECRET, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const warnings: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s\n${stderr}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`server exited (${code})\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let rec: { msg?: string; url?: string; level?: string; err?: { message?: string } };
      try {
        rec = JSON.parse(line);
      } catch {
        return;
      }
      if (rec.msg === 'listening' && rec.url) {
        clearTimeout(timer);
        resolve(rec.url);
      } else if (rec.level === 'warn' || rec.level === 'error') {
        if (rec.msg !== 'request unavailable') {
          warnings.push(`${rec.level}: ${rec.msg}${rec.err?.message ? ` (${rec.err.message})` : ''}`);
        }
      }
    });
  });
  return {
    url,
    child,
    warnings,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

interface Client {
  identity: string;
  cookie: string;
  livekit: { url: string; token: string };
}

async function call<T>(
  base: string,
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; admin?: boolean } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.admin) headers.authorization = `Bearer ${ADMIN_SECRET}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(path, base), {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

async function joinRoom(base: string, name: string, invite?: string): Promise<Client> {
  const res = await fetch(new URL('/api/join', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomId: ROOM, name, ...(invite ? { invite } : {}) }),
  });
  if (res.status !== 200) throw new Error(`join ${name}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    session: { identity: string };
    livekit: { url: string; token: string };
  };
  const cookie =
    (res.headers.getSetCookie().find((c) => c.startsWith('podium_session=')) ?? '').split(';')[0] ?? '';
  return { identity: body.session.identity, cookie, livekit: body.livekit };
}

interface Listener {
  room: Room;
  feed: QaFeed;
  events: number;
}

async function listen(base: string, client: Client): Promise<Listener> {
  const room = new Room();
  const l: Listener = { room, feed: new QaFeed(), events: 0 };
  const early: Parameters<QaFeed['apply']>[0][] = [];
  let loaded = false;
  room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
    const event = acceptQaPacket({ topic, participantIdentity: participant?.identity, payload });
    if (!event) return;
    l.events += 1;
    if (loaded) l.feed.apply(event);
    else early.push(event);
  });
  await room.connect(client.livekit.url, client.livekit.token, { autoSubscribe: false, dynacast: false });
  // The snapshot after connecting; events that raced it are applied on top (the feed drops stale ones).
  const snap = await call<QuestionListResponse>(base, 'GET', `/api/rooms/${ROOM}/questions`, {
    cookie: client.cookie,
  });
  l.feed.load(snap.body);
  loaded = true;
  for (const e of early) l.feed.apply(e);
  return l;
}

async function main(): Promise<void> {
  const attendees = arg('attendees', 500);
  const listenerCount = arg('listeners', 24);
  const rounds = arg('rounds', 12);
  const burst = Math.max(1, arg('burst', 250));
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-qa-'));
  const load0 = loadavg()[0] ?? 0;
  log(`starting server (data in ${dataDir})`);
  const server = await startServer(dataDir);
  const base = server.url;
  const listeners: Listener[] = [];
  try {
    const room = await call(base, 'POST', '/api/admin/rooms', {
      admin: true,
      body: { id: ROOM, title: 'Bench hall', kind: 'all-hands', capacity: 10_000, openJoin: true },
    });
    if (room.status !== 201) throw new Error(`create room: ${room.status}`);
    const invite = await call<{ token: string }>(base, 'POST', `/api/admin/rooms/${ROOM}/invites`, {
      admin: true,
      body: { role: 'moderator' },
    });
    const mod = await joinRoom(base, 'Bench Moderator', invite.body.token);

    log(`joining ${attendees} attendees`);
    const people = await pool(
      32,
      Array.from({ length: attendees }, (_, i) => () => joinRoom(base, `Attendee ${i}`)),
    );

    log(`connecting ${listenerCount} rtc-node listeners`);
    for (let i = 0; i < listenerCount; i++) {
      try {
        listeners.push(await listen(base, people[i % people.length] as Client));
      } catch (err) {
        log(`listener ${i} failed: ${(err as Error).message}`);
      }
    }

    log(`submission burst: ${attendees} questions`);
    const submitMs: number[] = [];
    const submitted = await pool(
      burst,
      people.map((p, i) => async () => {
        const t0 = performance.now();
        const res = await call<SubmitQuestionResponse>(base, 'POST', `/api/rooms/${ROOM}/questions`, {
          cookie: p.cookie,
          body: { text: `Bench question ${i}: what about topic ${i % 37}?`, anonymous: i % 5 === 0 },
        });
        submitMs.push(performance.now() - t0);
        return res.status === 201 ? res.body.question.id : null;
      }),
    );
    const questions = submitted.filter((id): id is string => id !== null);
    log(`approving ${questions.length} questions`);
    await pool(
      8,
      questions.map((id) => () => call(base, 'POST', `/api/questions/${id}/approve`, { cookie: mod.cookie })),
    );

    // What each person's vote for a question ended as, from the server's own answers.
    const final = new Map<string, boolean>();
    const voteMs: number[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;
    const vote = async (p: Client, q: string, voted: boolean) => {
      const t0 = performance.now();
      let status: number;
      try {
        const res = await call<VoteResponse>(base, 'POST', `/api/questions/${q}/vote`, {
          cookie: p.cookie,
          body: { voted },
        });
        status = res.status;
        if (status === 200) final.set(`${p.identity} ${q}`, res.body.voted);
      } catch {
        status = -1;
      }
      voteMs.push(performance.now() - t0);
      requests += 1;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    // Popular questions get most votes: a skewed pick, as in a real town hall.
    const pick = () => questions[Math.floor(questions.length * Math.random() ** 2)] as string;
    const voteStart = performance.now();
    for (let r = 0; r < rounds; r++) {
      const tasks: Array<() => Promise<void>> = [];
      for (const p of people) {
        const q = pick();
        tasks.push(() => vote(p, q, true));
        // A double click: the same vote twice at once.
        if (Math.random() < 0.2) tasks.push(() => vote(p, q, true));
      }
      // Every few rounds people take a vote back.
      if (r % 4 === 3) {
        for (const p of people.slice(0, Math.floor(people.length / 10))) {
          const mine = [...final].find(([k, v]) => v && k.startsWith(`${p.identity} `));
          if (mine) tasks.push(() => vote(p, mine[0].split(' ')[1] as string, false));
        }
      }
      await pool(burst, tasks);
      log(`round ${r + 1}/${rounds}: ${requests} vote requests, p99 ${round1(percentile(voteMs, 99))} ms`);
    }
    const voteSeconds = (performance.now() - voteStart) / 1000;

    // The truth, from the API.
    const truth = await call<QuestionListResponse>(base, 'GET', `/api/rooms/${ROOM}/questions?limit=1000`, {
      cookie: mod.cookie,
    });
    const counted = new Map(truth.body.questions.map((q) => [q.id, q.votes]));
    const expected = new Map<string, number>();
    for (const [key, voted] of final) {
      if (!voted) continue;
      const q = key.split(' ')[1] as string;
      expected.set(q, (expected.get(q) ?? 0) + 1);
    }
    let lost = 0;
    let doubled = 0;
    for (const q of questions) {
      const diff = (counted.get(q) ?? 0) - (expected.get(q) ?? 0);
      if (diff < 0) lost -= diff;
      else doubled += diff;
    }
    const accepted = [...final.values()].filter(Boolean).length;

    // Listeners converge from events alone (no reload): wait for them, then compare.
    const matches = (l: Listener) =>
      questions.filter((q) => {
        const seen = l.feed.get(q);
        return seen !== undefined && seen.votes === (counted.get(q) ?? -1) && seen.state === 'approved';
      }).length;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && listeners.some((l) => matches(l) < questions.length)) await sleep(250);
    const pairs = listeners.length * questions.length;
    const converged = listeners.reduce((n, l) => n + matches(l), 0);
    const eventsDeliveredPct = pairs === 0 ? NaN : round1((100 * converged) / pairs);

    const result = {
      bench: 'qa',
      metrics: {
        votes_accepted: { value: accepted, unit: 'votes' },
        votes_lost: { value: lost, unit: 'votes', goal: '0' },
        votes_double_counted: { value: doubled, unit: 'votes', goal: '0' },
        latency_p99_ms: { value: round1(percentile(voteMs, 99)), unit: 'ms' },
        latency_p50_ms: { value: round1(percentile(voteMs, 50)), unit: 'ms' },
        submit_latency_p99_ms: { value: round1(percentile(submitMs, 99)), unit: 'ms' },
        vote_requests_per_s: { value: round1(requests / voteSeconds), unit: 'req/s' },
        events_delivered_pct: { value: eventsDeliveredPct, unit: '%', goal: '100' },
      },
      conditions: {
        attendees,
        listeners: listeners.length,
        questions: questions.length,
        vote_rounds: rounds,
        vote_requests: requests,
        vote_statuses: Object.fromEntries(statuses),
        events_per_listener: listeners.length
          ? Math.round(listeners.reduce((n, l) => n + l.events, 0) / listeners.length)
          : 0,
        burst,
        server: 'child process, embedded SFU, PGlite',
        events_delivered_pct_means:
          'share of (listener, question) pairs whose vote count and state, built from realtime events alone, equal the API after the run',
        server_warnings: server.warnings.slice(0, 10),
        cpus: cpus().length,
        cpu_model: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        load_avg_1m_before: round1(load0),
      },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const l of listeners) await l.room.disconnect().catch(() => undefined);
    await dispose().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  log(`bench-qa failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
