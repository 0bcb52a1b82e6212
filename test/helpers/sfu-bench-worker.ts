/**
 * Child-process roles of `npm run bench:sfu`: the SFU itself, the publishers, and subscriber
 * workers. They talk to the orchestrator (scripts/bench-sfu.ts) over the IPC channel.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { RtpHeader, RtpPacket, type MediaStreamTrack } from 'werift';
import { startSfuServer, type SfuTestServer } from './sfu-server.ts';
import { WeriftParticipant } from './sfu-werift-client.ts';

export type BenchRole = 'sfu' | 'publisher' | 'subscribers';

export interface BenchRequest {
  type: string;
  [key: string]: unknown;
}

/** Latency histogram: 0.1 ms bins up to 2 s, the last bin catching everything slower. */
export const LATENCY_BIN_MS = 0.1;
export const LATENCY_BINS = 20_000;

const PAYLOAD_BYTES = 80; // a 32 kbit/s Opus frame of 20 ms
const PACKET_INTERVAL_MS = 20;

function send(msg: object): void {
  process.send?.(msg);
}

function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

async function runSfu(): Promise<void> {
  const srv: SfuTestServer = await startSfuServer({ emptyRoomTimeoutMs: 60_000 });
  const gc = (globalThis as { gc?: () => void }).gc;
  const profiler = new Session();
  process.on('message', (m: BenchRequest) => {
    if (m.type === 'profile-start') {
      profiler.connect();
      profiler.post('Profiler.enable', () =>
        profiler.post('Profiler.start', () => send({ type: 'profiling' })),
      );
    } else if (m.type === 'profile-stop') {
      profiler.post('Profiler.stop', (err, res) => {
        const file = String(m.file);
        if (!err) writeFileSync(file, JSON.stringify(res.profile));
        profiler.disconnect();
        send({ type: 'profiled', file });
      });
    } else if (m.type === 'sample') {
      // A full GC makes memory samples comparable; CPU samples skip it (it would count as load).
      if (m.gc) gc?.();
      send({
        type: 'sample',
        cpu: process.cpuUsage(),
        wallMs: performance.now(),
        rss: process.memoryUsage().rss,
        heapUsed: process.memoryUsage().heapUsed,
        stats: srv.sfu.stats(),
      });
    } else if (m.type === 'stop') {
      void srv.close().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', port: srv.port });
}

/** Joins; on a loaded machine an ICE/DTLS handshake can starve and fail, and a fresh attempt usually works. */
async function joinWithRetry(
  wsUrl: string,
  token: string,
  subscriptions: number,
  who: string,
): Promise<WeriftParticipant> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await WeriftParticipant.join(wsUrl, token, subscriptions);
    } catch (err) {
      if (attempt >= 3) throw err;
      process.stderr.write(`[bench:sfu] ${who} join failed (${String(err)}), retrying\n`);
    }
  }
}

async function runPublisher(cfg: { wsUrl: string; tokens: string[] }): Promise<void> {
  const pubs: WeriftParticipant[] = [];
  const tracks: Array<{ sid: string; track: MediaStreamTrack; index: number }> = [];
  for (const [n, token] of cfg.tokens.entries()) {
    const p = await joinWithRetry(cfg.wsUrl, token, 0, `publisher ${n}`);
    pubs.push(p);
    const { sid, track } = await p.publishAudio();
    tracks.push({ sid, track, index: 0 });
  }
  const ssrcBase = 0x1000;
  let paused = false;
  const timer = setInterval(() => {
    if (paused) return;
    tracks.forEach((t, i) => {
      const payload = Buffer.alloc(PAYLOAD_BYTES, 0x55);
      payload.writeUInt32BE(t.index, 0);
      payload.writeDoubleBE(nowMs(), 4);
      const header = new RtpHeader({
        payloadType: 111,
        sequenceNumber: t.index & 0xffff,
        timestamp: (t.index * 960) >>> 0,
        ssrc: ssrcBase + i,
      });
      t.track.writeRtp(new RtpPacket(header, payload));
      t.index += 1;
    });
  }, PACKET_INTERVAL_MS);
  process.on('message', (m: BenchRequest) => {
    if (m.type === 'indices')
      send({ type: 'indices', indices: Object.fromEntries(tracks.map((t) => [t.sid, t.index])) });
    else if (m.type === 'pause' || m.type === 'resume') {
      paused = m.type === 'pause';
      send({ type: paused ? 'paused' : 'resumed' });
    } else if (m.type === 'stop') {
      clearInterval(timer);
      void Promise.all(pubs.map((p) => p.close())).then(() => process.exit(0));
    }
  });
  send({ type: 'ready', sids: tracks.map((t) => t.sid) });
}

