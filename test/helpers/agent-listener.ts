import {
  AudioStream,
  Room,
  RoomEvent,
  TrackKind,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
} from '@livekit/rtc-node';
import { decodeTimelineMessage, TIMELINE_TOPIC, type TimelineMessage } from '../../common/timeline.ts';

const SAMPLE_RATE = 48_000;

/** One received 10 ms frame's RMS (int16 units) and when it arrived (performance.now()). */
export interface HeardFrame {
  atMs: number;
  rms: number;
}

/** One `lk.transcription` text stream as received: attributes and the text so far. */
export interface ReceivedCaption {
  from: string;
  attributes: Record<string, string>;
  text: string;
  done: boolean;
}

/**
 * A listening rtc-node participant for the twin tests: records the twin's decoded audio (RMS per frame
 * with arrival times), every timeline message on TIMELINE_TOPIC with its sender, every caption text
 * stream, and the attribute values it saw over time.
 */
export class AgentListener {
  readonly frames = new Map<string, HeardFrame[]>();
  readonly timeline: Array<{ from: string | undefined; msg: TimelineMessage }> = [];
  readonly captions: ReceivedCaption[] = [];
  readonly attributeLog: Array<{ identity: string; attributes: Record<string, string> }> = [];
  readonly joins: string[] = [];
  readonly leaves: string[] = [];
  readonly subscriptions: Array<{ identity: string; trackSid: string; name: string }> = [];
  private readonly streams: AudioStream[] = [];

  private constructor(readonly room: Room) {
    room.on(RoomEvent.ParticipantConnected, (p: RemoteParticipant) => this.joins.push(p.identity));
    room.on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => this.leaves.push(p.identity));
    room.on(RoomEvent.ParticipantAttributesChanged, (_changed, p) =>
      this.attributeLog.push({ identity: p.identity, attributes: { ...p.attributes } }),
    );
    room.on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
      if (topic !== TIMELINE_TOPIC) return;
      const msg = decodeTimelineMessage(payload);
      if (msg) this.timeline.push({ from: participant?.identity, msg });
    });
    room.on(
      RoomEvent.TrackSubscribed,
      (track: RemoteTrack, pub: RemoteTrackPublication, p: RemoteParticipant) => {
        if (track.kind !== TrackKind.KIND_AUDIO) return;
        this.subscriptions.push({ identity: p.identity, trackSid: pub.sid ?? '', name: pub.name ?? '' });
        void this.read(track, p.identity);
      },
    );
    room.registerTextStreamHandler('lk.transcription', (reader, info) => {
      const caption: ReceivedCaption = {
        from: info.identity,
        attributes: { ...(reader.info.attributes ?? {}) },
        text: '',
        done: false,
      };
      this.captions.push(caption);
      void (async () => {
        try {
          for await (const chunk of reader) caption.text += chunk;
        } catch {
          /* the sender went away mid-stream */
        }
        caption.done = true;
      })();
    });
  }

  static async join(url: string, token: string): Promise<AgentListener> {
    const room = new Room();
    const listener = new AgentListener(room);
    await room.connect(url, token, { autoSubscribe: true, dynacast: false });
    return listener;
  }

  private async read(track: RemoteTrack, identity: string): Promise<void> {
    const stream = new AudioStream(track, SAMPLE_RATE, 1);
    this.streams.push(stream);
    const list = this.frames.get(identity) ?? [];
    this.frames.set(identity, list);
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value: frame } = await reader.read();
        if (done) break;
        let sum = 0;
        for (const v of frame.data) sum += v * v;
        list.push({ atMs: performance.now(), rms: Math.sqrt(sum / Math.max(1, frame.data.length)) });
      }
    } catch {
      /* the track went away */
    } finally {
      reader.releaseLock();
    }
  }

  /** Frames from `identity` received after `sinceMs` (performance.now() clock). */
  framesSince(identity: string, sinceMs: number): HeardFrame[] {
    return (this.frames.get(identity) ?? []).filter((f) => f.atMs >= sinceMs);
  }

  /** Timeline messages of one utterance, in arrival order. */
  utterance(utteranceId: string): TimelineMessage[] {
    return this.timeline.filter((t) => t.msg.utteranceId === utteranceId).map((t) => t.msg);
  }

  /** Caption streams for one segment id, in arrival order. */
  captionsFor(segmentId: string): ReceivedCaption[] {
    return this.captions.filter((c) => c.attributes['lk.segment_id'] === segmentId);
  }

  async leave(): Promise<void> {
    await this.room.disconnect().catch(() => undefined);
  }
}
