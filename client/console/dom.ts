// Tiny DOM builders for the console. Every piece of data goes in as a text node or textContent:
// nothing here ever parses a string as HTML, so question or corpus text with markup stays inert.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  className?: string;
  id?: string;
  /** Attributes set with setAttribute (aria-*, data-*, for, type, ...). */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  /** Event listeners. */
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
  hidden?: boolean;
}

/** `h('button', { className: 'primary' }, 'Save')` → an element whose children are text or nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.id) el.id = props.id;
  if (props.hidden) el.hidden = true;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, fn] of Object.entries(props.on ?? {})) {
    el.addEventListener(type, fn as EventListener);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(
      typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c,
    );
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

let nextId = 0;
/** A page-unique id for label/input pairs. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled form control: `<div class="field"><label for=…>label</label>control hint?</div>`. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLDivElement {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('p', { className: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { className: 'field' }, h('label', { attrs: { for: control.id } }, label), control, hintEl);
}

export function button(
  label: string,
  onClick: () => void,
  opts: { className?: string; attrs?: Props['attrs'] } = {},
): HTMLButtonElement {
  return h(
    'button',
    {
      className: opts.className ?? '',
      attrs: { type: 'button', ...opts.attrs },
      on: { click: () => onClick() },
    },
    label,
  );
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  const o = h('option', { attrs: { value } }, label);
  o.selected = selected;
  return o;
}

/** A small status word with a colour by `tone` (CSS `data-tone`). */
export function badge(
  text: string,
  tone: 'ok' | 'warn' | 'danger' | 'muted' | 'info',
  attrs: Props['attrs'] = {},
) {
  return h('span', { className: 'badge', attrs: { 'data-tone': tone, ...attrs } }, text);
}

/** A table from column headers and rows of cells. */
export function table(
  caption: string,
  headers: string[],
  rows: Child[][],
  rowAttrs?: (i: number) => Props['attrs'],
) {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
    h(
      'tbody',
      {},
      ...rows.map((cells, i) => h('tr', { attrs: rowAttrs?.(i) ?? {} }, ...cells.map((c) => h('td', {}, c)))),
    ),
  );
}

/** "3 Mar 2026, 14:05" in the viewer's locale, or "—". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "2 h 5 min", "45 s". */
export function formatDurationMs(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h ${min % 60} min`;
  return `${Math.round(hours / 24)} days`;
}
