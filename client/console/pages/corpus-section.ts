import type {
  CorpusDocumentSummaryDto,
  CorpusVersionDto,
  CorpusVersionStatus,
} from '../../../common/governance.ts';
import { can } from '../access.ts';
import { badge, button, field, formatTime, h, option, replace } from '../dom.ts';
import { act, type PageContext } from '../page.ts';
import { renderDiff } from './corpus-diff-view.ts';

const TONE: Record<CorpusVersionStatus, 'warn' | 'ok' | 'danger'> = {
  pending: 'warn',
  approved: 'ok',
  withdrawn: 'danger',
};
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,95}\.md$/;

/** A corpus file name from an uploaded file's name ("Hybrid Work.md" → "Hybrid-Work.md"), or ''. */
export function corpusFileName(name: string): string {
  const base = name
    .replace(/\.(md|markdown|txt)$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '');
  const candidate = `${base.slice(0, 96)}.md`;
  return FILE_NAME.test(candidate) ? candidate : '';
}

/** The corpus of one persona: documents with status, versions, approve, diff, withdraw, upload. */
export function corpusSection(ctx: PageContext, personaId: string): HTMLElement {
  const manage = can(ctx.principal, 'corpus.manage');
  const list = h('div', { className: 'cards', attrs: { id: 'corpus-list' } });
  const section = h(
    'section',
    { attrs: { 'aria-labelledby': 'corpus-title' } },
    h('h2', { id: 'corpus-title' }, 'Corpus'),
    list,
  );

  const versionsView = (doc: CorpusDocumentSummaryDto, box: HTMLElement) => {
    replace(box, h('p', { className: 'hint' }, 'Loading versions…'));
    ctx.api
      .corpusDocument(personaId, doc.file, { signal: ctx.signal })
      .then((full) => {
        const rows = full.versions.map((v: CorpusVersionDto) => {
          const approve = button(
            `Approve version ${v.version}`,
            () => {
              void act(ctx, approve, () => ctx.api.approveCorpus(personaId, doc.file, v.version)).then(
                async (r) => {
                  if (!r) return;
                  ctx.notify(`${doc.file} version ${v.version} approved: the twin quotes it now.`);
                  await load();
                },
              );
            },
            { className: 'primary', attrs: { 'data-action': 'approve-version', 'data-version': v.version } },
          );
          const body = h(
            'details',
            {},
            h('summary', {}, 'Text'),
            h('pre', { className: 'json', attrs: { 'data-body': v.version } }, v.body),
          );
          return h(
            'li',
            { attrs: { 'data-version': v.version, 'data-status': v.status } },
            h('strong', {}, `Version ${v.version}`),
            ' ',
            badge(v.status, TONE[v.status]),
            v.inUse ? badge('in use', 'info') : null,
            h(
              'p',
              { className: 'hint' },
              `${v.title} · ${v.date} · ${v.source} · approved by ${v.approvedBy} · uploaded by ${v.uploadedBy} ${formatTime(v.uploadedAt)}${v.approval ? ` · registry approval ${v.approval.by} ${formatTime(v.approval.at)}` : ''}${v.withdrawal ? ` · withdrawn by ${v.withdrawal.by}: ${v.withdrawal.reason}` : ''}`,
            ),
            h('p', { className: 'hint mono-wrap' }, `sha256 ${v.hash}`),
            v.note ? h('p', { className: 'hint' }, `Note: ${v.note}`) : null,
            ...v.warnings.map((w) => h('p', { className: 'hint' }, `⚠ ${w}`)),
            manage && v.status === 'pending' ? approve : null,
            body,
          );
        });
        const nums = full.versions.map((v) => v.version);
        const from = h('select', {});
        const to = h('select', {});
        replace(from, ...nums.map((n, i) => option(String(n), `Version ${n}`, i === nums.length - 2)));
        replace(to, ...nums.map((n, i) => option(String(n), `Version ${n}`, i === nums.length - 1)));
        const diffBox = h('div', { attrs: { 'aria-live': 'polite' } });
        const diffBtn = button(
          'Show changes',
          () => {
            void act(ctx, diffBtn, () =>
              ctx.api.corpusDiff(personaId, doc.file, Number(from.value), Number(to.value), {
                signal: ctx.signal,
              }),
            ).then((d) => d && replace(diffBox, renderDiff(d)));
          },
          { attrs: { 'data-action': 'diff' } },
        );
        replace(
          box,
          h('ol', { className: 'versions' }, ...rows),
          nums.length > 1
            ? h(
                'div',
                { className: 'inline-form' },
                field('From', from),
                field('To', to),
                h('div', { className: 'actions' }, diffBtn),
              )
            : null,
          diffBox,
        );
      })
      .catch((err: unknown) => {
        replace(box);
        ctx.fail(err);
      });
  };

  const card = (doc: CorpusDocumentSummaryDto) => {
    const versionsBox = h('div', {});
    const reason = h('input', { attrs: { type: 'text', maxlength: 1000, autocomplete: 'off' } });
    const withdraw = button(
      'Withdraw',
      () => {
        if (!reason.value.trim()) {
          ctx.fail(new Error('Withdraw: say why the document is withdrawn.'));
          reason.focus();
          return;
        }
        void act(ctx, withdraw, () => ctx.api.withdrawCorpus(personaId, doc.file, reason.value.trim())).then(
          async (r) => {
            if (!r) return;
            ctx.notify(`${doc.file} withdrawn: the twin stops quoting it at once.`);
            await load();
          },
        );
      },
      { className: 'danger', attrs: { 'data-action': 'withdraw' } },
    );
    // Versions, diff and withdrawal sit behind one disclosure, so a long corpus stays scannable.
    const details = h(
      'details',
      { className: 'history' },
      h('summary', {}, `Versions (${doc.versionCount})`),
      versionsBox,
      manage && doc.latest.status !== 'withdrawn'
        ? h(
            'div',
            { className: 'inline-form' },
            field('Reason to withdraw', reason),
            h('div', { className: 'actions' }, withdraw),
          )
        : null,
    );
    details.addEventListener('toggle', () => {
      if (details.open && !versionsBox.childElementCount) versionsView(doc, versionsBox);
    });
    const status =
      doc.activeVersion !== null
        ? 'in use'
        : doc.latest.status === 'withdrawn'
          ? 'withdrawn'
          : 'not approved';
    return h(
      'article',
      {
        className: 'card',
        attrs: { 'data-file': doc.file, 'data-status': doc.latest.status, 'aria-label': doc.file },
      },
      h(
        'header',
        { className: 'card-head' },
        h('h3', {}, doc.latest.title),
        badge(
          status,
          doc.activeVersion !== null ? 'ok' : doc.latest.status === 'withdrawn' ? 'danger' : 'warn',
        ),
        doc.pendingVersions.length ? badge(`${doc.pendingVersions.length} pending`, 'warn') : null,
      ),
      h(
        'p',
        { className: 'hint' },
        `${doc.file} · latest version ${doc.latest.version} (${doc.latest.status}) · in use: ${doc.activeVersion ?? 'none'} · ${doc.latest.date} · ${doc.latest.source}`,
      ),
      details,
    );
  };

  const load = async () => {
    const { documents } = await ctx.api.corpus(personaId, { signal: ctx.signal });
    if (ctx.signal.aborted) return;
    replace(
      list,
      ...(documents.length ? documents.map(card) : [h('p', { className: 'hint' }, 'No documents yet.')]),
    );
  };

  if (manage) section.append(uploadForm(ctx, personaId, load));
  void load().catch((err: unknown) => ctx.fail(err));
  return section;
}

