import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type LocalTrackPublication,
  type RemoteTrack,
} from '@livekit/rtc-node';

const SAMPLE_RATE = 48_000;
const FRAME_SAMPLES = 480; // 10 ms

/** Connects a @livekit/rtc-node participant. */
export async function joinNode(wsUrl: string, token: string, autoSubscribe = true): Promise<Room> {
  const room = new Room();
  await room.connect(wsUrl, token, { autoSubscribe, dynacast: false });
  return room;
}

export interface SineTone {
  publication: LocalTrackPublication;
  stop(): Promise<void>;
}

/** Publishes a continuous sine (int16 amplitude `amplitude`) as a microphone track. */
export async function publishSine(room: Room, frequencyHz: number, amplitude = 8000): Promise<SineTone> {
  const source = new AudioSource(SAMPLE_RATE, 1);
  const track = LocalAudioTrack.createAudioTrack(`sine-${frequencyHz}`, source);
  const lp = room.localParticipant;
  if (!lp) throw new Error('not connected');
  const publication = await lp.publishTrack(
    track,
    new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
  );
  let running = true;
  let t = 0;
  const loop = (async () => {
    while (running) {
      const data = new Int16Array(FRAME_SAMPLES);
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        data[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * t++) / SAMPLE_RATE));
      }
      // captureFrame paces us: it resolves as the source's queue drains in real time.
      await source.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, FRAME_SAMPLES)).catch(() => {
        running = false;
      });
    }
  })();
  return {
    publication,
    async stop() {
      running = false;
      await loop;
      await source.close().catch(() => undefined);
    },
  };
}

/**
 * Measures the decoded audio energy a participant receives from each remote identity: RMS of
 * the int16 samples over the last ~100 ms.
 */
export class EnergyMeter {
  private readonly recent = new Map<string, number[]>();
  readonly subscribedFrom = new Set<string>();

  constructor(room: Room) {
    room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant) => {
      if (track.kind !== TrackKind.KIND_AUDIO) return;
      this.subscribedFrom.add(participant.identity);
      void this.read(track, participant.identity);
    });
  }

  private async read(track: RemoteTrack, identity: string): Promise<void> {
    const stream = new AudioStream(track, SAMPLE_RATE, 1);
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value: frame } = await reader.read();
        if (done) break;
        let sum = 0;
        for (const v of frame.data) sum += v * v;
        const list = this.recent.get(identity) ?? [];
        list.push(Math.sqrt(sum / Math.max(1, frame.data.length)));
        if (list.length > 10) list.shift();
        this.recent.set(identity, list);
      }
    } catch {
      /* the track went away */
    } finally {
      reader.releaseLock();
    }
  }

  /** Mean RMS over the last frames from `identity` (0 when nothing was received). */
  level(identity: string): number {
    const list = this.recent.get(identity);
    if (!list || list.length === 0) return 0;
    return list.reduce((a, b) => a + b, 0) / list.length;
  }

  reset(identity: string): void {
    this.recent.delete(identity);
  }
}