/** Which packet indices of one stream arrived: a bitmap that grows with the index. */
class IndexSet {
  private bits = new Uint8Array(1024);

  add(index: number): void {
    if (index < 0 || !Number.isInteger(index)) return;
    const byte = index >> 3;
    if (byte >= this.bits.length) {
      const next = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[byte]! |= 1 << (index & 7);
  }

  has(index: number): boolean {
    return ((this.bits[index >> 3] ?? 0) & (1 << (index & 7))) !== 0;
  }

  /** How many indices in [from, to) arrived. */
  countRange(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) if (this.has(i)) n++;
    return n;
  }
}

async function runSubscribers(cfg: { wsUrl: string; tokens: string[]; trackSids: string[] }): Promise<void> {
  const subs: WeriftParticipant[] = [];
  const histogram = new Uint32Array(LATENCY_BINS);
  let window: { from: Record<string, number>; to: Record<string, number> | undefined } | undefined;
  /**
   * Per subscriber and track, every packet index that arrived. Counting by index (not by when the
   * window-start/-end messages reach this process) keeps loss exact on a loaded machine, where IPC
   * can lag the media by tens of milliseconds.
   */
  const arrived = new Map<string, IndexSet>();
  const joinOne = async (token: string, n: number): Promise<void> => {
    const p = await joinWithRetry(cfg.wsUrl, token, cfg.trackSids.length, `subscriber ${n}`);
    p.onRtp = (trackSid, packet) => {
      if (packet.payload.length < 12) return;
      const index = packet.payload.readUInt32BE(0);
      const sentMs = packet.payload.readDoubleBE(4);
      const key = `${n}|${trackSid}`;
      let set = arrived.get(key);
      if (!set) arrived.set(key, (set = new IndexSet()));
      set.add(index);
      // Latency only for packets inside the window, as far as this process knows it yet.
      const from = window?.from[trackSid];
      if (from === undefined || index < from) return;
      const to = window?.to?.[trackSid];
      if (to !== undefined && index >= to) return;
      const bin = Math.min(LATENCY_BINS - 1, Math.max(0, Math.floor((nowMs() - sentMs) / LATENCY_BIN_MS)));
      histogram[bin] = (histogram[bin] ?? 0) + 1;
    };
    subs.push(p);
  };
  // A few joins at a time: each one is a full ICE/DTLS handshake.
  for (let i = 0; i < cfg.tokens.length; i += 4) {
    await Promise.all(cfg.tokens.slice(i, i + 4).map((t, j) => joinOne(t, i + j)));
    send({ type: 'progress', joined: subs.length });
  }
  process.on('message', (m: BenchRequest) => {
    if (m.type === 'receiving') {
      send({ type: 'receiving', streams: arrived.size });
    } else if (m.type === 'window-start') {
      window = { from: m.indices as Record<string, number>, to: undefined };
    } else if (m.type === 'window-end') {
      if (window) window.to = m.indices as Record<string, number>;
    } else if (m.type === 'report') {
      /** Received packets per stream inside the window, for every subscriber and track. */
      const perStream: number[] = [];
      for (let n = 0; n < subs.length; n++) {
        for (const sid of cfg.trackSids) {
          const from = window?.from[sid] ?? 0;
          const to = window?.to?.[sid] ?? from;
          perStream.push(arrived.get(`${n}|${sid}`)?.countRange(from, to) ?? 0);
        }
      }
      send({
        type: 'report',
        received: perStream.reduce((a, b) => a + b, 0),
        perStream,
        histogram: [...histogram],
      });
    } else if (m.type === 'stop') {
      void Promise.all(subs.map((p) => p.close())).then(() => process.exit(0));
    }
  });
  send({ type: 'ready', joined: subs.length });
}

/** Runs the role named by the orchestrator (first IPC message: `{ type: 'start', role, ... }`). */
export function runBenchWorker(): void {
  // An orphaned worker (the orchestrator died) must not keep running.
  process.on('disconnect', () => process.exit(0));
  process.once('message', (m: BenchRequest) => {
    const role = m.role as BenchRole;
    const task =
      role === 'sfu'
        ? runSfu()
        : role === 'publisher'
          ? runPublisher(m as unknown as { wsUrl: string; tokens: string[] })
          : runSubscribers(m as unknown as { wsUrl: string; tokens: string[]; trackSids: string[] });
    task.catch((err: unknown) => {
      send({ type: 'failed', error: err instanceof Error ? err.stack : String(err) });
      process.exit(1);
    });
  });
}
