import { RtpHeader, RtpPacket } from 'werift';
import { describe, expect, it } from 'vitest';
import { AUDIO_LEVEL_URI, AudioLevelMeter, dbovToLinear, levelFromOpusPayload } from './audio-level.ts';

const packet = (bytes: number): RtpPacket => new RtpPacket(new RtpHeader(), Buffer.alloc(bytes));

describe('audio levels', () => {
  it('converts -dBov to linear level', () => {
    expect(dbovToLinear(0)).toBe(1);
    expect(dbovToLinear(20)).toBeCloseTo(0.1);
    expect(dbovToLinear(127)).toBeLessThan(1e-6);
    expect(dbovToLinear(-5)).toBe(1);
  });

  it('treats tiny Opus packets (DTX silence) as silent', () => {
    expect(levelFromOpusPayload(3)).toBe(0);
    expect(levelFromOpusPayload(80)).toBeGreaterThan(0.3);
  });

  it('prefers the RTP audio-level extension and averages per interval', () => {
    const meter = new AudioLevelMeter();
    meter.observe(packet(80), { [AUDIO_LEVEL_URI]: { v: true, level: 20 } });
    meter.observe(packet(80), { [AUDIO_LEVEL_URI]: { v: true, level: 127 } });
    expect(meter.drain()).toBeCloseTo(0.05, 2);
    expect(meter.drain()).toBe(0);
  });
});
