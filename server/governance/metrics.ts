import { sql, type Kysely } from 'kysely';
import type { GovernanceMetricsDto } from '../../common/governance.ts';
import type { Database } from '../store/index.ts';

/**
 * Console figures: what the twin said (answers, declines, escalations, approved releases, from the
 * audit log's indexed columns), the approval queue, and follow-up resolution times.
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

  const [u, a, f, r, head] = await Promise.all([
    utter.execute(),
    approvals.execute(),
    followups.execute(),
    resolution.execute(),
    db.selectFrom('gov_audit_head').select('tree_size').where('id', '=', 1).executeTakeFirstOrThrow(),
  ]);
  const count = (rows: { n: string }[], pick: (row: never) => boolean) =>
    rows.filter((row) => pick(row as never)).reduce((s, row) => s + Number(row.n), 0);
  const byDecision = (d: string) => count(u, (row: { decision: string | null }) => row.decision === d);
  const byStatus = (rows: { status: string; n: string }[], s: string) =>
    count(rows, (row: { status: string }) => row.status === s);
  const ms = r.map((x) => Number(x.ms)).sort((x, y) => x - y);
  const median =
    ms.length === 0
      ? null
      : ms.length % 2
        ? ms[(ms.length - 1) / 2]!
        : (ms[ms.length / 2 - 1]! + ms[ms.length / 2]!) / 2;
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
      medianResolutionMs: median === null ? null : Math.round(median),
      meanResolutionMs: ms.length === 0 ? null : Math.round(ms.reduce((s, x) => s + x, 0) / ms.length),
    },
    audit: { treeSize: Number(head.tree_size) },
  };
}
