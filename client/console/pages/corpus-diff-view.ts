import type { CorpusDiffDto } from '../../../common/governance.ts';
import { h } from '../dom.ts';

const KIND = { ' ': 'ctx', '-': 'del', '+': 'add' } as const;

/**
 * A unified diff as a coloured block: one `<span>` per line with `data-kind` add / del / ctx / hunk.
 * Lines go in as text, so a document's markup is shown, never run.
 */
export function renderDiff(diff: CorpusDiffDto): HTMLElement {
  const head = h(
    'p',
    { className: 'hint' },
    `Version ${diff.from} → ${diff.to}: ${diff.added} line${diff.added === 1 ? '' : 's'} added, ${diff.removed} removed${diff.minimal ? '' : ' (large change: the middle is shown as removed, then added)'}.`,
  );
  if (diff.hunks.length === 0) {
    return h(
      'div',
      { attrs: { 'data-diff': `${diff.from}-${diff.to}` } },
      head,
      h('p', {}, 'The two versions are identical.'),
    );
  }
  const pre = h('pre', {
    className: 'diff',
    attrs: { tabindex: 0, 'aria-label': `Changes from version ${diff.from} to ${diff.to}` },
  });
  pre.append(h('span', { attrs: { 'data-kind': 'file' } }, `--- ${diff.file} (version ${diff.from})`));
  pre.append(h('span', { attrs: { 'data-kind': 'file' } }, `+++ ${diff.file} (version ${diff.to})`));
  for (const hunk of diff.hunks) {
    pre.append(
      h(
        'span',
        { attrs: { 'data-kind': 'hunk' } },
        `@@ -${hunk.fromStart},${hunk.fromLines} +${hunk.toStart},${hunk.toLines} @@`,
      ),
    );
    for (const line of hunk.lines) {
      pre.append(h('span', { attrs: { 'data-kind': KIND[line.op] } }, `${line.op}${line.text}`));
    }
  }
  return h('div', { attrs: { 'data-diff': `${diff.from}-${diff.to}` } }, head, pre);
}
