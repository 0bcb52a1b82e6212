import { checkInclusion, ProofCheckUnavailable, type InclusionCheck } from '../../../common/audit-proof.ts';
import type { AuditEntryDto, AuditPublicKeyDto } from '../../../common/governance.ts';
import { badge, button, h, replace } from '../dom.ts';
import { describeError, type PageContext } from '../page.ts';

const STEP_TITLE = {
  leaf: 'Entry → leaf hash',
  path: 'Audit path → root',
  'sth-root': 'Root ↔ signed tree head',
  'sth-signature': 'Tree head signature',
} as const;

function renderCheck(check: InclusionCheck): HTMLElement {
  return h(
    'div',
    { className: 'proof', attrs: { 'data-verdict': check.ok ? 'ok' : 'failed', id: 'proof-result' } },
    h(
      'p',
      { className: 'verdict' },
      check.ok
        ? badge('Proof verified in this browser', 'ok')
        : badge('Proof FAILED: this entry is not proven to be in the signed log', 'danger'),
    ),
    h(
      'ol',
      { className: 'steps' },
      ...check.steps.map((s) =>
        h(
          'li',
          { attrs: { 'data-step': s.id, 'data-result': s.result } },
          badge(
            s.result === 'ok' ? '✓' : s.result === 'failed' ? '✗' : '—',
            s.result === 'ok' ? 'ok' : s.result === 'failed' ? 'danger' : 'muted',
            { 'aria-hidden': 'true' },
          ),
          ' ',
          h('strong', {}, `${STEP_TITLE[s.id]}: `),
          s.result === 'ok' ? 'passed. ' : s.result === 'failed' ? 'FAILED. ' : 'not checked here. ',
          h('span', { className: 'mono-wrap' }, s.detail),
        ),
      ),
    ),
  );
}

/**
 * One entry: its JSON (as text) and its inclusion proof in the latest tree, checked here with
 * WebCrypto — the server's answer is data to check, never a verdict to trust.
 */
export function entryDetail(
  ctx: PageContext,
  index: number,
  treeSize: number,
  keys: () => Promise<AuditPublicKeyDto[]>,
): HTMLElement {
  const json = h(
    'pre',
    { className: 'json', attrs: { id: 'entry-json', tabindex: 0, 'aria-label': `Entry ${index} as JSON` } },
    'Loading…',
  );
  const result = h('div', { attrs: { 'aria-live': 'polite' } });
  let entry: AuditEntryDto | null = null;

  const check = async () => {
    replace(result, h('p', { className: 'hint' }, 'Checking the proof…'));
    try {
      entry ??= await ctx.api.auditEntry(index, { signal: ctx.signal });
      replace(json, JSON.stringify(entry.entry, null, 2));
      const [proof, published] = await Promise.all([
        ctx.api.auditProof(index, treeSize, { signal: ctx.signal }),
        keys(),
      ]);
      replace(result, renderCheck(await checkInclusion(entry.entry, proof, published)));
    } catch (err) {
      if (ctx.signal.aborted) return;
      const unavailable = err instanceof ProofCheckUnavailable;
      replace(
        result,
        h(
          'p',
          {
            className: 'error',
            attrs: { 'data-verdict': unavailable ? 'unavailable' : 'error', id: 'proof-result' },
          },
          unavailable ? err.message : `Could not check the proof: ${describeError(err)}`,
        ),
      );
    }
  };

  const again = button('Check the proof again', () => void check(), { attrs: { id: 'recheck' } });
  const box = h(
    'section',
    {
      className: 'panel',
      attrs: { id: 'entry-detail', 'data-index': index, 'aria-labelledby': 'entry-title' },
    },
    h('h2', { id: 'entry-title', attrs: { tabindex: -1 } }, `Entry ${index}`),
    h(
      'p',
      { className: 'hint' },
      `Inclusion proof in the tree of ${treeSize} entries (RFC 9162), checked in this browser.`,
    ),
    result,
    again,
    h('h3', {}, 'Entry JSON'),
    json,
  );
  void check();
  return box;
}
