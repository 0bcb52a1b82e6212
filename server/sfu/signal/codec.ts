import { gunzipSync } from 'node:zlib';
import {
  JoinRequest,
  SignalRequest,
  SignalResponse,
  WrappedJoinRequest,
  WrappedJoinRequest_Compression,
} from '@livekit/protocol';
import { SfuError } from '../errors.ts';
import type { SfuLimits } from '../limits.ts';

type ResponseMessage = NonNullable<SignalResponse['message']>;

/** Serialises one SignalResponse message for the wire (binary protobuf, as the SDKs default to). */
export function encodeResponse(message: ResponseMessage): Uint8Array {
  return new SignalResponse({ message } as Partial<SignalResponse>).toBinary();
}

/** Parses one binary SignalRequest, rejecting garbage with a `malformed` SfuError. */
export function decodeRequest(data: Uint8Array): SignalRequest {
  try {
    return SignalRequest.fromBinary(data);
  } catch (err) {
    throw new SfuError('malformed', 'malformed signal request', { cause: err });
  }
}

/**
 * Decodes the `join_request` query parameter of the v1 signal path: base64url of a
 * WrappedJoinRequest whose payload may be gzip-compressed.
 */
export function decodeJoinRequest(param: string, limits: SfuLimits): JoinRequest {
  if (param.length > limits.maxJoinRequestBytes) {
    throw new SfuError('invalid_argument', 'join_request too large');
  }
  if (!/^[A-Za-z0-9_\-+/=]*$/.test(param)) {
    throw new SfuError('malformed', 'join_request is not base64url');
  }
  let wrapped: WrappedJoinRequest;
  try {
    wrapped = WrappedJoinRequest.fromBinary(Buffer.from(param, 'base64url'));
  } catch (err) {
    throw new SfuError('malformed', 'join_request is not a WrappedJoinRequest', { cause: err });
  }
  let bytes: Uint8Array = wrapped.joinRequest;
  if (wrapped.compression === WrappedJoinRequest_Compression.GZIP) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: limits.maxJoinRequestDecodedBytes });
    } catch (err) {
      throw new SfuError('malformed', 'join_request could not be decompressed', { cause: err });
    }
  } else if (wrapped.compression !== WrappedJoinRequest_Compression.NONE) {
    throw new SfuError('invalid_argument', 'unsupported join_request compression');
  }
  try {
    return JoinRequest.fromBinary(bytes);
  } catch (err) {
    throw new SfuError('malformed', 'join_request is not a JoinRequest', { cause: err });
  }
}
