import {
  FOLLOWUP_STATUSES,
  type FollowupDto,
  type FollowupStatus,
  type RoutingTable,
} from '../../../common/governance.ts';
import { can, ownedTeams } from '../access.ts';
import { badge, button, field, formatTime, h, option, replace } from '../dom.ts';
import { act, type ConsolePage, type PageContext } from '../page.ts';

const TONE: Record<FollowupStatus, 'warn' | 'info' | 'ok' | 'muted'> = {
  open: 'warn',
  drafted: 'info',
  approved: 'ok',
  published: 'muted',
};

/** Follow-ups grouped by owning team, newest due first within a team. */
export function groupByTeam(items: FollowupDto[]): Map<string, FollowupDto[]> {
  const groups = new Map<string, FollowupDto[]>();
  for (const f of [...items].sort((a, b) => a.team.localeCompare(b.team) || a.dueAt.localeCompare(b.dueAt))) {
    const list = groups.get(f.team) ?? [];
    list.push(f);
    groups.set(f.team, list);
  }
  return groups;
}

function askerText(f: FollowupDto): string {
  if (!f.asker) return 'unknown asker';
  return f.asker.anonymous ? 'anonymous asker' : (f.asker.name ?? f.asker.identity);
}

/** Follow-ups: owner queues by team/topic, drafting, approval, publishing, due dates and history. */
export const followupsPage: ConsolePage = {
  id: 'followups',
  title: 'Follow-ups',
  async render(root: HTMLElement, ctx: PageContext) {
    const manage = can(ctx.principal, 'followups.manage');
    const mayDraft = can(ctx.principal, 'followups.draft');
    const mine = ownedTeams(ctx.principal);
    const team = h('select', { attrs: { id: 'followups-team' } });
    const status = h('select', { attrs: { id: 'followups-status' } });
    const overdue = h('input', { attrs: { type: 'checkbox', id: 'followups-overdue' } });
    const list = h('div', { attrs: { id: 'followups-list' } });
    let routing: RoutingTable | null = null;
    const teamName = (id: string) => routing?.teams[id] ?? id;

    replace(
      status,
      option('', 'Not yet published', true),
      ...FOLLOWUP_STATUSES.map((s) => option(s, s)),
      option('all', 'All'),
    );

    const history = (f: FollowupDto) => {
      const box = h('div', {});
      const details = h('details', { className: 'history' }, h('summary', {}, 'History'), box);
      details.addEventListener('toggle', () => {
        if (!details.open || box.childElementCount) return;
        replace(box, h('p', { className: 'hint' }, 'Loading…'));
        ctx.api
          .followup(f.id, { signal: ctx.signal })
          .then((full) =>
            replace(
              box,
              h(
                'ol',
                {},
                ...(full.history ?? []).map((e) =>
                  h(
                    'li',
                    {},
                    `${formatTime(e.at)} · ${e.action} · ${e.fromStatus ?? '—'} → ${e.toStatus} · ${e.actor}`,
                    e.note ? h('span', { className: 'hint block' }, e.note) : null,
                  ),
                ),
              ),
            ),
          )
          .catch((err: unknown) => {
            replace(box);
            ctx.fail(err);
          });
      });
      return details;
    };

    const card = (f: FollowupDto) => {
      const text = h('textarea', { attrs: { rows: 3, maxlength: 20000 } });
      text.value = f.answerText ?? f.draftText ?? '';
      const canDraftThis =
        mayDraft && (manage || mine.includes(f.team)) && (f.status === 'open' || f.status === 'drafted');
      text.readOnly = !(canDraftThis || (manage && f.status === 'drafted'));
      const run = (btn: HTMLButtonElement, message: string, fn: () => Promise<FollowupDto>) =>
        void act(ctx, btn, fn).then(async (r) => {
          if (!r) return;
          ctx.notify(message);
          await load();
        });
      const note = h('input', { attrs: { type: 'text', maxlength: 2000, autocomplete: 'off' } });
      const assignTo = h('select', {});
      replace(
        assignTo,
        ...Object.keys(routing?.teams ?? {}).map((t) => option(t, teamName(t), t === f.team)),
      );
      const draftBtn = button(
        'Save draft',
        () =>
          run(draftBtn, 'Draft saved.', () => ctx.api.followupAction(f.id, 'draft', { text: text.value })),
        { attrs: { 'data-action': 'draft' } },
      );
      const approveBtn = button(
        'Approve',
        () =>
          run(approveBtn, 'Approved: ready to publish.', () =>
            ctx.api.followupAction(f.id, 'approve', { text: text.value }),
          ),
        { className: 'primary', attrs: { 'data-action': 'approve' } },
      );
      const publishBtn = button(
        'Publish to the room’s Q&A',
        () =>
          run(publishBtn, 'Published: the asker is notified.', () => ctx.api.followupAction(f.id, 'publish')),
        { className: 'primary', attrs: { 'data-action': 'publish' } },
      );
      const returnBtn = button(
        'Return to the owner',
        () => {
          if (!note.value.trim()) {
            ctx.fail(new Error('Return: add a note for the owner.'));
            note.focus();
            return;
          }
          run(returnBtn, 'Returned to the owner.', () =>
            ctx.api.followupAction(f.id, 'return', { note: note.value.trim() }),
          );
        },
        { attrs: { 'data-action': 'return' } },
      );
      const assignBtn = button(
        'Reassign',
        () =>
          run(assignBtn, `Reassigned to ${teamName(assignTo.value)}.`, () =>
            ctx.api.followupAction(f.id, 'assign', { team: assignTo.value }),
          ),
        { attrs: { 'data-action': 'assign' } },
      );
      const s = f.status;
      return h(
        'article',
        {
          className: 'card',
          attrs: { 'data-followup-id': f.id, 'data-status': s, 'aria-label': `Follow-up: ${f.question}` },
        },
        h(
          'header',
          { className: 'card-head' },
          h('h4', {}, f.topic ?? 'No topic'),
          badge(s, TONE[s]),
          f.overdue ? badge('overdue', 'danger') : null,
        ),
        h('blockquote', { className: 'question' }, f.question),
        h(
          'p',
          { className: 'hint' },
          `${f.origin} · ${f.reason} · room ${f.roomId} · ${askerText(f)} · due ${formatTime(f.dueAt)}`,
        ),
        field(s === 'published' ? 'Published answer' : 'Answer', text),
        h(
          'div',
          { className: 'actions' },
          canDraftThis ? draftBtn : null,
          manage && s === 'drafted' ? approveBtn : null,
          manage && s === 'approved' ? publishBtn : null,
        ),
        manage && (s === 'drafted' || s === 'approved')
          ? h(
              'div',
              { className: 'inline-form' },
              field('Note for the owner', note),
              h('div', { className: 'actions' }, returnBtn),
            )
          : null,
        manage && s !== 'published'
          ? h(
              'div',
              { className: 'inline-form' },
              field('Owning team', assignTo),
              h('div', { className: 'actions' }, assignBtn),
            )
          : null,
        f.publishedAt
          ? h('p', { className: 'hint' }, `Published ${formatTime(f.publishedAt)} by ${f.publishedBy ?? '—'}`)
          : null,
        history(f),
      );
    };

    const load = async () => {
      const filter = status.value === 'all' ? {} : status.value ? { status: status.value } : {};
      const { followups } = await ctx.api.followups(
        { ...filter, ...(team.value ? { team: team.value } : {}), overdue: overdue.checked },
        { signal: ctx.signal },
      );
      if (ctx.signal.aborted) return;
      const shown = status.value === '' ? followups.filter((f) => f.status !== 'published') : followups;
      if (shown.length === 0) {
        replace(list, h('p', { className: 'hint' }, 'No follow-ups here.'));
        return;
      }
      replace(
        list,
        ...[...groupByTeam(shown)].map(([t, items]) =>
          h(
            'section',
            { className: 'queue', attrs: { 'data-team': t, 'aria-label': `${teamName(t)} queue` } },
            h('h2', {}, `${teamName(t)} (${items.length})`),
            h('div', { className: 'cards' }, ...items.map(card)),
          ),
        ),
      );
    };

    const reload = () => void load().catch((err: unknown) => ctx.fail(err));
    for (const el of [team, status, overdue]) el.addEventListener('change', reload);
    replace(
      root,
      h(
        'div',
        { className: 'filters' },
        field('Team', team),
        field('Status', status),
        h('label', { className: 'check', attrs: { for: overdue.id } }, overdue, ' Overdue only'),
      ),
      list,
    );
    routing = await ctx.api.routing({ signal: ctx.signal });
    const teams = manage || !mine.length ? Object.keys(routing.teams) : mine;
    replace(
      team,
      option('', manage || !mine.length ? 'Every team' : 'My teams', true),
      ...teams.map((t) => option(t, teamName(t))),
    );
    await load();
  },
};
