import type { PersonaDetailDto } from '../../../common/governance.ts';
import { can } from '../access.ts';
import type * as PreviewModule from '../avatar-preview.ts';
import type { AvatarPreview } from '../avatar-preview.ts';
import { badge, field, formatTime, h, replace } from '../dom.ts';
import { act, describeError, type PageContext } from '../page.ts';

let previewModule: Promise<typeof PreviewModule> | null = null;
/** Babylon and the glTF loader load only when a preview is first shown. */
function loadPreviewModule(): Promise<typeof PreviewModule> {
  previewModule ??= import('../avatar-preview.ts').catch((err: unknown) => {
    previewModule = null; // allow a retry after a failed download
    throw err;
  });
  return previewModule;
}

/** The persona's avatar: what clients load now, and a GLB upload checked by the server, with a preview. */
export function avatarSection(ctx: PageContext, persona: PersonaDetailDto, signal: AbortSignal): HTMLElement {
  const manage = can(ctx.principal, 'corpus.manage');
  const canvas = h('canvas', {
    className: 'avatar-preview',
    attrs: {
      id: 'avatar-canvas',
      tabindex: 0,
      'aria-label': 'Avatar preview: drag or use the arrow keys to turn it',
    },
  });
  canvas.hidden = true;
  const previewNote = h('p', {
    className: 'hint',
    attrs: { id: 'avatar-preview-note', 'aria-live': 'polite' },
  });
  const verdict = h('div', { attrs: { id: 'avatar-verdict', 'aria-live': 'polite' } });
  let preview: AvatarPreview | null = null;
  // The render loop stops when the section goes away (another persona, another page).
  signal.addEventListener(
    'abort',
    () => {
      preview?.dispose();
      preview = null;
    },
    { once: true },
  );

  const showPreview = async (bytes: ArrayBuffer, label: string) => {
    preview?.dispose();
    preview = null;
    canvas.hidden = false;
    previewNote.textContent = `Loading the preview of ${label}…`;
    try {
      const mod = await loadPreviewModule();
      if (signal.aborted) return;
      preview = await mod.showAvatarPreview(canvas, bytes);
      if (signal.aborted) {
        preview.dispose();
        preview = null;
        return;
      }
      previewNote.textContent = `${label}: ${preview.meshCount} meshes, ${preview.morphTargets.length} morph targets.`;
      canvas.dataset.loaded = 'true';
    } catch (err) {
      canvas.hidden = true;
      previewNote.textContent = `The preview could not load ${label}: ${describeError(err)}`;
    }
  };

  let current = persona.avatar;
  const info = h('dl', { className: 'facts', attrs: { id: 'avatar-info' } });
  const renderInfo = () =>
    replace(
      info,
      h('dt', {}, 'In use'),
      h('dd', {}, current ? `${current.url} (${current.source})` : 'none'),
      current?.sha256 ? h('dt', {}, 'SHA-256') : null,
      current?.sha256 ? h('dd', { className: 'mono-wrap' }, current.sha256) : null,
      current?.uploadedAt ? h('dt', {}, 'Uploaded') : null,
      current?.uploadedAt
        ? h('dd', {}, `${formatTime(current.uploadedAt)} by ${current.uploadedBy ?? '—'}`)
        : null,
    );
  renderInfo();
  const showCurrent = h(
    'button',
    { attrs: { type: 'button', id: 'avatar-show-current' } },
    'Preview the avatar in use',
  );
  showCurrent.hidden = !current;
  showCurrent.addEventListener('click', () => {
    const url = current?.url;
    if (!url) return;
    void act(ctx, showCurrent, async () => {
      const res = await fetch(url, { signal });
      if (!res.ok) throw new Error(`The avatar could not be downloaded (HTTP ${res.status}).`);
      await showPreview(await res.arrayBuffer(), 'the avatar in use');
    });
  });

  const picker = h('input', { attrs: { type: 'file', accept: '.glb,model/gltf-binary', id: 'avatar-file' } });
  const upload = h(
    'button',
    { className: 'primary', attrs: { type: 'submit', id: 'avatar-upload' } },
    'Check and upload',
  );
  const form = h(
    'form',
    { className: 'inline-form', attrs: { novalidate: true } },
    field('Avatar file (GLB with the 15 viseme and 2 blink morph targets)', picker),
    h('div', { className: 'actions' }, upload),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = picker.files?.[0];
    if (!f) {
      ctx.fail(new Error('Choose a .glb file first.'));
      return;
    }
    replace(verdict, h('p', { className: 'hint' }, 'The server is checking the file…'));
    void act(ctx, upload, async () => {
      const bytes = await f.arrayBuffer();
      const r = await ctx.api.uploadAvatar(persona.id, bytes);
      if (r.ok) {
        replace(
          verdict,
          h(
            'div',
            { attrs: { 'data-accepted': 'true' } },
            badge(
              r.result.changed ? 'Accepted: now the persona’s avatar' : 'Accepted: already the avatar in use',
              'ok',
            ),
            h('p', { className: 'hint' }, `${r.result.morphTargets.length} morph targets, ${f.size} bytes.`),
          ),
        );
        current = r.result.avatar;
        renderInfo();
        showCurrent.hidden = false;
      } else {
        replace(
          verdict,
          h(
            'div',
            { attrs: { 'data-accepted': 'false' } },
            badge(`Refused (${r.status} ${r.code})`, 'danger'),
            h('p', {}, r.message),
            r.missing.length
              ? h(
                  'div',
                  {},
                  h('p', {}, 'Missing morph targets:'),
                  h('ul', { attrs: { id: 'avatar-missing' } }, ...r.missing.map((m) => h('li', {}, m))),
                )
              : null,
          ),
        );
      }
      // Show what was checked either way: the person sees the file they chose.
      await showPreview(bytes, f.name);
    });
  });

  return h(
    'section',
    { className: 'panel', attrs: { 'aria-labelledby': 'avatar-title' } },
    h('h2', { id: 'avatar-title' }, 'Avatar'),
    info,
    h('div', { className: 'actions' }, showCurrent),
    manage ? form : null,
    verdict,
    canvas,
    previewNote,
  );
}
