import { field, h, option, replace } from '../dom.ts';
import type { ConsolePage, PageContext } from '../page.ts';
import { avatarSection } from './avatar-section.ts';
import { corpusSection } from './corpus-section.ts';

/** Personas: the leader's profile, avatar (upload + preview) and corpus (upload, approve, diff, withdraw). */
export const personasPage: ConsolePage = {
  id: 'personas',
  title: 'Personas',
  async render(root: HTMLElement, ctx: PageContext) {
    const { personas } = await ctx.api.personas({ signal: ctx.signal });
    if (personas.length === 0) {
      replace(
        root,
        h('p', { className: 'lede' }, 'No personas: add a folder under assets/personas/ and restart.'),
      );
      return;
    }
    const pick = h('select', { attrs: { id: 'persona-pick' } });
    replace(pick, ...personas.map((p, i) => option(p.id, `${p.name} (${p.id})`, i === 0)));
    const body = h('div', {});
    let shown: AbortController | null = null;
    const show = async () => {
      const persona = await ctx.api.persona(pick.value, { signal: ctx.signal });
      if (ctx.signal.aborted) return;
      shown?.abort();
      shown = new AbortController();
      replace(
        body,
        h(
          'section',
          { className: 'panel', attrs: { 'data-persona': persona.id, 'aria-label': persona.name } },
          h('h2', {}, persona.name),
          h('p', {}, [persona.title, persona.organization].filter(Boolean).join(' · ')),
          h(
            'p',
            { className: 'hint' },
            `Corpus: ${persona.corpus.documents} documents, ${persona.corpus.active} in use, ${persona.corpus.pendingVersions} versions waiting for approval, ${persona.corpus.withdrawn} withdrawn.`,
          ),
          h('p', { className: 'hint' }, `Disclosure: ${persona.disclosure}`),
        ),
        avatarSection(ctx, persona, AbortSignal.any([ctx.signal, shown.signal])),
        corpusSection(ctx, persona.id),
      );
    };
    pick.addEventListener('change', () => void show().catch((err: unknown) => ctx.fail(err)));
    replace(root, personas.length > 1 ? field('Persona', pick) : null, body);
    await show();
  },
};
