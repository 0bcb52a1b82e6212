// Helpers for the governance integration tests (test/integration/governance-*.test.ts).
import type { ErrorBody, InviteDto, JoinResponse } from '../../../common/api.ts';
import type { Role } from '../../../common/roles.ts';
import type { StaffRole, StaffTokenResponse } from '../../../common/governance.ts';
import { requestJson, type JsonResponse, type TestPodium } from '../../../test/helpers/server.ts';

export type Call = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<JsonResponse<T & Partial<ErrorBody>>>;

/** Calls /api/governance/* with the given headers. */
export function govClient(podium: Pick<TestPodium, 'url'>, headers: Record<string, string>): Call {
  return (method, path, body) =>
    requestJson(podium.url, `/api/governance${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
}

export function admin(podium: TestPodium): Call {
  return govClient(podium, podium.adminHeaders);
}

/** Creates a staff member with these grants and returns a client using their token. */
export async function staffClient(
  podium: TestPodium,
  name: string,
  roles: StaffRole[],
): Promise<{ call: Call; token: string; id: string }> {
  const res = await admin(podium)<StaffTokenResponse>('POST', '/staff', { name, roles });
  if (res.status !== 201) throw new Error(`cannot create staff: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    call: govClient(podium, { Authorization: `Bearer ${res.body.token}` }),
    token: res.body.token,
    id: res.body.staff.id,
  };
}

/**
 * Joins a room as a person with `role` (an invite for roles above attendee) and returns the session
 * cookie header plus the join response (LiveKit token, identity).
 */
export async function joinAs(
  podium: TestPodium,
  role: Role,
  name: string,
  roomId = 'town-hall',
): Promise<{ cookie: string; join: JoinResponse }> {
  let invite: string | undefined;
  if (role !== 'attendee') {
    const inv = await requestJson<InviteDto>(podium.url, `/api/admin/rooms/${roomId}/invites`, {
      headers: podium.adminHeaders,
      body: { role },
    });
    invite = inv.body.token;
  }
  const res = await fetch(new URL('/api/join', podium.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomId, name, ...(invite ? { invite } : {}) }),
  });
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, join: (await res.json()) as JoinResponse };
}

/** Resolves with the first value `check` returns (polling), or rejects after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
