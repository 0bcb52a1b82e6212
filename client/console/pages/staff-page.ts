import type { StaffDto, StaffRole, StaffTokenResponse } from '../../../common/governance.ts';
import { badge, button, field, formatTime, h, replace, table, uid } from '../dom.ts';
import { act, type ConsolePage, type PageContext } from '../page.ts';

/** The fixed grants, in the words the form shows (docs/governance.md, "Roles"). */
export const STAFF_GRANTS: readonly { role: Exclude<StaffRole, `owner:${string}`>; text: string }[] = [
  { role: 'comms', text: 'comms: approves answers, publishes follow-ups, revives the twin' },
  { role: 'consent', text: 'consent: records and revokes the leader’s consent' },
  { role: 'control', text: 'control: pauses, hands over and stops the twin' },
  { role: 'auditor', text: 'auditor: reads and verifies everything' },
  { role: 'agent', text: 'agent: the twin agent process (not a person)' },
];

const TEAM_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The roles a form asks for: the ticked grants plus `owner:<team>` for each comma-separated team,
 * or the first problem in words (the server validates again).
 */
export function readStaffRoles(
  ticked: readonly string[],
  teams: string,
): { roles: StaffRole[] } | { error: string } {
  const roles: StaffRole[] = [];
  for (const r of ticked) roles.push(r as StaffRole);
  for (const team of teams
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    if (!TEAM_RE.test(team)) {
      return { error: `Team "${team}": use lowercase letters, digits and single dashes (e.g. people-ops).` };
    }
    roles.push(`owner:${team}`);
  }
  if (roles.length === 0) return { error: 'Grants: tick at least one, or name a team they own.' };
  return { roles: [...new Set(roles)] };
}

