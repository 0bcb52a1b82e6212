/**
 * Who may join: token verification and grants on the signal path and the validate endpoints,
 * with the status codes the LiveKit SDKs react to (401/403 = "not allowed", never a bare 404).
 */
import {
  DisconnectReason,
  JoinRequest,
  LeaveRequest_Action,
  ParticipantInfo_Kind,
  Ping,
  RequestResponse_Reason,
  UpdateParticipantMetadata,
} from '@livekit/protocol';
import { ConnectError, Room, dispose } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mintToken,
  signRawJwt,
  startSfuServer,
  TEST_API_KEY,
  TEST_API_SECRET,
  type SfuTestServer,
} from '../helpers/sfu-server.ts';
import { RawSignalClient } from '../helpers/sfu-werift-client.ts';

let srv: SfuTestServer;
const clients: RawSignalClient[] = [];

beforeAll(async () => {
  srv = await startSfuServer();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await srv?.close();
  await dispose();
});

const nowS = (): number => Math.floor(Date.now() / 1000);

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: TEST_API_KEY,
    sub: 'mallory',
    nbf: nowS() - 10,
    exp: nowS() + 600,
    video: { roomJoin: true, room: 'secure' },
    ...extra,
  };
}

/** Attempts a join; resolves to the HTTP status and body of a refused upgrade. */
async function refusal(token: string): Promise<{ status: number | undefined; message: string }> {
  try {
    const c = await RawSignalClient.connect(srv.wsUrl, token);
    clients.push(c);
  } catch (err) {
    const e = err as Error & { status?: number };
    return { status: e.status, message: e.message };
  }
  throw new Error('join was accepted');
}

async function validate(token: string, path = '/rtc/v1/validate'): Promise<{ status: number; body: string }> {
  const res = await fetch(`${srv.httpUrl}${path}?access_token=${encodeURIComponent(token)}`);
  return { status: res.status, body: await res.text() };
}

