import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { GovernanceMetricsDto, LatencyStatsDto } from '../../common/governance.ts';
import type { Database } from '../store/index.ts';

/**
 * The value at fraction `p` (0..1) of ascending `sorted`, interpolating linearly between ranks (as
 * PostgreSQL's percentile_cont does); null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (rank - lo);
}

/** p50 / p95 of `ms` (any order), rounded to whole milliseconds. */
export function latencyStats(ms: readonly number[]): LatencyStatsDto {
  const sorted = [...ms].sort((x, y) => x - y);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p95Ms: round(percentile(sorted, 0.95)),
  };
}

// Timestamps come out of the entry JSON; a row the server did not write (a tampered row) must not
// make the whole metrics request fail on a cast: a row that is not JSON reads as null
// (`jsonb_or_null`, migration 0005) and only ISO date-times are cast.
const ISO_RE = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';
const INT_RE = '^\\d{1,15}$';

interface LatencyRow {
  decision_ms: number | string | null;
  question_audio_ms: number | string | null;
  decision_audio_ms: number | string | null;
}

/**
 * The twin's latencies from its audit entries (see GovernanceMetricsDto.latency for exactly what is
 * measured). Reads the timestamps out of the stored canonical JSON in the database, so only three
 * numbers per utterance leave it.
 */
export async function twinLatency(
  db: Kysely<Database>,
  opts: { roomId?: string; since?: Date },
): Promise<GovernanceMetricsDto['latency']> {
  const room = opts.roomId ? sql`and room_id = ${opts.roomId}` : sql``;
  const since = opts.since ? sql`and created_at >= ${opts.since}` : sql``;
  const ts = (text: RawBuilder<unknown>) =>
    sql`case when ${text} ~ ${ISO_RE} then (${text})::timestamptz end`;
  const ms = (from: RawBuilder<unknown>, to: RawBuilder<unknown>) =>
    sql`extract(epoch from (${to} - ${from})) * 1000`;

  const { rows } = await sql<LatencyRow>`
    with u as (
      select idx,
        ${ts(sql`jsonb_or_null(entry_json) #>> '{timestamps,askedAt}'`)} as asked,
        ${ts(sql`jsonb_or_null(entry_json) #>> '{timestamps,decidedAt}'`)} as decided
      from gov_audit_entries
      where kind = 'utterance' and decision in ('answer', 'decline', 'escalate') ${room} ${since}
    ),
    a as (
      select (j ->> 'utteranceIndex')::bigint as uidx,
        min(${ts(sql`j ->> 'loggedAt'`)} - ((j ->> 'durationMs')::bigint * interval '1 millisecond')) as started
      from (select jsonb_or_null(entry_json) as j from gov_audit_entries where kind = 'utterance.audio') x
      where j ->> 'utteranceIndex' ~ ${INT_RE} and j ->> 'durationMs' ~ ${INT_RE}
      group by 1
    )
    select ${ms(sql`u.asked`, sql`u.decided`)} as decision_ms,
      ${ms(sql`u.asked`, sql`a.started`)} as question_audio_ms,
      ${ms(sql`u.decided`, sql`a.started`)} as decision_audio_ms
    from u left join a on a.uidx = u.idx
  `.execute(db);

  const pick = (key: keyof LatencyRow) =>
    rows
      .map((r) => (r[key] === null ? Number.NaN : Number(r[key])))
      .filter((v) => Number.isFinite(v) && v >= 0);
  return {
    decision: latencyStats(pick('decision_ms')),
    questionToAudio: latencyStats(pick('question_audio_ms')),
    decisionToAudio: latencyStats(pick('decision_audio_ms')),
  };
}
