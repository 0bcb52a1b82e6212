/**
 * `npm run bench:sfu` — how many Opus streams the embedded SFU forwards per CPU core.
 *
 * The SFU runs alone in a child process. A publisher process sends 50 packets/s per track (an
 * 80-byte payload carrying a sequence index and the send time); subscriber processes join with
 * werift peers, decrypt everything and count. The SFU's own CPU time over the measuring window
 * gives streams per core. Progress goes to stderr; the last stdout line is the JSON result.
 *
 * Before the measuring window the publisher pauses for an idle window (--idle S): the SFU's CPU
 * with everyone connected and no media is the per-participant cost (ICE consent checks, RTCP,
 * SCTP and signal keep-alives); the rest of the window's CPU is the cost of forwarding.
 *
 * Flags: --subscribers N (default 100) --publishers P (1) --duration S (15) --warmup S (5)
 *        --idle S (5; 0 skips it) --workers W subscriber processes (2)
 *        --cpu-prof (profile the SFU during the measuring window into .tmp/sfu-prof/window.cpuprofile,
 *                    and the idle window into .tmp/sfu-prof/idle.cpuprofile)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { LATENCY_BIN_MS, runBenchWorker, type BenchRequest } from '../test/helpers/sfu-bench-worker.ts';
import { mintToken } from '../test/helpers/sfu-server.ts';

const ROOM = 'bench';

function log(msg: string): void {
  process.stderr.write(`[bench:sfu] ${msg}\n`);
}

interface Child {
  proc: ChildProcess;
  request<T>(req: BenchRequest, reply: string, timeoutMs?: number): Promise<T>;
  next<T>(reply: string, timeoutMs?: number): Promise<T>;
}

function spawn(role: string, start: Record<string, unknown>, execArgv: string[] = []): Child {
  const proc = fork(import.meta.filename, ['--worker'], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  proc.on('exit', (code, signal) => {
    if (code !== 0) log(`${role} process exited (code ${String(code)}, signal ${String(signal)})`);
  });
  const next = <T>(reply: string, timeoutMs = 600_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${role}: no ${reply} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = (): void => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
      };
      const onMessage = (m: BenchRequest): void => {
        if (m.type === 'failed') {
          done();
          reject(new Error(`${role} failed: ${String(m.error)}`));
        } else if (m.type === reply) {
          done();
          resolve(m as T);
        }
      };
      const onExit = (code: number | null): void => {
        done();
        reject(new Error(`${role} exited (${String(code)}) before sending ${reply}`));
      };
      proc.on('message', onMessage);
      proc.on('exit', onExit);
    });
  proc.send({ type: 'start', role, ...start });
  return {
    proc,
    next,
    request: <T>(req: BenchRequest, reply: string, timeoutMs?: number) => {
      const p = next<T>(reply, timeoutMs);
      proc.send(req);
      return p;
    },
  };
}

interface SfuSample {
  cpu: { user: number; system: number };
  wallMs: number;
  rss: number;
  stats: { participants: number; subscriptions: number };
}

function percentile(histogram: number[], p: number): number {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= total * p) return (i + 0.5) * LATENCY_BIN_MS;
  }
  return histogram.length * LATENCY_BIN_MS;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (v: number, digits = 1): number => Number(v.toFixed(digits));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '100' },
      publishers: { type: 'string', default: '1' },
      duration: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '5' },
      idle: { type: 'string', default: '5' },
      workers: { type: 'string', default: '2' },
      'cpu-prof': { type: 'boolean', default: false },
    },
  });
  const nSubs = Number(values.subscribers);
  const nPubs = Number(values.publishers);
  const durationS = Number(values.duration);
  const warmupS = Number(values.warmup);
  const idleS = Number(values.idle);
  const nWorkers = Math.max(1, Math.min(Number(values.workers), nSubs));
  if (![nSubs, nPubs, durationS, warmupS].every((v) => Number.isFinite(v) && v > 0)) {
    throw new Error('--subscribers, --publishers, --duration and --warmup must be positive numbers');
  }
  if (!Number.isFinite(idleS) || idleS < 0) throw new Error('--idle must be a number >= 0');
  const children: Child[] = [];
  try {
    const profile = values['cpu-prof'] ? resolve('.tmp/sfu-prof/window.cpuprofile') : undefined;
    if (profile) mkdirSync(dirname(profile), { recursive: true });
    // BENCH_SFU_NODE_FLAGS adds node flags to the SFU process only, e.g. --perf-basic-prof for `perf`.
    const extraFlags = (process.env.BENCH_SFU_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    const sfu = spawn('sfu', {}, ['--expose-gc', ...extraFlags]);
    children.push(sfu);
    const { port } = await sfu.next<{ port: number }>('ready');
    const wsUrl = `ws://127.0.0.1:${port}`;
    log(`SFU up on port ${port} (pid ${String(sfu.proc.pid)})`);

    const pubTokens = await Promise.all(
      Array.from({ length: nPubs }, (_, i) =>
        mintToken(`pub-${i}`, { roomJoin: true, room: ROOM }, { ttl: '2h' }),
      ),
    );
    const publisher = spawn('publisher', { wsUrl, tokens: pubTokens });
    children.push(publisher);
    const { sids } = await publisher.next<{ sids: string[] }>('ready');
    log(`${nPubs} publisher track(s) live`);
    const base = await sfu.request<SfuSample>({ type: 'sample', gc: true }, 'sample');

    const per = Math.ceil(nSubs / nWorkers);
    const workers: Child[] = [];
    for (let w = 0; w < nWorkers; w++) {
      const count = Math.min(per, nSubs - w * per);
      if (count <= 0) break;
      const tokens = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          mintToken(`sub-${w}-${i}`, { roomJoin: true, room: ROOM, canPublish: false }, { ttl: '2h' }),
        ),
      );
      const worker = spawn('subscribers', { wsUrl, tokens, trackSids: sids });
      worker.proc.on('message', (m: BenchRequest) => {
        if (m.type === 'progress') log(`worker ${w}: ${String(m.joined)}/${count} joined`);
      });
      workers.push(worker);
      children.push(worker);
    }
    await Promise.all(workers.map((w) => w.next('ready')));
    const streams = nSubs * nPubs;
    for (;;) {
      const seen = await Promise.all(
        workers.map((w) => w.request<{ streams: number }>({ type: 'receiving' }, 'receiving')),
      );
      const receiving = seen.reduce((a, s) => a + s.streams, 0);
      if (receiving >= streams) break;
      log(`${receiving}/${streams} streams flowing`);
      await sleep(1000);
    }
    const joined = await sfu.request<SfuSample>({ type: 'sample', gc: true }, 'sample');
    log(`all ${streams} streams flowing; warming up ${warmupS} s`);
    await sleep(warmupS * 1000);
    let idleCpuPerS: number | undefined;
    if (idleS > 0) {
      await publisher.request({ type: 'pause' }, 'paused');
      await sleep(1000);
      log(`idle window: ${nSubs + nPubs} participants connected, no media, ${idleS} s`);
      if (profile) await sfu.request({ type: 'profile-start' }, 'profiling');
      const i0 = await sfu.request<SfuSample>({ type: 'sample' }, 'sample');
      await sleep(idleS * 1000);
      const i1 = await sfu.request<SfuSample>({ type: 'sample' }, 'sample');
      if (profile) {
        const file = profile.replace(/window\.cpuprofile$/, 'idle.cpuprofile');
        await sfu.request({ type: 'profile-stop', file }, 'profiled');
        log(`SFU idle profile: ${file}`);
      }
      idleCpuPerS =
        (i1.cpu.user + i1.cpu.system - i0.cpu.user - i0.cpu.system) / 1e6 / ((i1.wallMs - i0.wallMs) / 1000);
      await publisher.request({ type: 'resume' }, 'resumed');
      await sleep(1000);
    }

    if (profile) await sfu.request({ type: 'profile-start' }, 'profiling');
    const from = (
      await publisher.request<{ indices: Record<string, number> }>({ type: 'indices' }, 'indices')
    ).indices;
    for (const w of workers) w.proc.send({ type: 'window-start', indices: from });
    const s0 = await sfu.request<SfuSample>({ type: 'sample' }, 'sample');
    log(`measuring for ${durationS} s`);
    await sleep(durationS * 1000);
    const s1 = await sfu.request<SfuSample>({ type: 'sample' }, 'sample');
    const to = (await publisher.request<{ indices: Record<string, number> }>({ type: 'indices' }, 'indices'))
      .indices;
    for (const w of workers) w.proc.send({ type: 'window-end', indices: to });
    if (profile)
      log(
        `SFU profile: ${(await sfu.request<{ file: string }>({ type: 'profile-stop', file: profile }, 'profiled')).file}`,
      );
    await sleep(1500); // let packets in flight arrive
    const reports = await Promise.all(
      workers.map((w) =>
        w.request<{ received: number; perStream: number[]; histogram: number[] }>(
          { type: 'report' },
          'report',
        ),
      ),
    );

    const sentPerStream = sids.reduce((a, sid) => a + ((to[sid] ?? 0) - (from[sid] ?? 0)), 0);
    const expected = sentPerStream * nSubs;
    const received = reports.reduce((a, r) => a + r.received, 0);
    const histogram = reports[0]!.histogram.map((_, i) =>
      reports.reduce((a, r) => a + (r.histogram[i] ?? 0), 0),
    );
    const wallS = (s1.wallMs - s0.wallMs) / 1000;
    const cpuS = (s1.cpu.user + s1.cpu.system - s0.cpu.user - s0.cpu.system) / 1e6;
    const systemS = (s1.cpu.system - s0.cpu.system) / 1e6;
    const coresUsed = cpuS / wallS;
    const lossPct = expected === 0 ? 100 : Math.max(0, (1 - received / expected) * 100);
    // Loss on every stream points at the publisher's leg; on a few, at those subscribers.
    const perStreamExpected = nPubs === 1 ? sentPerStream : undefined;
    const lossy = perStreamExpected
      ? reports.flatMap((r) => r.perStream).filter((n) => n < perStreamExpected)
      : [];
    if (lossy.length > 0)
      log(
        `${lossy.length}/${streams} streams lost packets; worst got ${Math.min(...lossy)}/${sentPerStream}`,
      );
    const result = {
      bench: 'sfu',
      metrics: {
        streams_per_core: { value: Math.round(streams / coresUsed), unit: 'streams', goal: '>= 1000' },
        loss_pct: { value: round(lossPct, 3), unit: '%', goal: '== 0' },
        latency_p50_ms: { value: round(percentile(histogram, 0.5), 2), unit: 'ms', goal: '<= 20' },
        latency_p95_ms: { value: round(percentile(histogram, 0.95), 2), unit: 'ms', goal: '<= 50' },
        mem_per_subscriber_kib: {
          value: round((joined.rss - base.rss) / 1024 / nSubs, 0),
          unit: 'KiB',
          goal: '<= 512',
        },
        packets_per_sec: { value: Math.round(received / wallS), unit: 'packets/s', goal: 'n/a' },
        sfu_cpu_pct: { value: round(coresUsed * 100), unit: '% of one core', goal: 'n/a' },
        sfu_cpu_system_pct: { value: round((systemS / wallS) * 100), unit: '% of one core', goal: 'n/a' },
        cpu_us_per_packet: { value: round((cpuS * 1e6) / Math.max(1, received), 2), unit: 'µs', goal: 'n/a' },
        ...(idleCpuPerS === undefined
          ? {}
          : {
              idle_cpu_pct: { value: round(idleCpuPerS * 100), unit: '% of one core', goal: 'n/a' },
              forwarding_us_per_packet: {
                value: round(((cpuS - idleCpuPerS * wallS) * 1e6) / Math.max(1, received), 2),
                unit: 'µs',
                goal: 'n/a',
              },
            }),
      },
      conditions: {
        subscribers: nSubs,
        publishers: nPubs,
        forwarded_streams: streams,
        duration_s: durationS,
        subscriber_processes: workers.length,
        packet_rate_hz: 50,
        payload_bytes: 80,
        machine_cores: cpus().length,
        cpu_model: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        // Other jobs on a shared machine inflate CPU time per packet (caches, SMT); say how busy it was.
        load_avg_1m: round(loadavg()[0] ?? 0, 2),
        note: 'SFU alone in one process; publisher and subscriber peers (werift) share the same machine',
      },
    };
    log(`streams/core ${result.metrics.streams_per_core.value}, loss ${result.metrics.loss_pct.value}%`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const c of children.reverse()) {
      if (c.proc.exitCode !== null || c.proc.signalCode !== null) continue;
      if (c.proc.connected) c.proc.send({ type: 'stop' });
      await Promise.race([new Promise((r) => c.proc.once('exit', r)), sleep(5000)]);
      if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    }
  }
}

if (process.argv.includes('--worker')) {
  runBenchWorker();
} else {
  main().catch((err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
