import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { PrincipalDto, StaffDto } from '../../../common/governance.ts';
import { SESSION_COOKIE, readSession, secretsEqual } from '../../auth/index.ts';
import { HttpError } from '../../http/index.ts';
import type { StaffRepo } from '../staff/staff-repo.ts';

/** Who is calling a governance route: the operator (admin secret) or a staff member. */
export type Principal = { kind: 'admin' } | { kind: 'staff'; staff: StaffDto };

export type GovEnv = { Variables: { principal: Principal } };

/** The grant names a route accepts; `owner` accepts any `owner:<team>` grant (the route checks which). */
export type Grant = 'comms' | 'consent' | 'control' | 'auditor' | 'agent' | 'owner';

/** How a principal appears in histories and the audit trail. */
export function actorOf(p: Principal): string {
  return p.kind === 'admin' ? 'admin' : `staff:${p.staff.id} (${p.staff.name})`;
}

export function principalDto(p: Principal): PrincipalDto {
  return p.kind === 'admin'
    ? { kind: 'admin', name: 'admin', roles: ['admin'] }
    : { kind: 'staff', id: p.staff.id, name: p.staff.name, roles: p.staff.roles };
}

/** Teams a principal owns (`owner:<team>` grants). */
export function ownedTeams(p: Principal): string[] {
  return p.kind === 'admin' ? [] : p.staff.roles.filter((r) => r.startsWith('owner:')).map((r) => r.slice(6));
}

/**
 * Governance authentication: `Authorization: Bearer <ADMIN_SECRET>` or a staff token. Room
 * sessions never grant governance access, whatever their role: a request with only a session
 * cookie (attendee, moderator, host...) is refused with 403, one with nothing at all with 401.
 */
export function governanceAuth(opts: {
  adminSecret: string;
  sessionSecret: string;
  staff: StaffRepo;
}): MiddlewareHandler<GovEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const token = match?.[1];
    if (!token) {
      if (readSession(opts.sessionSecret, getCookie(c, SESSION_COOKIE))) {
        throw new HttpError(
          403,
          'forbidden',
          'Governance needs a staff token or the admin secret; a room session does not grant access',
        );
      }
      throw new HttpError(
        401,
        'unauthorized',
        'Governance API: send Authorization: Bearer <staff token or ADMIN_SECRET>',
        {
          headers: { 'WWW-Authenticate': 'Bearer realm="podium-governance"' },
        },
      );
    }
    if (secretsEqual(token, opts.adminSecret)) {
      c.set('principal', { kind: 'admin' });
    } else {
      const staff = await opts.staff.authenticate(token);
      if (!staff)
        throw new HttpError(403, 'forbidden', 'Governance API: the token is not valid (revoked or unknown)');
      c.set('principal', { kind: 'staff', staff });
    }
    await next();
  };
}

/** The principal, when it holds one of `grants` (the admin holds every grant); else 403. */
export function requireGrant(c: Context<GovEnv>, ...grants: Grant[]): Principal {
  const p = c.get('principal');
  if (p.kind === 'admin') return p;
  const ok = p.staff.roles.some((r) => grants.includes((r.startsWith('owner:') ? 'owner' : r) as Grant));
  if (!ok) {
    throw new HttpError(
      403,
      'forbidden',
      `This needs one of these grants: ${grants.map((g) => (g === 'owner' ? 'owner:<team>' : g)).join(', ')}`,
    );
  }
  return p;
}

/** Only the operator (admin secret). */
export function requireAdmin(c: Context<GovEnv>): Principal {
  const p = c.get('principal');
  if (p.kind !== 'admin') throw new HttpError(403, 'forbidden', 'Only the admin may do this');
  return p;
}
