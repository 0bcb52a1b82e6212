import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../server/config/index.ts';
import { createLogger } from '../../server/log/index.ts';
import { InviteRepo, ParticipantRepo, RoomError, RoomRepo, DEFAULT_ROOM } from '../../server/rooms/index.ts';
import { MIGRATIONS, openStore, type Store } from '../../server/store/index.ts';
import { findPostgresBin, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';

// The same suite runs on every backend this machine has: PGlite always, PostgreSQL when installed.
const pgBin = findPostgresBin();
const backends = ['pglite', ...(pgBin ? ['postgresql'] : [])] as const;
const ran: string[] = [];
const quiet = () => createLogger('warn', { destination: new Writable({ write: (_c, _e, done) => done() }) });

afterAll(() => {
  console.log(`storage backends: ${ran.join(', ')}${pgBin ? '' : ' (PostgreSQL binaries not found)'}`);
});

async function roomErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RoomError);
    return (err as RoomError).code;
  }
  throw new Error('expected a RoomError');
}

describe.each(backends)('store on %s', (backend) => {
  let config: DatabaseConfig;
  let store: Store;
  let rooms: RoomRepo;
  let invites: InviteRepo;
  let participants: ParticipantRepo;
  let tmp: string | null = null;
  let postgres: TestPostgres | null = null;

  beforeAll(async () => {
    if (backend === 'pglite') {
      tmp = mkdtempSync(join(tmpdir(), 'podium-store-'));
      config = { kind: 'pglite', dir: join(tmp, 'db') };
    } else {
      postgres = await startTestPostgres(pgBin as string);
      config = { kind: 'postgres', url: postgres.url };
    }
    store = await openStore(config, quiet());
    rooms = new RoomRepo(store.db);
    invites = new InviteRepo(store.db);
    participants = new ParticipantRepo(store.db);
    const version = await store.serverVersion();
    ran.push(backend === 'pglite' ? `pglite (${version.split(' (')[0]})` : `postgresql ${postgres?.version}`);
  });

  afterAll(async () => {
    await store?.close();
    await postgres?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('applies every migration once, and none on reopen', async () => {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      store.db,
    );
    expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
    if (backend === 'postgresql') {
      // A second process opening the same database finds nothing to do.
      const again = await openStore(config, quiet());
      const { rows: after } = await sql<{
        n: number;
      }>`select count(*)::int as n from kysely_migration`.execute(again.db);
      expect(after[0]?.n).toBe(Object.keys(MIGRATIONS).length);
      await again.close();
    }
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('creates, reads, lists, updates and deletes rooms', async () => {
    const created = await rooms.create({
      id: 'crud',
      title: 'CRUD',
      kind: 'meeting',
      capacity: 8,
      openJoin: false,
    });
    expect(created).toMatchObject({
      id: 'crud',
      title: 'CRUD',
      kind: 'meeting',
      capacity: 8,
      openJoin: false,
    });
    expect(Date.parse(created.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await rooms.get('crud')).toEqual(created);
    expect((await rooms.list()).map((r) => r.id)).toContain('crud');

    const updated = await rooms.update('crud', { capacity: 12, openJoin: true });
    expect(updated).toMatchObject({ title: 'CRUD', capacity: 12, openJoin: true });
    expect(await roomErrorCode(rooms.update('missing', { title: 'x' }))).toBe('room_not_found');
    expect(await roomErrorCode(rooms.create({ ...created, openJoin: false }))).toBe('room_exists');

    await rooms.delete('crud');
    expect(await rooms.get('crud')).toBeNull();
    expect(await roomErrorCode(rooms.delete('crud'))).toBe('room_not_found');
  });

  it('ensures the default room idempotently', async () => {
    expect(await rooms.ensure(DEFAULT_ROOM)).toBe(true);
    expect(await rooms.ensure(DEFAULT_ROOM)).toBe(false);
    expect(await rooms.get('town-hall')).toMatchObject({ kind: 'all-hands', capacity: 500, openJoin: true });
  });

  it('stores hostile text verbatim (parameters, never SQL strings)', async () => {
    const title = `Robert'); drop table rooms; -- "\\ \u{1F600}`;
    await rooms.create({ id: 'bobby', title, kind: 'meeting', capacity: 3, openJoin: false });
    expect((await rooms.get('bobby'))?.title).toBe(title);
    expect(await rooms.get("bobby' or '1'='1")).toBeNull();
  });

  it('enforces the schema constraints', async () => {
    await expect(
      sql`insert into rooms (id, title, kind, capacity) values ('bad-kind', 't', 'party', 5)`.execute(
        store.db,
      ),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      sql`insert into rooms (id, title, kind, capacity) values ('bad-cap', 't', 'meeting', 0)`.execute(
        store.db,
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('creates, lists and revokes invites', async () => {
    await rooms.create({
      id: 'inv-room',
      title: 'Invites',
      kind: 'all-hands',
      capacity: 10,
      openJoin: false,
    });
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    const first = await invites.create({ roomId: 'inv-room', role: 'moderator', expiresAt });
    const second = await invites.create({ roomId: 'inv-room', role: 'host', expiresAt });
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Date(first.expires_at).getTime()).toBe(expiresAt.getTime());
    expect(first.revoked_at).toBeNull();
    expect((await invites.listForRoom('inv-room')).map((i) => i.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );

    const revoked = await invites.revoke(first.id);
    expect(revoked.revoked_at).toBeInstanceOf(Date);
    const again = await invites.revoke(first.id);
    expect(new Date(again.revoked_at as Date).getTime()).toBe(new Date(revoked.revoked_at as Date).getTime());
    expect((await invites.get(second.id))?.revoked_at).toBeNull();

    expect(await roomErrorCode(invites.revoke('nope'))).toBe('invite_not_found');
    expect(await roomErrorCode(invites.create({ roomId: 'no-room', role: 'host', expiresAt }))).toBe(
      'room_not_found',
    );
  });

  it('logs joins with unique identities and cascades room deletion', async () => {
    await rooms.create({ id: 'log-room', title: 'Log', kind: 'meeting', capacity: 10, openJoin: true });
    const invite = await invites.create({
      roomId: 'log-room',
      role: 'host',
      expiresAt: new Date(Date.now() + 60_000),
    });
    await participants.record({
      identity: 'ada-aaaaaa',
      roomId: 'log-room',
      name: 'Ada',
      role: 'attendee',
      inviteId: null,
    });
    await participants.record({
      identity: 'bob-bbbbbb',
      roomId: 'log-room',
      name: 'Bob',
      role: 'host',
      inviteId: invite.id,
    });
    expect(
      await roomErrorCode(
        participants.record({
          identity: 'ada-aaaaaa',
          roomId: 'log-room',
          name: 'Eve',
          role: 'admin',
          inviteId: null,
        }),
      ),
    ).toBe('identity_taken');
    expect(await participants.countForRoom('log-room')).toBe(2);
    expect((await participants.get('bob-bbbbbb'))?.invite_id).toBe(invite.id);
    expect((await participants.listForRoom('log-room')).map((p) => p.name).sort()).toEqual(['Ada', 'Bob']);

    await rooms.delete('log-room');
    expect(await participants.countForRoom('log-room')).toBe(0);
    expect(await invites.get(invite.id)).toBeNull();
  });

  it('keeps concurrent transactions apart', async () => {
    await rooms.create({ id: 'tx-room', title: 'Tx', kind: 'meeting', capacity: 1000, openJoin: true });
    // Each transaction reads then writes; interleaved statements in one PGlite session would mix them.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.db
          .transaction()
          .execute(async (trx) => {
            await trx
              .insertInto('participants')
              .values({
                identity: `tx-${i}`,
                room_id: 'tx-room',
                name: `P${i}`,
                role: 'attendee',
                invite_id: null,
              })
              .execute();
            if (i % 3 === 0) throw new Error('roll me back');
          })
          .catch((err: Error) => {
            if (err.message !== 'roll me back') throw err;
          }),
      ),
    );
    expect(await participants.countForRoom('tx-room')).toBe(8);
    expect(await participants.get('tx-0')).toBeNull();
    expect(await participants.get('tx-1')).not.toBeNull();
  });

  it('fails clearly once closed', async () => {
    const other = await openStore(
      backend === 'pglite' ? { kind: 'pglite', dir: 'memory://' } : config,
      quiet(),
    );
    await other.close();
    await expect(other.ping()).rejects.toMatchObject({ code: 'closed' });
    await other.close();
  });
});

describe('store startup failures', () => {
  it('names an unreachable PostgreSQL', async () => {
    const err = await openStore(
      { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' },
      quiet(),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'StoreError', code: 'unreachable', retryable: true });
  });
});
