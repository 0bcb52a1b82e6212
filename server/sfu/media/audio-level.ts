import type { RtpPacket } from 'werift';

/** RFC 6464 audio level extension URI (`-dBov`, 0 = loudest, 127 = silence). */
export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

/** Converts RFC 6464 `-dBov` to a linear 0..1 level, as LiveKit reports it to clients. */
export function dbovToLinear(dbov: number): number {
  return Math.pow(10, -Math.min(127, Math.max(0, dbov)) / 20);
}

/**
 * Without the audio-level extension, Opus payload size is a usable proxy: with DTX and VBR,
 * silence encodes to a few bytes while speech at typical bitrates takes 40+ bytes per 20 ms.
 * Returns an estimate in 0..1; good enough to rank speakers, not to meter loudness.
 */
export function levelFromOpusPayload(payloadBytes: number): number {
  if (payloadBytes <= 8) return 0;
  return Math.min(1, (payloadBytes - 8) / 120);
}

/**
 * Accumulates per-packet levels for one published audio track; the room's speaker loop drains it
 * every interval.
 */
export class AudioLevelMeter {
  private sum = 0;
  private count = 0;
  /** Linear level of the last interval, 0 when nothing arrived. */
  lastLevel = 0;

  observe(packet: RtpPacket, extensions: Record<string, unknown> | undefined): void {
    const ext = extensions?.[AUDIO_LEVEL_URI] as { level?: unknown } | undefined;
    const level =
      typeof ext?.level === 'number' ? dbovToLinear(ext.level) : levelFromOpusPayload(packet.payload.length);
    this.sum += level;
    this.count += 1;
  }

  /** Mean level since the last call, and resets. */
  drain(): number {
    this.lastLevel = this.count === 0 ? 0 : this.sum / this.count;
    this.sum = 0;
    this.count = 0;
    return this.lastLevel;
  }
}