describe('join authorisation', () => {
  it('accepts a valid token in the query or as a bearer header', async () => {
    const token = await srv.token('valid', 'secure');
    const q = await RawSignalClient.connect(srv.wsUrl, token);
    clients.push(q);
    expect((await q.join()).participant?.identity).toBe('valid');
    const h = await RawSignalClient.connect(srv.wsUrl, await srv.token('valid-2', 'secure'), {
      bearer: true,
    });
    clients.push(h);
    const join = await h.join();
    expect(join.participant?.identity).toBe('valid-2');
    expect(join.room?.name).toBe('secure');
    expect(join.otherParticipants.map((p) => p.identity)).toEqual(['valid']);
    expect(join.serverVersion).not.toBe('');
    expect(await validate(token)).toEqual({ status: 200, body: 'success' });
    expect((await validate(token, '/rtc/validate')).status).toBe(200);
  });

  it('refuses a forged signature', async () => {
    const forged = await mintToken(
      'mallory',
      { roomJoin: true, room: 'secure' },
      { apiSecret: 'x'.repeat(40) },
    );
    const r = await refusal(forged);
    expect(r.status).toBe(401);
    expect(r.message).toMatch(/signature/);
    expect((await validate(forged)).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const expired = signRawJwt(claims({ exp: nowS() - 3600, nbf: nowS() - 7200 }), TEST_API_SECRET);
    const r = await refusal(expired);
    expect(r.status).toBe(401);
    expect(r.message).toMatch(/expired/);
    expect(await validate(expired)).toMatchObject({ status: 401 });
  });

  it('refuses unsigned tokens, tokens of another API key, and tokens without exp or identity', async () => {
    expect((await refusal(signRawJwt(claims(), null))).status).toBe(401);
    expect((await refusal(signRawJwt(claims({ iss: 'someone-else' }), TEST_API_SECRET))).status).toBe(401);
    expect((await refusal(signRawJwt(claims({ exp: undefined }), TEST_API_SECRET))).status).toBe(401);
    expect((await refusal(signRawJwt(claims({ sub: undefined }), TEST_API_SECRET))).status).toBe(401);
    expect((await refusal('not-a-jwt')).status).toBe(401);
    expect((await validate('')).status).toBe(401);
  });

  it('refuses a token without roomJoin, or without a room', async () => {
    const noJoin = await mintToken('mallory', { room: 'secure', roomAdmin: true });
    const r = await refusal(noJoin);
    expect(r.status).toBe(403);
    expect(r.message).toMatch(/roomJoin/);
    expect(await validate(noJoin)).toEqual({ status: 403, body: 'token has no roomJoin grant' });
    expect((await refusal(await mintToken('mallory', { roomJoin: true }))).status).toBe(403);
  });

  it('puts a participant only in the room its token names', async () => {
    const other = await RawSignalClient.connect(srv.wsUrl, await srv.token('visitor', 'other-room'));
    clients.push(other);
    const join = await other.join();
    expect(join.room?.name).toBe('other-room');
    const inSecure = await RawSignalClient.connect(srv.wsUrl, await srv.token('resident', 'secure'));
    clients.push(inSecure);
    expect((await inSecure.join()).otherParticipants.map((p) => p.identity)).not.toContain('visitor');
  });

  it('makes rtc-node fail fast with a refused token', async () => {
    const room = new Room();
    const forged = await mintToken(
      'mallory',
      { roomJoin: true, room: 'secure' },
      { apiSecret: 'y'.repeat(40) },
    );
    await expect(room.connect(srv.wsUrl, forged)).rejects.toBeInstanceOf(ConnectError);
  });

  it('rejects a malformed join_request with 400', async () => {
    const token = await srv.token('garbled', 'secure');
    const res = await fetch(`${srv.httpUrl}/rtc/v1/validate?access_token=${token}&join_request=%%%`);
    expect(res.status).toBe(400);
    const res2 = await fetch(`${srv.httpUrl}/rtc/v1/validate?access_token=${token}&join_request=AAAA_____w`);
    expect(res2.status).toBe(400);
  });

  it('refuses the legacy /rtc path with a leave the SDKs do not retry', async () => {
    const c = await RawSignalClient.connect(srv.wsUrl, await srv.token('legacy', 'secure'), { path: '/rtc' });
    clients.push(c);
    const leave = await c.next('leave');
    expect(leave.reason).toBe(DisconnectReason.JOIN_FAILURE);
    expect(leave.action).toBe(LeaveRequest_Action.DISCONNECT);
    await c.closed();
  });

  it('answers a resume attempt with a full-reconnect leave', async () => {
    const c = await RawSignalClient.connect(srv.wsUrl, await srv.token('resumer', 'secure'), {
      joinRequest: new JoinRequest({ reconnect: true, participantSid: 'PA_old' }),
    });
    clients.push(c);
    expect((await c.next('leave')).action).toBe(LeaveRequest_Action.RECONNECT);
  });

  it('answers pings and keeps hidden participants out of sight', async () => {
    const seen = await RawSignalClient.connect(srv.wsUrl, await srv.token('seen', 'hidden-room'));
    clients.push(seen);
    await seen.join();
    seen.send({ case: 'pingReq', value: new Ping({ timestamp: 1234n, rtt: 0n }) });
    expect((await seen.next('pongResp')).lastPingTimestamp).toBe(1234n);
    seen.send({ case: 'ping', value: 99n });
    expect(await seen.next('pong')).toBeGreaterThan(0n);

    const ghost = await RawSignalClient.connect(
      srv.wsUrl,
      await srv.token('ghost', 'hidden-room', { hidden: true }),
    );
    clients.push(ghost);
    expect((await ghost.join()).otherParticipants.map((p) => p.identity)).toEqual(['seen']);
    const agent = await RawSignalClient.connect(
      srv.wsUrl,
      await srv.token('agent-1', 'hidden-room', {}, { kind: 'agent' }),
    );
    clients.push(agent);
    const agentJoin = await agent.join();
    // The agent's join lists only the visible participant, with its kind preserved for others.
    expect(agentJoin.otherParticipants.map((p) => p.identity)).toEqual(['seen']);
    const announced = await seen.next('update', 10_000, (u) =>
      u.participants.some((p) => p.identity === 'agent-1'),
    );
    expect(announced.participants.find((p) => p.identity === 'agent-1')?.kind).toBe(
      ParticipantInfo_Kind.AGENT,
    );
    expect(
      seen.messages.some(
        (m) =>
          m.message.case === 'update' && m.message.value.participants.some((p) => p.identity === 'ghost'),
      ),
    ).toBe(false);
  });

  it('refuses own-metadata updates without canUpdateOwnMetadata', async () => {
    const c = await RawSignalClient.connect(srv.wsUrl, await srv.token('no-meta', 'secure'));
    clients.push(c);
    await c.join();
    c.send({ case: 'updateMetadata', value: new UpdateParticipantMetadata({ requestId: 7, metadata: 'x' }) });
    const res = await c.next('requestResponse', 10_000, (r) => r.requestId === 7);
    expect(res.reason).toBe(RequestResponse_Reason.NOT_ALLOWED);

    const ok = await RawSignalClient.connect(
      srv.wsUrl,
      await srv.token('meta', 'secure', { canUpdateOwnMetadata: true }),
    );
    clients.push(ok);
    await ok.join();
    ok.send({
      case: 'updateMetadata',
      value: new UpdateParticipantMetadata({ requestId: 8, metadata: 'mine' }),
    });
    expect((await ok.next('requestResponse', 10_000, (r) => r.requestId === 8)).reason).toBe(
      RequestResponse_Reason.OK,
    );
    await ok.next('update', 10_000, (u) =>
      u.participants.some((p) => p.identity === 'meta' && p.metadata === 'mine'),
    );
  });
});
