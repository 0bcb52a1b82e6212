/** Shared by the qa-*.test.ts suites: rooms, people with session cookies, and a cookie-carrying client. */
import { expect } from 'vitest';
import type { InviteRecordDto } from '../../common/admin-api.ts';
import type { JoinResponse } from '../../common/api.ts';
import type { Role, RoomKind } from '../../common/roles.ts';
import { requestJson, type JsonResponse, type TestPodium } from '../helpers/server.ts';

export interface Person {
  identity: string;
  name: string;
  role: Role;
  cookie: string;
  livekit: { url: string; token: string };
  /** JSON request with this person's session cookie. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>>;
  /** Raw fetch with the cookie (for CSV and odd bodies). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function createRoom(
  podium: TestPodium,
  room: { id: string; kind: RoomKind; openJoin?: boolean; capacity?: number },
): Promise<void> {
  const res = await requestJson(podium.url, '/api/admin/rooms', {
    body: { title: `Room ${room.id}`, openJoin: true, ...room },
    headers: podium.adminHeaders,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Joins `roomId` as `name`: attendees through the open door, other roles with an admin-made invite. */
export async function join(
  podium: TestPodium,
  roomId: string,
  name: string,
  role: Role = 'attendee',
): Promise<Person> {
  let invite: string | undefined;
  if (role !== 'attendee') {
    const inv = await requestJson<InviteRecordDto>(podium.url, `/api/admin/rooms/${roomId}/invites`, {
      body: { role },
      headers: podium.adminHeaders,
    });
    expect(inv.status).toBe(201);
    invite = inv.body.token;
  }
  const res = await fetch(new URL('/api/join', podium.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomId, name, ...(invite ? { invite } : {}) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as JoinResponse;
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('podium_session='));
  if (!setCookie) throw new Error('no session cookie');
  const cookie = setCookie.split(';')[0] as string;
  const person: Person = {
    identity: body.session.identity,
    name: body.session.name,
    role: body.session.role,
    cookie,
    livekit: body.livekit,
    call: (method, path, payload) =>
      requestJson(podium.url, path, {
        method,
        headers: { cookie },
        ...(payload === undefined ? {} : { body: payload }),
      }),
    fetch: (path, init = {}) =>
      fetch(new URL(path, podium.url), {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie },
      }),
  };
  return person;
}
