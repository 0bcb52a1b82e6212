import type { Kysely } from 'kysely';
import type { LiveRoomDto, LiveRoomsResponse } from '../../common/governance.ts';
import type { ParticipantCounter } from '../livekit/index.ts';
import type { Database } from '../store/index.ts';
import type { ControlService } from './control/control-service.ts';

/** LiveKit is asked about this many rooms at once (each ask has its own timeout). */
const COUNT_CONCURRENCY = 4;

/**
 * Every room with its title, size, the people in it now (through LiveKit, null when it cannot be
 * asked) and the twin's control state: the console's live rooms page in one request.
 */
export async function liveRooms(
  db: Kysely<Database>,
  control: ControlService,
  counter: ParticipantCounter | null,
): Promise<LiveRoomsResponse> {
  const [overview, rows] = await Promise.all([
    control.overview(),
    db.selectFrom('rooms').select(['id', 'title', 'kind', 'capacity']).execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const counts = await mapLimited(overview.rooms, COUNT_CONCURRENCY, (s) =>
    // The counter logs and returns null on failure; a throw would be a bug there, not a 500 here.
    counter ? counter.count(s.roomId).catch(() => null) : Promise.resolve(null),
  );
  const rooms: LiveRoomDto[] = overview.rooms.map((control, i) => {
    const room = byId.get(control.roomId);
    return {
      roomId: control.roomId,
      title: room?.title ?? null,
      kind: room?.kind ?? null,
      capacity: room?.capacity ?? null,
      participants: counts[i] ?? null,
      control,
    };
  });
  return { global: overview.global, rooms, countsAvailable: counter !== null };
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