function uploadForm(ctx: PageContext, personaId: string, reload: () => Promise<void>): HTMLFormElement {
  const picker = h('input', { attrs: { type: 'file', accept: '.md,.markdown,text/markdown,text/plain' } });
  const file = h('input', {
    attrs: { type: 'text', maxlength: 99, autocomplete: 'off', spellcheck: 'false', id: 'corpus-file' },
  });
  const markdown = h('textarea', { attrs: { rows: 10, id: 'corpus-markdown', spellcheck: 'false' } });
  const note = h('input', { attrs: { type: 'text', maxlength: 1000, autocomplete: 'off' } });
  picker.addEventListener('change', () => {
    const f = picker.files?.[0];
    if (!f) return;
    if (!file.value) file.value = corpusFileName(f.name);
    f.text().then(
      (t) => (markdown.value = t),
      (err: unknown) => ctx.fail(err),
    );
  });
  const submit = h(
    'button',
    { className: 'primary', attrs: { type: 'submit', id: 'corpus-upload' } },
    'Upload for approval',
  );
  const form = h(
    'form',
    { className: 'panel form-grid', attrs: { novalidate: true, 'aria-labelledby': 'upload-title' } },
    h('h2', { id: 'upload-title' }, 'Upload Markdown'),
    field('Markdown file (optional: fills the fields below)', picker),
    field(
      'File name in the corpus',
      file,
      'e.g. hybrid-work.md; the same name as an existing document makes a new version.',
    ),
    field('Note (optional)', note),
    h(
      'div',
      { className: 'field wide' },
      h(
        'label',
        { attrs: { for: markdown.id } },
        'Document (front matter: title, date, source, approved_by, topics; then the text)',
      ),
      markdown,
    ),
    h('div', { className: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = file.value.trim();
    if (!FILE_NAME.test(name)) {
      ctx.fail(new Error('File name: letters, digits, "-" or "_", ending in .md.'));
      file.focus();
      return;
    }
    void act(ctx, submit, () =>
      ctx.api.uploadCorpus(personaId, {
        file: name,
        markdown: markdown.value,
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
      }),
    ).then(async (v) => {
      if (!v) return;
      ctx.notify(`${v.file} version ${v.version} uploaded (${v.status}): approve it to put it in use.`);
      form.reset();
      await reload();
    });
  });
  return form;
}
