import type { Context } from 'hono';
import { bearerToken } from '../auth/verify.ts';
import type { SfuContext } from '../context.ts';
import { SfuError, toSfuError } from '../errors.ts';
import { checkGrant, ROOM_SERVICE_METHODS, type ProtoMessage, type ProtoType } from './room-service.ts';
import { twirpErrorFrom, twirpErrorResponse } from './twirp-error.ts';

type MethodTable = Record<
  string,
  {
    request: ProtoType<object>;
    grant: Parameters<typeof checkGrant>[1];
    run(ctx: SfuContext, req: object): ProtoMessage;
  }
>;

const METHODS = ROOM_SERVICE_METHODS as unknown as MethodTable;

async function readBody(c: Context, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > maxBytes) throw new SfuError('invalid_argument', 'request body too large');
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.length > maxBytes) throw new SfuError('invalid_argument', 'request body too large');
  return body;
}

/**
 * `POST /twirp/livekit.RoomService/<Method>`: Twirp over JSON (what livekit-server-sdk speaks)
 * or binary protobuf, authorised by a service token with the method's grant.
 */
export async function handleTwirp(ctx: SfuContext, c: Context): Promise<Response> {
  const name = c.req.param('method') ?? '';
  const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (!method) return twirpErrorResponse('bad_route', `no such method: livekit.RoomService/${name}`);
  try {
    const claims = await ctx.verifier.verify(bearerToken(c.req.header('authorization')));
    const contentType = (c.req.header('content-type') ?? 'application/json').toLowerCase();
    const binary = contentType.startsWith('application/protobuf');
    if (!binary && !contentType.startsWith('application/json')) {
      throw new SfuError('malformed', `unsupported content type: ${contentType}`);
    }
    const body = await readBody(c, ctx.limits.maxTwirpBodyBytes);
    let req: object;
    try {
      req = binary
        ? method.request.fromBinary(body)
        : method.request.fromJson(JSON.parse(new TextDecoder().decode(body) || '{}'), {
            ignoreUnknownFields: true,
          });
    } catch (err) {
      throw new SfuError('malformed', 'request body could not be decoded', { cause: err });
    }
    const room = (req as { room?: unknown }).room;
    checkGrant(claims, method.grant, typeof room === 'string' ? room : undefined);
    const res = method.run(ctx, req);
    if (binary) {
      return new Response(Buffer.from(res.toBinary()), {
        status: 200,
        headers: { 'Content-Type': 'application/protobuf' },
      });
    }
    return new Response(JSON.stringify(res.toJson()), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  } catch (err) {
    const e = toSfuError(err);
    if (e.code === 'internal') {
      ctx.log.error({ err: e.message, cause: String(e.cause ?? ''), method: name }, 'room service failed');
    }
    return twirpErrorFrom(e);
  }
}
