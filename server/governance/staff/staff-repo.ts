import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { StaffDto, StaffRole, StaffTokenResponse } from '../../../common/governance.ts';
import type { Database } from '../../store/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { GovernanceError } from '../errors.ts';
import type { GovStaffTable } from '../tables.ts';

/** Staff bearer tokens start with this, so they are recognisable in a leaked-secret scan. */
export const STAFF_TOKEN_PREFIX = 'pgs_';

export const staffRoleSchema = z.union(
  [
    z.enum(['comms', 'consent', 'control', 'auditor', 'agent']),
    z.string().regex(/^owner:[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be owner:<team-id> (kebab-case)' }),
  ],
  { error: 'must be comms, consent, control, auditor, agent or owner:<team-id>' },
) as z.ZodType<StaffRole>;

export const staffInputSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(120, { error: 'must be at most 120 characters' }),
  roles: z
    .array(staffRoleSchema)
    .min(1, { error: 'must list at least one role' })
    .max(20)
    .transform((r) => [...new Set(r)]),
});

export const staffPatchSchema = staffInputSchema
  .partial()
  .refine((p) => p.name !== undefined || p.roles !== undefined, {
    error: 'send "name" and/or "roles"',
  });

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function toDto(row: {
  id: string;
  name: string;
  roles: string[];
  created_at: Date;
  revoked_at: Date | null;
}): StaffDto {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles as StaffRole[],
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}

type StaffRow = { [K in keyof GovStaffTable]: unknown };

/**
 * People holding governance grants. Each gets a random bearer token, shown once; only its SHA-256
 * is stored, so a database leak does not leak working credentials. Changes go to the audit trail.
 */
export class StaffRepo {
  readonly #db: Kysely<Database>;
  readonly #audit: AuditLog;

  constructor(db: Kysely<Database>, audit: AuditLog) {
    this.#db = db;
    this.#audit = audit;
  }

  async create(input: z.input<typeof staffInputSchema>, actor: string): Promise<StaffTokenResponse> {
    const { name, roles } = staffInputSchema.parse(input);
    const token = STAFF_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = `st_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const { row, appended } = await this.#db.transaction().execute(async (t) => {
      const row = await t
        .insertInto('gov_staff')
        .values({ id, name, roles: JSON.stringify(roles), token_hash: hashToken(token) })
        .returningAll()
        .executeTakeFirstOrThrow();
      const appended = await this.#audit.appendTrail(
        'staff.created',
        actor,
        { staffId: id },
        { name, roles },
        t,
      );
      return { row, appended };
    });
    this.#audit.announce(appended, 'governance');
    return { staff: toDto(row), token };
  }

  async list(): Promise<StaffDto[]> {
    const rows = await this.#db.selectFrom('gov_staff').selectAll().orderBy('created_at').execute();
    return rows.map(toDto);
  }

  async get(id: string): Promise<StaffDto> {
    const row = await this.#db.selectFrom('gov_staff').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new GovernanceError('not_found', `Staff member ${id} not found`);
    return toDto(row);
  }

  async update(id: string, patch: z.input<typeof staffPatchSchema>, actor: string): Promise<StaffDto> {
    const p = staffPatchSchema.parse(patch);
    return this.#change(id, actor, 'staff.updated', { ...p }, (t) =>
      t
        .updateTable('gov_staff')
        .set({
          ...(p.name !== undefined ? { name: p.name } : {}),
          ...(p.roles !== undefined ? { roles: JSON.stringify(p.roles) } : {}),
        })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst(),
    );
  }

  /** Revokes the member's access at once (their token stops working). */
  revoke(id: string, actor: string): Promise<StaffDto> {
    return this.#change(id, actor, 'staff.revoked', {}, (t) =>
      t
        .updateTable('gov_staff')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst(),
    );
  }

  /** Issues a new token for the member; the old one stops working. */
  async rotateToken(id: string, actor: string): Promise<StaffTokenResponse> {
    const token = STAFF_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const staff = await this.#change(id, actor, 'staff.token-rotated', {}, (t) =>
      t
        .updateTable('gov_staff')
        .set({ token_hash: hashToken(token) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst(),
    );
    return { staff, token };
  }

  async #change(
    id: string,
    actor: string,
    event: string,
    data: Record<string, unknown>,
    update: (t: Transaction<Database>) => Promise<StaffRow | undefined>,
  ): Promise<StaffDto> {
    const result = await this.#db.transaction().execute(async (t) => {
      const row = (await update(t)) as Parameters<typeof toDto>[0] | undefined;
      if (!row) return null;
      const appended = await this.#audit.appendTrail(event, actor, { staffId: id }, data, t);
      return { row, appended };
    });
    if (!result) {
      await this.get(id); // 404 when unknown
      throw new GovernanceError('invalid_transition', `Staff member ${id} is revoked`);
    }
    this.#audit.announce(result.appended, 'governance');
    return toDto(result.row);
  }

  /** The active staff member holding this token, or null. */
  async authenticate(token: string): Promise<StaffDto | null> {
    if (!token.startsWith(STAFF_TOKEN_PREFIX) || token.length > 200) return null;
    const row = await this.#db
      .selectFrom('gov_staff')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? toDto(row) : null;
  }
}
