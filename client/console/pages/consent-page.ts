import type { ConsentRecordDto, ConsentStatus } from '../../../common/governance.ts';
import { can } from '../access.ts';
import { badge, button, field, formatTime, h, option, replace } from '../dom.ts';
import { act, type ConsolePage, type PageContext } from '../page.ts';
import { consentForm, type ConsentForm } from './consent-form.ts';

const STATUS_TONE: Record<ConsentStatus, 'ok' | 'warn' | 'danger' | 'muted'> = {
  'in-force': 'ok',
  'not-yet-valid': 'warn',
  expired: 'muted',
  revoked: 'danger',
};

const person = (p: { name: string; role: string }) => `${p.name}, ${p.role}`;

/** Consent: the registry's records with status, the "record consent" form, and revocation. */
export const consentPage: ConsolePage = {
  id: 'consent',
  title: 'Consent',
  async render(root: HTMLElement, ctx: PageContext) {
    const mayWrite = can(ctx.principal, 'consent.write');
    const list = h('div', { className: 'cards', attrs: { id: 'consent-list' } });
    let records: ConsentRecordDto[] = [];

    const load = async () => {
      records = (await ctx.api.consent({ signal: ctx.signal })).records;
      if (!ctx.signal.aborted) renderList();
    };

    const revokeForm = (r: ConsentRecordDto, card: HTMLElement) => {
      const by = h('select', {});
      replace(
        by,
        option('leader', `${person(r.grantedBy)} (the leader)`),
        ...r.delegates.map((d, i) => option(String(i), `${person(d)} (delegate)`)),
      );
      const reason = h('input', {
        attrs: { type: 'text', maxlength: 1000, required: true, autocomplete: 'off' },
      });
      const confirm = button(
        'Confirm revocation',
        () => {
          const text = reason.value.trim();
          if (!text) {
            ctx.fail(new Error('Reason: say why consent is revoked.'));
            reason.focus();
            return;
          }
          const revokedBy = by.value === 'leader' ? r.grantedBy : r.delegates[Number(by.value)]!;
          void act(ctx, confirm, () => ctx.api.revokeConsent(r.id, { revokedBy, reason: text })).then(
            async (done) => {
              if (!done) return;
              ctx.notify(`Consent ${r.id} revoked: the twin stops using it at once.`);
              await load();
            },
          );
        },
        { className: 'danger', attrs: { 'data-action': 'confirm-revoke' } },
      );
      const box = h(
        'div',
        { className: 'inline-form' },
        field('Revoked by', by),
        field('Reason', reason),
        h(
          'div',
          { className: 'actions' },
          confirm,
          button('Cancel', () => box.remove()),
        ),
      );
      card.append(box);
      reason.focus();
    };

    const renderList = () => {
      if (records.length === 0) {
        replace(list, h('p', { className: 'hint' }, 'No consent records: the twin may not act anywhere.'));
        return;
      }
      replace(
        list,
        ...records.map((r) => {
          const card = h(
            'article',
            {
              className: 'card',
              attrs: { 'data-consent-id': r.id, 'data-status': r.status, 'aria-label': `Consent ${r.id}` },
            },
            h(
              'header',
              { className: 'card-head' },
              h('h3', {}, r.personaId),
              badge(r.status, STATUS_TONE[r.status]),
            ),
            h(
              'dl',
              { className: 'facts' },
              h('dt', {}, 'Granted by'),
              h('dd', {}, person(r.grantedBy)),
              h('dt', {}, 'Signed'),
              h('dd', {}, `${person(r.signedBy)} · ${formatTime(r.signedAt)}`),
              h('dt', {}, 'Valid'),
              h(
                'dd',
                {},
                `${formatTime(r.validFrom)} → ${r.validUntil ? formatTime(r.validUntil) : 'no end'}`,
              ),
              h('dt', {}, 'Rooms'),
              h('dd', {}, r.scope.rooms.join(', ')),
              h('dt', {}, 'Topics'),
              h('dd', {}, r.scope.topics.join(', ')),
              h('dt', {}, 'Modalities'),
              h('dd', {}, r.scope.modalities.join(', ')),
              r.delegates.length ? h('dt', {}, 'Delegates') : null,
              r.delegates.length ? h('dd', {}, r.delegates.map(person).join('; ')) : null,
              h('dt', {}, 'Recorded'),
              h('dd', {}, `${r.recordedBy} · ${r.source} · ${formatTime(r.createdAt)}`),
              r.revokedAt ? h('dt', {}, 'Revoked') : null,
              r.revokedAt
                ? h(
                    'dd',
                    { className: 'revoked' },
                    `${formatTime(r.revokedAt)} by ${r.revokedBy ? person(r.revokedBy) : '—'}: ${r.revokeReason ?? ''}`,
                  )
                : null,
            ),
          );
          if (mayWrite && r.revokedAt === null) {
            const revokeBtn = button(
              'Revoke…',
              () => {
                if (!card.querySelector('.inline-form')) revokeForm(r, card);
              },
              { attrs: { 'data-action': 'revoke' } },
            );
            card.append(h('div', { className: 'actions' }, revokeBtn));
          }
          return card;
        }),
      );
    };

    const submit = (form: ConsentForm) => {
      const read = form.read();
      if ('error' in read) {
        ctx.fail(new Error(read.error));
        return;
      }
      const btn = form.element.querySelector<HTMLButtonElement>('button[type=submit]');
      void act(ctx, btn, () => ctx.api.recordConsent(read.request)).then(async (rec) => {
        if (!rec) return;
        ctx.notify(`Consent ${rec.id} recorded (${rec.status}).`);
        form.reset();
        await load();
      });
    };

    replace(root, h('h2', {}, 'Records'), list);
    await load();
    if (mayWrite) {
      const ids = [...new Set(records.map((r) => r.personaId))];
      root.append(consentForm(ids, submit).element);
    }
  },
};
