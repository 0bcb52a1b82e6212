import type { GovernanceMetricsDto, LatencyStatsDto } from '../../../common/governance.ts';
import { field, formatDurationMs, h, option, replace, table } from '../dom.ts';
import type { ConsolePage, PageContext } from '../page.ts';

interface Row {
  label: string;
  value: number;
}

/** A table whose rows carry a bar proportional to the largest value (labels and numbers stay text). */
function barTable(id: string, caption: string, rows: Row[]): HTMLTableElement {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return h(
    'table',
    { className: 'bars', attrs: { id } },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col' } }, 'What'),
        h('th', { attrs: { scope: 'col' } }, 'Count'),
        h(
          'th',
          { attrs: { scope: 'col' }, className: 'bar-col' },
          h('span', { className: 'visually-hidden' }, 'Share'),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) => {
        const bar = h('span', { className: 'bar', attrs: { 'aria-hidden': 'true' } });
        bar.style.width = `${(100 * r.value) / max}%`;
        return h(
          'tr',
          { attrs: { 'data-metric': r.label } },
          h('th', { attrs: { scope: 'row' } }, r.label),
          h('td', { className: 'num' }, String(r.value)),
          h('td', { className: 'bar-col' }, bar),
        );
      }),
    ),
  );
}

/** The figures in the order the page shows them. */
export function metricTables(m: GovernanceMetricsDto): { id: string; caption: string; rows: Row[] }[] {
  return [
    {
      id: 'metrics-utterances',
      caption: 'What the twin did',
      rows: [
        { label: 'Answers', value: m.utterances.answers },
        { label: 'Declines', value: m.utterances.declines },
        { label: 'Escalations', value: m.utterances.escalations },
        { label: 'Approved releases', value: m.utterances.approvedReleases },
      ],
    },
    {
      id: 'metrics-approvals',
      caption: 'Approval queue',
      rows: [
        { label: 'Pending', value: m.approvals.pending },
        { label: 'Approved', value: m.approvals.approved },
        { label: 'Rejected', value: m.approvals.rejected },
      ],
    },
    {
      id: 'metrics-followups',
      caption: 'Follow-ups',
      rows: [
        { label: 'Open', value: m.followups.open },
        { label: 'Drafted', value: m.followups.drafted },
        { label: 'Approved', value: m.followups.approved },
        { label: 'Published', value: m.followups.published },
        { label: 'Overdue', value: m.followups.overdue },
      ],
    },
  ];
}

/** "1.2 s" / "850 ms": latencies are short, so finer than formatDurationMs. */
export function formatLatencyMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return formatDurationMs(ms);
}

/** The twin's latency rows: what is measured, p50, p95 and how many samples. */
function latencyTable(m: GovernanceMetricsDto): HTMLTableElement {
  const rows: [string, string, LatencyStatsDto][] = [
    ['decision', 'Question posted → twin’s decision', m.latency.decision],
    ['question-audio', 'Question posted → twin starts speaking', m.latency.questionToAudio],
    ['decision-audio', 'Decision → twin starts speaking', m.latency.decisionToAudio],
  ];
  const t = table(
    'Twin latency (from its audit entries; “question posted” includes any wait for moderation)',
    ['Span', 'Median (p50)', 'p95', 'Samples'],
    rows.map(([, label, s]) => [
      label,
      formatLatencyMs(s.p50Ms),
      formatLatencyMs(s.p95Ms),
      String(s.samples),
    ]),
    (i) => ({ 'data-latency': rows[i]![0] }),
  );
  t.id = 'metrics-latency';
  return t;
}

/** Distinct people who joined, asked and voted, overall and per room. */
function participationTable(m: GovernanceMetricsDto): HTMLTableElement {
  const p = m.participation;
  const rows = [
    { key: '*', label: m.roomId ? m.roomId : 'All rooms', ...p },
    ...(m.roomId ? [] : p.rooms.map((r) => ({ key: r.roomId, label: r.roomId, ...r }))),
  ];
  const t = table(
    'Participation (each join counts as one person: there are no accounts)',
    ['Room', 'Joined', 'Asked', 'Voted'],
    rows.map((r) => [r.label, String(r.joined), String(r.asked), String(r.voted)]),
    (i) => ({ 'data-room': rows[i]!.key }),
  );
  t.id = 'metrics-participation';
  return t;
}

/** Metrics from GET /api/governance/metrics, for all rooms or one. */
export const metricsPage: ConsolePage = {
  id: 'metrics',
  title: 'Metrics',
  async render(root: HTMLElement, ctx: PageContext) {
    const room = h('select', { attrs: { id: 'metrics-room' } });
    const body = h('div', { attrs: { id: 'metrics-body' } });
    const load = async () => {
      const m = await ctx.api.metrics(room.value || null, { signal: ctx.signal });
      if (ctx.signal.aborted) return;
      replace(
        body,
        ...metricTables(m).map((t) => barTable(t.id, t.caption, t.rows)),
        h(
          'table',
          { attrs: { id: 'metrics-resolution' } },
          h('caption', {}, 'Follow-up resolution time (question → published answer)'),
          h(
            'tbody',
            {},
            h(
              'tr',
              {},
              h('th', { attrs: { scope: 'row' } }, 'Median'),
              h('td', {}, formatDurationMs(m.followups.medianResolutionMs)),
            ),
            h(
              'tr',
              {},
              h('th', { attrs: { scope: 'row' } }, 'Mean'),
              h('td', {}, formatDurationMs(m.followups.meanResolutionMs)),
            ),
            h(
              'tr',
              {},
              h('th', { attrs: { scope: 'row' } }, '95th percentile'),
              h('td', {}, formatDurationMs(m.followups.p95ResolutionMs)),
            ),
          ),
        ),
        latencyTable(m),
        participationTable(m),
        h(
          'p',
          { className: 'hint', attrs: { id: 'metrics-audit-size' } },
          `Audit log: ${m.audit.treeSize} entries.`,
        ),
      );
    };
    replace(root, field('Room', room), body);
    try {
      const overview = await ctx.api.control({ signal: ctx.signal });
      replace(room, option('', 'All rooms', true), ...overview.rooms.map((r) => option(r.roomId, r.roomId)));
    } catch {
      replace(room, option('', 'All rooms', true)); // the room list is a convenience; metrics still load
    }
    room.addEventListener('change', () => void load().catch((err: unknown) => ctx.fail(err)));
    await load();
  },
};
