import {
  CONSENT_MODALITIES,
  type ConsentModality,
  type ConsentPerson,
  type RecordConsentRequest,
} from '../../../common/governance.ts';
import { field, h, option, replace, uid } from '../dom.ts';

/** `"Ana Ruiz, Chief of staff"` lines → people; the first comma splits name from role. */
export function parsePeople(text: string): { people: ConsentPerson[]; error: string | null } {
  const people: ConsentPerson[] = [];
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const comma = line.indexOf(',');
    const name = comma < 0 ? '' : line.slice(0, comma).trim();
    const role = comma < 0 ? '' : line.slice(comma + 1).trim();
    if (!name || !role) return { people, error: `Delegate line ${i + 1}: write "Name, Role".` };
    people.push({ name, role });
  }
  return { people, error: null };
}

/** "a, b , *" → ["a","b","*"]; empty → ["*"] is NOT assumed: the server wants an explicit scope. */
export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A `datetime-local` value (local time) as an ISO instant, or null when empty or invalid. */
export function localToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** `Date` → the `datetime-local` value for the viewer's time zone (minutes precision). */
export function isoToLocal(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface ConsentForm {
  element: HTMLFormElement;
  /** The request, or the first problem in words (the server validates again). */
  read(): { request: RecordConsentRequest } | { error: string };
  reset(): void;
}

/** The "record consent" form: who granted and signed, the validity window and the scope. */
export function consentForm(personaIds: string[], onSubmit: (form: ConsentForm) => void): ConsentForm {
  const text = (attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { attrs: { type: 'text', autocomplete: 'off', ...attrs } });
  const listId = uid('personas');
  const persona = text({ list: listId, maxlength: 100, required: true, spellcheck: 'false' });
  persona.value = personaIds[0] ?? '';
  const leaderName = text({ maxlength: 200, required: true });
  const leaderRole = text({ maxlength: 200, required: true });
  const delegates = h('textarea', { attrs: { rows: 2 } });
  const signedBy = h('select', {});
  const now = new Date();
  const signedAt = h('input', { attrs: { type: 'datetime-local', required: true } });
  const validFrom = h('input', { attrs: { type: 'datetime-local', required: true } });
  const validUntil = h('input', { attrs: { type: 'datetime-local' } });
  const rooms = text({ maxlength: 2000 });
  const topics = text({ maxlength: 2000 });
  const modalities = CONSENT_MODALITIES.map((m) => {
    const box = h('input', { attrs: { type: 'checkbox', value: m, name: 'modality' } });
    box.checked = true;
    return box;
  });

  const refreshSigners = () => {
    const current = signedBy.value;
    const { people } = parsePeople(delegates.value);
    const leader = leaderName.value.trim() || 'the leader';
    replace(
      signedBy,
      option('leader', `${leader} (the leader)`, current === 'leader' || !current),
      ...people.map((p, i) => option(String(i), `${p.name}, ${p.role} (delegate)`, current === String(i))),
    );
  };
  leaderName.addEventListener('input', refreshSigners);
  delegates.addEventListener('input', refreshSigners);

  const reset = () => {
    for (const el of [leaderName, leaderRole, delegates]) el.value = '';
    signedAt.value = isoToLocal(now);
    validFrom.value = isoToLocal(now);
    validUntil.value = '';
    rooms.value = '*';
    topics.value = '*';
    for (const m of modalities) m.checked = true;
    refreshSigners();
  };

  const read = (): { request: RecordConsentRequest } | { error: string } => {
    const personaId = persona.value.trim();
    if (!personaId) return { error: 'Persona: enter the leader’s persona id.' };
    const grantedBy = { name: leaderName.value.trim(), role: leaderRole.value.trim() };
    if (!grantedBy.name || !grantedBy.role) return { error: 'Leader: enter a name and a role.' };
    const d = parsePeople(delegates.value);
    if (d.error) return { error: d.error };
    const signer = signedBy.value === 'leader' ? grantedBy : d.people[Number(signedBy.value)];
    const signed = localToIso(signedAt.value);
    const from = localToIso(validFrom.value);
    if (!signed) return { error: 'Signed at: enter a date and time.' };
    if (!from) return { error: 'Valid from: enter a date and time.' };
    const until = validUntil.value ? localToIso(validUntil.value) : null;
    if (validUntil.value && !until)
      return { error: 'Valid until: enter a date and time, or leave it empty.' };
    const chosen = modalities.filter((m) => m.checked).map((m) => m.value as ConsentModality);
    return {
      request: {
        personaId,
        grantedBy,
        delegates: d.people,
        ...(signer ? { signedBy: signer } : {}),
        signedAt: signed,
        validFrom: from,
        validUntil: until,
        scope: { rooms: parseList(rooms.value), topics: parseList(topics.value), modalities: chosen },
      },
    };
  };

  const element = h(
    'form',
    {
      className: 'panel form-grid',
      attrs: { id: 'consent-form', novalidate: true, 'aria-labelledby': 'consent-form-title' },
    },
    h('h2', { id: 'consent-form-title' }, 'Record consent'),
    field('Persona id', persona, 'The leader’s persona folder name, e.g. jordan-lee.'),
    h('datalist', { id: listId }, ...personaIds.map((p) => option(p, p))),
    field('Leader’s name', leaderName),
    field('Leader’s role', leaderRole),
    field(
      'Delegates (one per line: Name, Role)',
      delegates,
      'People the leader names to sign or revoke for them.',
    ),
    field('Signed by', signedBy),
    field('Signed at', signedAt),
    field('Valid from', validFrom),
    field('Valid until (empty: no end)', validUntil),
    field('Rooms (comma-separated ids, * for every room)', rooms),
    field('Topics (comma-separated, * for every topic)', topics),
    h(
      'fieldset',
      { className: 'checks' },
      h('legend', {}, 'Modalities'),
      ...modalities.map((box) => {
        box.id = uid('modality');
        return h('label', { className: 'check', attrs: { for: box.id } }, box, ` ${box.value}`);
      }),
    ),
    h(
      'div',
      { className: 'actions' },
      h(
        'button',
        { className: 'primary', attrs: { type: 'submit', id: 'consent-submit' } },
        'Record consent',
      ),
    ),
  );
  const form: ConsentForm = { element, read, reset };
  element.addEventListener('submit', (ev) => {
    ev.preventDefault();
    onSubmit(form);
  });
  reset();
  return form;
}