/** Staff: who holds governance grants; create a member, issue a new token, revoke. The admin only. */
export const staffPage: ConsolePage = {
  id: 'staff',
  title: 'Staff',
  async render(root: HTMLElement, ctx: PageContext) {
    const name = h('input', { attrs: { type: 'text', maxlength: 120, autocomplete: 'off', required: true } });
    const boxes = STAFF_GRANTS.map((g) =>
      h('input', { attrs: { type: 'checkbox', value: g.role, name: 'grant', id: uid('grant') } }),
    );
    const teams = h('input', {
      attrs: { type: 'text', maxlength: 500, autocomplete: 'off', spellcheck: 'false' },
    });
    const submit = h(
      'button',
      { className: 'primary', attrs: { type: 'submit', id: 'staff-submit' } },
      'Create',
    );
    const tokenBox = h('section', {
      className: 'panel',
      attrs: { id: 'staff-token', 'aria-live': 'polite' },
      hidden: true,
    });
    const listBox = h('div', { className: 'table-wrap', attrs: { id: 'staff-list' } });

    /** Shows a token once; nothing keeps it after the panel is closed or the page left. */
    const showToken = (res: StaffTokenResponse, what: string) => {
      const out = h('input', {
        className: 'mono-wrap',
        attrs: { type: 'text', readonly: true, id: 'issued-token', spellcheck: 'false', autocomplete: 'off' },
      });
      out.value = res.token;
      out.addEventListener('focus', () => out.select());
      tokenBox.hidden = false;
      replace(
        tokenBox,
        h('h2', {}, `${what} for ${res.staff.name}`),
        field(
          'Token (copy it now: it is shown only once)',
          out,
          'Send it to them privately; they sign in to the console with it. Only its hash is stored.',
        ),
        h(
          'div',
          { className: 'actions' },
          button(
            'Done',
            () => {
              replace(tokenBox);
              tokenBox.hidden = true;
            },
            { attrs: { id: 'token-done' } },
          ),
        ),
      );
      out.focus();
    };

    const rowActions = (s: StaffDto) => {
      if (s.revokedAt) return null;
      const issue = button(
        'Issue a new token',
        () => {
          void act(ctx, issue, () => ctx.api.issueStaffToken(s.id)).then((r) => {
            if (!r) return;
            showToken(r, 'New token');
            ctx.notify(`Issued a new token for ${s.name}; the old one no longer works.`);
          });
        },
        { attrs: { 'data-action': 'token', 'aria-label': `Issue a new token for ${s.name}` } },
      );
      const box = h('div', { className: 'actions' });
      const revoke = button(
        'Revoke',
        () => {
          const confirm = button(
            'Confirm: revoke access',
            () => {
              void act(ctx, confirm, () => ctx.api.revokeStaff(s.id)).then((r) => {
                if (!r) return;
                ctx.notify(`Revoked ${s.name}: their token no longer works.`);
                void load().catch((err: unknown) => ctx.fail(err));
              });
            },
            {
              className: 'danger',
              attrs: { 'data-action': 'confirm-revoke', 'aria-label': `Confirm: revoke ${s.name}` },
            },
          );
          const cancel = button('Cancel', () => replace(box, issue, revoke), {
            attrs: { 'data-action': 'cancel' },
          });
          replace(box, confirm, cancel);
          confirm.focus();
        },
        { className: 'danger', attrs: { 'data-action': 'revoke', 'aria-label': `Revoke ${s.name}` } },
      );
      replace(box, issue, revoke);
      return box;
    };

    const load = async () => {
      const { staff } = await ctx.api.staff({ signal: ctx.signal });
      if (ctx.signal.aborted) return;
      if (staff.length === 0) {
        replace(listBox, h('p', { className: 'hint' }, 'No staff yet: only the admin secret can sign in.'));
        return;
      }
      const t = table(
        'Staff holding governance grants',
        ['Name', 'Grants', 'Created', 'Status', 'Actions'],
        staff.map((s) => [
          h('span', {}, s.name, h('span', { className: 'hint block' }, s.id)),
          s.roles.join(', '),
          formatTime(s.createdAt),
          s.revokedAt ? badge(`Revoked ${formatTime(s.revokedAt)}`, 'muted') : badge('Active', 'ok'),
          rowActions(s),
        ]),
        (i) => ({ 'data-staff-id': staff[i]!.id, 'data-status': staff[i]!.revokedAt ? 'revoked' : 'active' }),
      );
      t.id = 'staff-table';
      replace(listBox, t);
    };

    const form = h(
      'form',
      {
        className: 'panel form-grid',
        attrs: { id: 'staff-form', novalidate: true, 'aria-labelledby': 'staff-form-title' },
      },
      h('h2', { id: 'staff-form-title' }, 'Add a staff member'),
      field('Name', name),
      field(
        'Owner of teams (comma-separated team ids)',
        teams,
        'They draft the follow-ups routed to these teams, e.g. people, it-security.',
      ),
      h(
        'fieldset',
        { className: 'checks' },
        h('legend', {}, 'Grants'),
        ...boxes.map((box, i) =>
          h('label', { className: 'check', attrs: { for: box.id } }, box, STAFF_GRANTS[i]!.text),
        ),
      ),
      h('div', { className: 'actions' }, submit),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const who = name.value.trim();
      if (!who) {
        ctx.fail(new Error('Name: enter the person’s name.'));
        name.focus();
        return;
      }
      const read = readStaffRoles(
        boxes.filter((b) => b.checked).map((b) => b.value),
        teams.value,
      );
      if ('error' in read) {
        ctx.fail(new Error(read.error));
        return;
      }
      void act(ctx, submit, () => ctx.api.createStaff(who, read.roles)).then((r) => {
        if (!r) return;
        form.reset();
        showToken(r, 'Token');
        ctx.notify(`Added ${r.staff.name} (${r.staff.roles.join(', ')}).`);
        void load().catch((err: unknown) => ctx.fail(err));
      });
    });

    replace(
      root,
      h(
        'p',
        { className: 'lede' },
        'People on the leader’s team who hold governance grants. Each signs in with a token of their own; every change is logged.',
      ),
      tokenBox,
      form,
      h('h2', {}, 'Staff'),
      listBox,
    );
    await load();
  },
};
