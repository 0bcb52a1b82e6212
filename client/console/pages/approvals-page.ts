import type { ApprovalDto, ApprovalStatus } from '../../../common/governance.ts';
import { can } from '../access.ts';
import { badge, button, field, formatTime, h, option, replace } from '../dom.ts';
import { act, poll, type ConsolePage, type PageContext } from '../page.ts';

const TONE: Record<ApprovalStatus, 'warn' | 'ok' | 'danger'> = {
  pending: 'warn',
  approved: 'ok',
  rejected: 'danger',
};
export const APPROVALS_POLL_MS = 5_000;

/** The approval queue: escalated questions with the twin's proposed answer; edit, approve, reject. */
export const approvalsPage: ConsolePage = {
  id: 'approvals',
  title: 'Approval queue',
  render(root: HTMLElement, ctx: PageContext) {
    const mayDecide = can(ctx.principal, 'approvals.decide');
    const status = h('select', { attrs: { id: 'approvals-status' } });
    replace(
      status,
      option('pending', 'Waiting for a decision', true),
      option('approved', 'Approved'),
      option('rejected', 'Rejected'),
      option('', 'All'),
    );
    const list = h('div', { className: 'cards', attrs: { id: 'approvals-list', 'aria-live': 'polite' } });
    // Items being edited are not re-rendered by the poll (that would throw away the typing).
    const dirty = new Set<string>();
    let lastJson = '';

    const card = (a: ApprovalDto) => {
      const text = h('textarea', { attrs: { rows: 4, maxlength: 20000 } });
      text.value = a.finalText ?? a.draftText;
      text.readOnly = !mayDecide || a.status !== 'pending';
      text.addEventListener('input', () => dirty.add(a.id));
      const note = h('input', { attrs: { type: 'text', maxlength: 1000, autocomplete: 'off' } });
      const reason = h('input', { attrs: { type: 'text', maxlength: 1000, autocomplete: 'off' } });
      const done = async (message: string) => {
        dirty.delete(a.id);
        ctx.notify(message);
        await refresh(ctx.signal, true);
      };
      const save = button(
        'Save edit',
        () => {
          void act(ctx, save, () => ctx.api.editApproval(a.id, text.value)).then(
            (r) => r && done('Draft saved.'),
          );
        },
        { attrs: { 'data-action': 'save' } },
      );
      const approve = button(
        'Approve and release',
        () => {
          if (!text.value.trim()) {
            ctx.fail(new Error('The answer must not be empty.'));
            return;
          }
          void act(ctx, approve, () =>
            ctx.api.approve(a.id, text.value, note.value.trim() || undefined),
          ).then((r) => r && done(`Approved: the twin will say it (audit entry ${r.auditIndex ?? '—'}).`));
        },
        { className: 'primary', attrs: { 'data-action': 'approve' } },
      );
      const reject = button(
        'Reject',
        () => {
          if (!reason.value.trim()) {
            ctx.fail(new Error('Reject: give a reason.'));
            reason.focus();
            return;
          }
          void act(ctx, reject, () => ctx.api.reject(a.id, reason.value.trim())).then(
            (r) => r && done('Rejected.'),
          );
        },
        { className: 'danger', attrs: { 'data-action': 'reject' } },
      );
      const pending = a.status === 'pending';
      return h(
        'article',
        {
          className: 'card',
          attrs: {
            'data-approval-id': a.id,
            'data-status': a.status,
            'aria-label': `Question: ${a.question}`,
          },
        },
        h('header', { className: 'card-head' }, h('h3', {}, 'Question'), badge(a.status, TONE[a.status])),
        h('blockquote', { className: 'question' }, a.question),
        h(
          'p',
          { className: 'hint' },
          `Room ${a.roomId} · topic ${a.topic ?? '—'} · ${a.reason} · asked ${formatTime(a.createdAt)}`,
        ),
        field(pending ? 'Proposed answer (edit before approving)' : 'Answer', text),
        pending && mayDecide ? field('Note (optional, logged)', note) : null,
        pending && mayDecide ? h('div', { className: 'actions' }, save, approve) : null,
        pending && mayDecide ? field('Reason to reject', reason) : null,
        pending && mayDecide ? h('div', { className: 'actions' }, reject) : null,
        a.decidedBy
          ? h(
              'p',
              { className: 'hint' },
              `${a.status} by ${a.decidedBy} · ${formatTime(a.decidedAt)}${a.decisionNote ? ` · ${a.decisionNote}` : ''}${a.auditIndex !== null ? ` · audit entry ${a.auditIndex}` : ''}`,
            )
          : null,
      );
    };

    const refresh = async (signal: AbortSignal, force = false) => {
      const { approvals } = await ctx.api.approvals(status.value || null, { signal });
      if (signal.aborted) return;
      const json = JSON.stringify(approvals);
      if (json === lastJson && !force) return;
      lastJson = json;
      if (approvals.length === 0) {
        replace(
          list,
          h(
            'p',
            { className: 'hint' },
            status.value === 'pending' ? 'Nothing waiting for a decision.' : 'No items.',
          ),
        );
        return;
      }
      const keep = new Map<string, HTMLElement>();
      for (const el of list.querySelectorAll<HTMLElement>('[data-approval-id]')) {
        if (dirty.has(el.dataset.approvalId!)) keep.set(el.dataset.approvalId!, el);
      }
      replace(list, ...approvals.map((a) => keep.get(a.id) ?? card(a)));
    };

    status.addEventListener('change', () => {
      dirty.clear();
      void refresh(ctx.signal, true).catch((err: unknown) => ctx.fail(err));
    });
    replace(root, field('Show', status), list);
    poll(
      (s) => refresh(s),
      APPROVALS_POLL_MS,
      ctx.signal,
      (err) => ctx.fail(err),
    );
  },
};
