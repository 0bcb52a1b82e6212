import { gzipSync } from 'node:zlib';
import {
  ClientInfo,
  JoinRequest,
  SignalRequest,
  WrappedJoinRequest,
  WrappedJoinRequest_Compression,
} from '@livekit/protocol';
import { describe, expect, it } from 'vitest';
import { SfuError } from '../errors.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import { decodeJoinRequest, decodeRequest, encodeResponse } from './codec.ts';

function param(join: JoinRequest, gzip: boolean): string {
  const bytes = join.toBinary();
  const wrapped = new WrappedJoinRequest({
    joinRequest: gzip ? gzipSync(bytes) : bytes,
    compression: gzip ? WrappedJoinRequest_Compression.GZIP : WrappedJoinRequest_Compression.NONE,
  });
  return Buffer.from(wrapped.toBinary()).toString('base64url');
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SfuError ? err.code : 'not-sfu-error';
  }
  return undefined;
}

describe('signal codec', () => {
  const join = new JoinRequest({ clientInfo: new ClientInfo({ protocol: 17, clientProtocol: 2 }) });

  it('decodes plain and gzip-compressed join requests', () => {
    expect(decodeJoinRequest(param(join, false), DEFAULT_LIMITS).clientInfo?.protocol).toBe(17);
    expect(decodeJoinRequest(param(join, true), DEFAULT_LIMITS).clientInfo?.clientProtocol).toBe(2);
  });

  it('refuses garbage, oversized and zip-bomb join requests', () => {
    expect(codeOf(() => decodeJoinRequest('!!!', DEFAULT_LIMITS))).toBe('malformed');
    expect(codeOf(() => decodeJoinRequest('A'.repeat(70_000), DEFAULT_LIMITS))).toBe('invalid_argument');
    const bomb = new WrappedJoinRequest({
      joinRequest: gzipSync(Buffer.alloc(10 * 1024 * 1024)),
      compression: WrappedJoinRequest_Compression.GZIP,
    });
    expect(
      codeOf(() => decodeJoinRequest(Buffer.from(bomb.toBinary()).toString('base64url'), DEFAULT_LIMITS)),
    ).toBe('malformed');
    const badGzip = new WrappedJoinRequest({ joinRequest: new Uint8Array([1, 2, 3]), compression: 1 });
    expect(
      codeOf(() => decodeJoinRequest(Buffer.from(badGzip.toBinary()).toString('base64url'), DEFAULT_LIMITS)),
    ).toBe('malformed');
  });

  it('round-trips signal messages and rejects malformed ones', () => {
    const bytes = new SignalRequest({ message: { case: 'ping', value: 42n } }).toBinary();
    expect(decodeRequest(bytes).message).toEqual({ case: 'ping', value: 42n });
    expect(codeOf(() => decodeRequest(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])))).toBe('malformed');
    expect(encodeResponse({ case: 'pong', value: 1n }).length).toBeGreaterThan(0);
  });
});
