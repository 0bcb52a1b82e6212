import { sql, type Kysely } from 'kysely';
import type { GovernanceMetricsDto } from '../../common/governance.ts';
import type { Database } from '../store/index.ts';
import { percentile, twinLatency } from './metrics-latency.ts';
import { participation } from './metrics-participation.ts';

/**
 * Console figures: what the twin said (answers, declines, escalations, approved releases, from the
 * audit log's indexed columns), the approval queue, follow-up resolution times, the twin's latency
 * (from its utterance entries' timestamps) and participation (joins, askers, voters).
 */
export async function governanceMetrics(
  db: Kysely<Database>,
  opts: { roomId?: string; since?: Date } = {},
): Promise<GovernanceMetricsDto> {
  let utter = db
    .selectFrom('gov_audit_entries')
    .select(['decision', sql<string>`count(*)`.as('n')])
    .where('kind', '=', 'utterance')
    .groupBy('decision');
  if (opts.roomId) utter = utter.where('room_id', '=', opts.roomId);
  if (opts.since) utter = utter.where('created_at', '>=', opts.since);

  let approvals = db
    .selectFrom('gov_approvals')
    .select(['status', sql<string>`count(*)`.as('n')])
    .groupBy('status');
  if (opts.roomId) approvals = approvals.where('room_id', '=', opts.roomId);
  if (opts.since) approvals = approvals.where('created_at', '>=', opts.since);

  let followups = db
    .selectFrom('gov_followups')
    .select([
      'status',
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) filter (where status <> 'published' and due_at < now())`.as('overdue'),
    ])
    .groupBy('status');
  if (opts.roomId) followups = followups.where('room_id', '=', opts.roomId);
  if (opts.since) followups = followups.where('created_at', '>=', opts.since);

  let resolution = db
    .selectFrom('gov_followups')
    .select(sql<number>`extract(epoch from (published_at - created_at)) * 1000`.as('ms'))
    .where('status', '=', 'published')
    .where('published_at', 'is not', null);
  if (opts.roomId) resolution = resolution.where('room_id', '=', opts.roomId);
  if (opts.since) resolution = resolution.where('created_at', '>=', opts.since);

  const [u, a, f, r, head, latency, people] = await Promise.all([
    utter.execute(),
    approvals.execute(),
    followups.execute(),
    resolution.execute(),
    db.selectFrom('gov_audit_head').select('tree_size').where('id', '=', 1).executeTakeFirstOrThrow(),
    twinLatency(db, opts),
    participation(db, opts),
  ]);
  const count = (rows: { n: string }[], pick: (row: never) => boolean) =>
    rows.filter((row) => pick(row as never)).reduce((s, row) => s + Number(row.n), 0);
  const byDecision = (d: string) => count(u, (row: { decision: string | null }) => row.decision === d);
  const byStatus = (rows: { status: string; n: string }[], s: string) =>
    count(rows, (row: { status: string }) => row.status === s);
  const ms = r.map((x) => Number(x.ms)).sort((x, y) => x - y);
  const rounded = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    since: opts.since?.toISOString() ?? null,
    roomId: opts.roomId ?? null,
    utterances: {
      answers: byDecision('answer'),
      declines: byDecision('decline'),
      escalations: byDecision('escalate'),
      approvedReleases: byDecision('answer-approved'),
    },
    approvals: {
      pending: byStatus(a, 'pending'),
      approved: byStatus(a, 'approved'),
      rejected: byStatus(a, 'rejected'),
    },
    followups: {
      open: byStatus(f, 'open'),
      drafted: byStatus(f, 'drafted'),
      approved: byStatus(f, 'approved'),
      published: byStatus(f, 'published'),
      overdue: f.reduce((s, row) => s + Number(row.overdue), 0),
      medianResolutionMs: rounded(percentile(ms, 0.5)),
      meanResolutionMs: ms.length === 0 ? null : Math.round(ms.reduce((s, x) => s + x, 0) / ms.length),
      p95ResolutionMs: rounded(percentile(ms, 0.95)),
    },
    latency,
    participation: people,
    audit: { treeSize: Number(head.tree_size) },
  };
}
