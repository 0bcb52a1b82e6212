import { checkSthSignature } from '../../../common/audit-proof.ts';
import type { AuditEntryDto, AuditPublicKeyDto, SignedTreeHeadDto } from '../../../common/governance.ts';
import { can } from '../access.ts';
import { badge, button, formatTime, h, replace } from '../dom.ts';
import type { AuditPage } from '../gov-api.ts';
import { act, describeError, type ConsolePage, type PageContext } from '../page.ts';
import { entryDetail } from './audit-proof-view.ts';

export const AUDIT_PAGE_SIZE = 20;

/** A one-line summary of an entry for the table ("consent.recorded", "answer: When does…"). */
export function summarize(e: Record<string, unknown>): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (e.kind === 'governance') return str(e.event) || 'governance';
  if (e.kind === 'utterance') {
    const q = e.question as { text?: unknown } | undefined;
    const text = str(q?.text);
    return `${str(e.decision) || 'utterance'}: ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
  }
  if (e.kind === 'utterance.audio') return `audio of entry ${String(e.utteranceIndex ?? '?')}`;
  return str(e.kind) || 'entry';
}

function entryTime(e: Record<string, unknown>): string | null {
  if (typeof e.at === 'string') return e.at;
  const ts = e.timestamps as { loggedAt?: unknown } | undefined;
  if (typeof ts?.loggedAt === 'string') return ts.loggedAt;
  return typeof e.loggedAt === 'string' ? e.loggedAt : null;
}

/** The audit browser: the signed tree head, paged entries, per-entry proofs and the whole-log check. */
export const auditPage: ConsolePage = {
  id: 'audit',
  title: 'Audit log',
  async render(root: HTMLElement, ctx: PageContext) {
    const sthBox = h('section', { className: 'panel', attrs: { id: 'sth', 'aria-labelledby': 'sth-title' } });
    const verifyBox = h('div', { attrs: { id: 'verify-result', 'aria-live': 'polite' } });
    const tableBox = h('div', { className: 'table-wrap' });
    const pager = h('div', { className: 'pager actions' });
    const detailBox = h('div', {});
    let keysPromise: Promise<AuditPublicKeyDto[]> | null = null;
    const keys = () => {
      keysPromise ??= ctx.api.auditKeys({ signal: ctx.signal }).then((r) => r.keys);
      keysPromise.catch(() => (keysPromise = null));
      return keysPromise;
    };
    let page: AuditPage | null = null;

    const renderSth = async (sth: SignedTreeHeadDto) => {
      const sig = await checkSthSignature(sth, await keys()).catch((err: unknown) => describeError(err));
      const sigText =
        sig === 'ok'
          ? badge('signature valid (checked in this browser)', 'ok')
          : sig === 'unsupported'
            ? badge('signature checked by the server', 'muted')
            : badge(`signature NOT valid: ${sig}`, 'danger');
      replace(
        sthBox,
        h('h2', { id: 'sth-title' }, 'Signed tree head'),
        h(
          'dl',
          { className: 'facts' },
          h('dt', {}, 'Entries'),
          h('dd', { attrs: { id: 'sth-size' } }, String(sth.treeSize)),
          h('dt', {}, 'Root'),
          h('dd', { className: 'mono-wrap' }, sth.rootHash),
          h('dt', {}, 'Signed'),
          h('dd', {}, `${formatTime(new Date(sth.timestampMs).toISOString())} · ${sth.keyId} · `, sigText),
        ),
        h(
          'p',
          { className: 'hint' },
          'Keep this root to compare with later: a log cut back to an earlier signed state is only detectable that way.',
        ),
        h('div', { className: 'actions' }, verifyBtn, can(ctx.principal, 'audit.verify') ? exportBtn : null),
        verifyBox,
      );
    };

    const verifyBtn = button(
      'Verify whole log',
      () => {
        replace(
          verifyBox,
          h('p', { className: 'hint' }, 'The server is re-checking every entry and signed tree head…'),
        );
        void act(ctx, verifyBtn, () => ctx.api.auditVerify({ signal: ctx.signal })).then((r) => {
          if (!r) return replace(verifyBox);
          replace(
            verifyBox,
            h(
              'div',
              { attrs: { 'data-ok': String(r.ok) } },
              r.ok
                ? badge(`Intact: ${r.entries} entries, tree size ${r.treeSize ?? 0}`, 'ok')
                : badge(`NOT intact: ${r.problem ?? 'unknown problem'}`, 'danger'),
              r.rootHash ? h('p', { className: 'hint mono-wrap' }, `root ${r.rootHash}`) : null,
              ...r.warnings.map((w) => h('p', { className: 'hint' }, w)),
            ),
          );
        });
      },
      { className: 'primary', attrs: { id: 'verify-log' } },
    );

    // The export needs the bearer header, so it is fetched and handed to the browser as a file.
    const exportBtn = button(
      'Download export (JSON Lines)',
      () => {
        void act(ctx, exportBtn, async () => {
          const res = await ctx.api.raw('GET', '/api/governance/audit/export', undefined, {
            signal: ctx.signal,
            timeoutMs: 300_000,
          });
          if (!res.ok) throw new Error(`Export failed (HTTP ${res.status})`);
          const url = URL.createObjectURL(await res.blob());
          const a = h('a', {
            attrs: { href: url, download: `podium-audit-${new Date().toISOString().slice(0, 10)}.jsonl` },
          });
          a.click();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
        });
      },
      { attrs: { id: 'export-log' } },
    );

    const show = (index: number) => {
      if (!page) return;
      const detail = entryDetail(ctx, index, page.treeSize, keys);
      replace(detailBox, detail);
      detail.querySelector<HTMLElement>('#entry-title')?.focus();
    };

    const renderTable = (p: AuditPage) => {
      const rows = p.entries.map((e: AuditEntryDto) =>
        h(
          'tr',
          { attrs: { 'data-index': e.index } },
          h('th', { attrs: { scope: 'row' } }, String(e.index)),
          h('td', {}, String(e.entry.kind ?? '')),
          h('td', { className: 'summary' }, summarize(e.entry)),
          h('td', {}, formatTime(entryTime(e.entry))),
          h(
            'td',
            {},
            button('View and check proof', () => show(e.index), {
              attrs: { 'data-action': 'view', 'aria-label': `View entry ${e.index} and check its proof` },
            }),
          ),
        ),
      );
      replace(
        tableBox,
        h(
          'table',
          { attrs: { id: 'audit-table' } },
          h(
            'caption',
            {},
            p.entries.length
              ? `Entries ${p.entries[0]!.index}–${p.entries[p.entries.length - 1]!.index} of ${p.treeSize}`
              : 'No entries',
          ),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['#', 'Kind', 'What', 'When', ''].map((t) => h('th', { attrs: { scope: 'col' } }, t)),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      );
      const first = p.entries[0]?.index ?? 0;
      const earlier = button('← Earlier', () => void load(Math.max(0, first - AUDIT_PAGE_SIZE)), {
        attrs: { id: 'audit-earlier' },
      });
      earlier.disabled = first === 0;
      const later = button('Later →', () => void load(first + AUDIT_PAGE_SIZE), {
        attrs: { id: 'audit-later' },
      });
      later.disabled = first + p.entries.length >= p.treeSize;
      const latest = button('Latest', () => void load(null), { attrs: { id: 'audit-latest' } });
      replace(pager, earlier, later, latest);
    };

    /** Loads the page starting at `from`, or the newest page when null. */
    const load = async (from: number | null) => {
      try {
        let start = from;
        if (start === null) {
          const sth = await ctx.api.auditSth({ signal: ctx.signal });
          start = Math.max(0, sth.treeSize - AUDIT_PAGE_SIZE);
        }
        page = await ctx.api.auditEntries(start, AUDIT_PAGE_SIZE, { signal: ctx.signal });
        if (ctx.signal.aborted) return;
        renderTable(page);
        await renderSth(page.sth);
      } catch (err) {
        ctx.fail(err);
      }
    };

    replace(root, sthBox, h('h2', {}, 'Entries'), tableBox, pager, detailBox);
    await load(null);
  },
};
