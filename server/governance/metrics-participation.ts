import { sql, type Kysely } from 'kysely';
import type { GovernanceMetricsDto, ParticipationDto } from '../../common/governance.ts';
import type { Database } from '../store/index.ts';

interface CountRow {
  room_id: string | null;
  n: number | string;
}

/**
 * Distinct identities that joined, asked and voted (see GovernanceMetricsDto.participation), per
 * room and over all of it. `grouping sets` gives the per-room rows and the overall row (room_id
 * null) in one pass, so an identity active in two rooms is counted once overall.
 */
export async function participation(
  db: Kysely<Database>,
  opts: { roomId?: string; since?: Date },
): Promise<GovernanceMetricsDto['participation']> {
  const roomOf = (col: string) => (opts.roomId ? sql`and ${sql.ref(col)} = ${opts.roomId}` : sql``);
  const after = (col: string) => (opts.since ? sql`and ${sql.ref(col)} >= ${opts.since}` : sql``);

  const [joined, asked, voted] = await Promise.all([
    sql<CountRow>`
      select room_id, count(distinct identity) as n from participants
      where true ${roomOf('room_id')} ${after('joined_at')}
      group by grouping sets ((room_id), ())`.execute(db),
    sql<CountRow>`
      select room_id, count(distinct author_identity) as n from qa_questions
      where true ${roomOf('room_id')} ${after('created_at')}
      group by grouping sets ((room_id), ())`.execute(db),
    sql<CountRow>`
      select q.room_id, count(distinct v.voter_identity) as n
      from qa_votes v join qa_questions q on q.id = v.question_id
      where true ${roomOf('q.room_id')} ${after('v.created_at')}
      group by grouping sets ((q.room_id), ())`.execute(db),
  ]);

  const rooms = new Map<string, ParticipationDto>();
  const overall: ParticipationDto = { joined: 0, asked: 0, voted: 0 };
  const fold = (rows: CountRow[], key: keyof ParticipationDto) => {
    for (const row of rows) {
      const n = Number(row.n);
      if (row.room_id === null) {
        overall[key] = n;
        continue;
      }
      const r = rooms.get(row.room_id) ?? { joined: 0, asked: 0, voted: 0 };
      r[key] = n;
      rooms.set(row.room_id, r);
    }
  };
  fold(joined.rows, 'joined');
  fold(asked.rows, 'asked');
  fold(voted.rows, 'voted');
  return {
    ...overall,
    rooms: [...rooms]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([roomId, p]) => ({ roomId, ...p })),
  };
}
