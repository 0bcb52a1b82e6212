import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { twinToken } from './token.ts';

const keys = { apiKey: 'APIunit', apiSecret: 'unit-test-secret-long-enough-for-hs256-0123456789' };

describe('twinToken', () => {
  it('is an AGENT token for the reserved twin identity with the AI marker attributes', async () => {
    const jwt = await twinToken({ ...keys, roomName: 'demo', personaId: 'dana', name: "Dana's AI twin" });
    const claims = await new TokenVerifier(keys.apiKey, keys.apiSecret).verify(jwt);
    expect(claims.sub).toBe('twin-dana');
    expect(claims.kind).toBe('agent');
    expect(claims.name).toBe("Dana's AI twin");
    expect(claims.attributes).toEqual({
      'lk.agent.state': 'idle',
      'podium.ai': 'true',
      'podium.persona': 'dana',
    });
    expect(claims.video).toMatchObject({
      roomJoin: true,
      room: 'demo',
      canPublish: true,
      canPublishSources: ['microphone'],
      canPublishData: true,
      canSubscribe: true,
      canUpdateOwnMetadata: true,
    });
    expect((claims.exp ?? 0) - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
  });

  it('refuses malformed persona ids and ttl', async () => {
    await expect(
      twinToken({ ...keys, roomName: 'demo', personaId: '../x', name: 'x' }),
    ).rejects.toMatchObject({
      code: 'bad_input',
    });
    await expect(
      twinToken({ ...keys, roomName: 'demo', personaId: 'dana', name: 'x', ttlSeconds: 0 }),
    ).rejects.toMatchObject({ code: 'bad_input' });
  });
});
