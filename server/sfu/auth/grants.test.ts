import { ParticipantInfo_Kind, TrackSource } from '@livekit/protocol';
import { describe, expect, it } from 'vitest';
import { canPublishSource, normaliseClaims, parseSources, permissionFromGrant } from './grants.ts';

describe('grants', () => {
  it("applies LiveKit's defaults", () => {
    const p = permissionFromGrant({ roomJoin: true, room: 'r' });
    expect(p.canPublish).toBe(true);
    expect(p.canSubscribe).toBe(true);
    expect(p.canPublishData).toBe(true);
    expect(p.canUpdateMetadata).toBe(false);
    expect(p.hidden).toBe(false);
  });

  it('reads sources written as names (AccessToken) or numbers', () => {
    expect(parseSources(['microphone', 'CAMERA', 3, 'bogus', 99])).toEqual([
      TrackSource.MICROPHONE,
      TrackSource.CAMERA,
      TrackSource.SCREEN_SHARE,
    ]);
    expect(parseSources('microphone')).toEqual([]);
  });

  it('limits publishing to the listed sources', () => {
    const micOnly = permissionFromGrant({ canPublish: true, canPublishSources: ['microphone'] as never });
    expect(canPublishSource(micOnly, TrackSource.MICROPHONE)).toBe(true);
    expect(canPublishSource(micOnly, TrackSource.SCREEN_SHARE_AUDIO)).toBe(false);
    expect(canPublishSource(permissionFromGrant({ canPublish: false }), TrackSource.MICROPHONE)).toBe(false);
    expect(canPublishSource(permissionFromGrant({}), TrackSource.UNKNOWN)).toBe(true);
  });

  it('normalises claims, ignoring ill-typed fields', () => {
    const c = normaliseClaims({
      sub: 'ada',
      name: 'Ada',
      kind: 'agent',
      attributes: { ok: 'yes', bad: 3 as unknown as string },
      metadata: 7 as unknown as string,
      exp: 123,
    });
    expect(c).toMatchObject({ identity: 'ada', name: 'Ada', kind: ParticipantInfo_Kind.AGENT, metadata: '' });
    expect(c.attributes).toEqual({ ok: 'yes' });
    expect(normaliseClaims({ kind: 'nonsense' }).kind).toBe(ParticipantInfo_Kind.STANDARD);
  });
});
