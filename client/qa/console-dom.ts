/**
 * The host/moderator console's DOM. Like the panel, everything people typed goes in through
 * `textContent` only, so markup in a question, an answer or a name stays inert text.
 */
import type { StageEntryDto } from '../../common/qa.ts';
import {
  CONSOLE_ACTION_LABELS,
  CONSOLE_TABS,
  TAB_LABELS,
  consoleActions,
  type ConsoleTab,
} from './console-state.ts';
import { el } from './qa-dom.ts';
import { stateLabel, type PanelQuestion, type QaPermissions } from './qa-state.ts';

export interface ConsoleElements {
  toggle: HTMLButtonElement;
  panel: HTMLElement;
  close: HTMLButtonElement;
  error: HTMLElement;
  next: HTMLElement;
  live: HTMLElement;
  tabs: HTMLElement;
  list: HTMLOListElement;
  empty: HTMLElement;
  stage: HTMLOListElement;
  stageEmpty: HTMLElement;
  people: HTMLOListElement;
  hostTools: HTMLElement;
}

export function buildConsoleElements(doc: Document, perms: QaPermissions): ConsoleElements {
  const title = perms.host ? 'Host console' : 'Moderator console';
  const toggle = el(
    doc,
    'button',
    { type: 'button', id: 'btn-console', 'aria-expanded': 'false', 'aria-controls': 'qa-console' },
    'Console',
  );
  const panel = el(doc, 'section', {
    id: 'qa-console',
    class: 'qa-console',
    'aria-labelledby': 'console-title',
  });
  panel.hidden = true;
  const header = el(doc, 'header', { class: 'qa-header' });
  const close = el(
    doc,
    'button',
    { type: 'button', id: 'console-close', 'aria-label': `Close ${title}` },
    '×',
  );
  header.append(el(doc, 'h2', { id: 'console-title' }, title), close);
  const error = el(doc, 'p', { id: 'console-error', class: 'qa-error', role: 'alert' });

  const next = el(doc, 'div', { id: 'console-next', class: 'console-card', 'aria-label': 'Next question' });
  const live = el(doc, 'div', { id: 'console-live', class: 'console-card', 'aria-label': 'Live question' });
  next.hidden = !perms.host;
  live.hidden = true;

  const tabs = el(doc, 'div', {
    id: 'console-tabs',
    class: 'console-tabs',
    role: 'tablist',
    'aria-label': 'Queue',
  });
  for (const t of CONSOLE_TABS) {
    tabs.append(
      el(doc, 'button', {
        type: 'button',
        role: 'tab',
        id: `console-tab-${t}`,
        'data-tab': t,
        'aria-selected': 'false',
        'aria-controls': 'console-list',
      }),
    );
  }
  const list = el(doc, 'ol', { id: 'console-list', class: 'qa-list console-list', role: 'tabpanel' });
  const empty = el(doc, 'p', { id: 'console-empty', class: 'qa-empty' });

  const stageSection = el(doc, 'section', {
    class: 'console-stage',
    'aria-labelledby': 'console-stage-title',
  });
  const stage = el(doc, 'ol', {
    id: 'console-stage-list',
    class: 'qa-list',
    'aria-label': 'Raised hands and stage',
  });
  const stageEmpty = el(doc, 'p', { id: 'console-stage-empty', class: 'qa-empty' }, 'No raised hands.');
  const hostTools = el(doc, 'div', { class: 'qa-actions' });
  hostTools.hidden = !perms.host;
  hostTools.append(
    el(doc, 'button', { type: 'button', id: 'console-mute-all', 'data-cmd': 'mute-all' }, 'Mute all'),
    el(
      doc,
      'button',
      { type: 'button', id: 'console-end', class: 'danger', 'data-cmd': 'end' },
      'End session',
    ),
  );
  const peopleBox = el(doc, 'details', { class: 'console-people' });
  const people = el(doc, 'ol', {
    id: 'console-people',
    class: 'qa-list',
    'aria-label': 'People in the room',
  });
  peopleBox.append(el(doc, 'summary', {}, 'People in the room'), people);
  peopleBox.hidden = !perms.host;
  stageSection.append(
    el(doc, 'h3', { id: 'console-stage-title' }, 'Raised hands & stage'),
    stage,
    stageEmpty,
    hostTools,
    peopleBox,
  );

  const body = el(doc, 'div', { class: 'console-body' });
  body.append(next, live, tabs, list, empty, stageSection);
  panel.append(header, error, body);
  return { toggle, panel, close, error, next, live, tabs, list, empty, stage, stageEmpty, people, hostTools };
}

export function renderTabs(tabs: HTMLElement, active: ConsoleTab, counts: Record<ConsoleTab, number>): void {
  for (const b of tabs.querySelectorAll<HTMLButtonElement>('button[data-tab]')) {
    const t = b.dataset.tab as ConsoleTab;
    b.textContent = `${TAB_LABELS[t]} (${counts[t]})`;
    b.setAttribute('aria-selected', String(t === active));
    b.tabIndex = t === active ? 0 : -1;
  }
}

function who(q: PanelQuestion): string {
  return q.anonymous ? 'Anonymous' : (q.author?.name ?? 'Anonymous');
}

/** The question's text, author, votes and moderation notes (shared by the list and the cards). */
function questionBody(doc: Document, q: PanelQuestion, all: readonly PanelQuestion[]): HTMLElement[] {
  const out: HTMLElement[] = [el(doc, 'p', { class: 'qa-text' }, q.text)];
  const meta = el(doc, 'p', { class: 'qa-meta' });
  meta.append(
    el(doc, 'span', { class: 'qa-author' }, who(q)),
    el(doc, 'span', { class: 'qa-votes' }, `${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}`),
    el(doc, 'span', { class: 'qa-state', 'data-state': q.state }, stateLabel(q.state)),
  );
  if (q.starred) meta.append(el(doc, 'span', { class: 'qa-star' }, '★ Starred'));
  if (q.flagged) meta.append(el(doc, 'span', { class: 'qa-flag' }, 'Flagged'));
  out.push(meta);
  const m = q.moderation;
  if (m?.originalText && m.originalText !== q.text) {
    out.push(el(doc, 'p', { class: 'console-original' }, `Original: ${m.originalText}`));
  }
  if (q.mergedInto) {
    const into = all.find((x) => x.id === q.mergedInto);
    out.push(el(doc, 'p', { class: 'console-note' }, `Merged into: ${into ? into.text : q.mergedInto}`));
  } else if (m?.dismissReason) {
    out.push(el(doc, 'p', { class: 'console-note' }, `Reason: ${m.dismissReason}`));
  }
  if (q.answer) {
    const mode =
      q.answer.mode === 'twin' ? 'AI twin' : q.answer.mode === 'leader' ? 'Leader (live)' : 'Written';
    out.push(el(doc, 'p', { class: 'console-note' }, `${mode}: ${q.answer.text ?? '(no summary)'}`));
  }
  return out;
}

/** One queue item; buttons carry `data-action`, the item `data-id`. */
export function renderConsoleQuestion(
  doc: Document,
  q: PanelQuestion,
  perms: QaPermissions,
  all: readonly PanelQuestion[],
  pickedId: string | null,
): HTMLLIElement {
  const li = el(doc, 'li', { class: 'qa-item', 'data-id': q.id, 'data-state': q.state });
  if (q.id === pickedId) li.dataset.picked = 'true';
  li.append(...questionBody(doc, q, all));
  const row = el(doc, 'div', { class: 'qa-actions' });
  for (const a of consoleActions(q, perms)) {
    const attrs: Record<string, string> = { type: 'button', 'data-action': a };
    if (a === 'star') attrs['aria-pressed'] = String(q.starred);
    const label = a === 'star' ? (q.starred ? 'Unstar' : 'Star') : CONSOLE_ACTION_LABELS[a];
    row.append(el(doc, 'button', attrs, label));
  }
  if (row.childElementCount > 0) li.append(row);
  return li;
}

/** The host's "next question" card: what will be sent, and the three ways to answer it. */
export function renderNextCard(
  card: HTMLElement,
  q: PanelQuestion | null,
  picked: boolean,
  all: readonly PanelQuestion[],
): void {
  const doc = card.ownerDocument;
  const heading = el(doc, 'h3', {}, picked ? 'Next question (picked)' : 'Next question (top approved)');
  if (!q) {
    card.replaceChildren(heading, el(doc, 'p', { class: 'qa-empty' }, 'No approved questions yet.'));
    delete card.dataset.id;
    return;
  }
  card.dataset.id = q.id;
  const row = el(doc, 'div', { class: 'qa-actions' });
  row.append(
    el(doc, 'button', { type: 'button', class: 'primary', 'data-cmd': 'twin' }, 'Ask the twin'),
    el(doc, 'button', { type: 'button', 'data-cmd': 'leader' }, 'Hand to the leader'),
    el(doc, 'button', { type: 'button', 'data-cmd': 'written' }, 'Answer in writing…'),
  );
  if (picked) row.append(el(doc, 'button', { type: 'button', 'data-cmd': 'unpick' }, 'Use top approved'));
  card.replaceChildren(heading, ...questionBody(doc, q, all), row);
}

/** The live question: who it was sent to and, for the leader, "Mark answered". */
export function renderLiveCard(
  card: HTMLElement,
  q: PanelQuestion | null,
  target: string | null,
  perms: QaPermissions,
  all: readonly PanelQuestion[],
): void {
  const doc = card.ownerDocument;
  card.hidden = !q;
  if (!q) {
    card.replaceChildren();
    delete card.dataset.id;
    return;
  }
  card.dataset.id = q.id;
  card.dataset.target = target ?? 'unknown';
  const to = target === 'twin' ? ' · the twin is answering' : target === 'leader' ? ' · with the leader' : '';
  const row = el(doc, 'div', { class: 'qa-actions' });
  if (perms.host) {
    row.append(
      el(doc, 'button', { type: 'button', class: 'primary', 'data-cmd': 'mark-answered' }, 'Mark answered…'),
      el(doc, 'button', { type: 'button', 'data-cmd': 'written-live' }, 'Answer in writing…'),
    );
  }
  card.replaceChildren(el(doc, 'h3', {}, `Live now${to}`), ...questionBody(doc, q, all), row);
}

/** A raised hand or a person on stage, with the stage and host controls the role allows. */
export function renderStageEntry(doc: Document, e: StageEntryDto, perms: QaPermissions): HTMLLIElement {
  const li = el(doc, 'li', {
    class: 'qa-item',
    'data-identity': e.identity,
    'data-on-stage': String(e.onStage),
  });
  const meta = el(doc, 'p', { class: 'qa-meta' });
  meta.append(
    el(doc, 'span', { class: 'stage-name' }, e.name),
    el(doc, 'span', { class: 'qa-state' }, e.onStage ? 'On stage' : 'Hand raised'),
  );
  const row = el(doc, 'div', { class: 'qa-actions' });
  row.append(
    el(
      doc,
      'button',
      { type: 'button', 'data-person': e.onStage ? 'demote' : 'promote' },
      e.onStage ? 'Send back' : 'Bring on stage',
    ),
  );
  if (perms.host) {
    if (e.onStage) row.append(el(doc, 'button', { type: 'button', 'data-person': 'mute' }, 'Mute'));
    row.append(el(doc, 'button', { type: 'button', class: 'danger', 'data-person': 'remove' }, 'Remove…'));
  }
  li.append(meta, row);
  return li;
}

/** Someone connected to the room (from LiveKit), for the host's mute and remove. */
export function renderPerson(doc: Document, identity: string, name: string): HTMLLIElement {
  const li = el(doc, 'li', { class: 'qa-item', 'data-identity': identity });
  const row = el(doc, 'div', { class: 'qa-actions' });
  row.append(
    el(doc, 'span', { class: 'stage-name' }, name || identity),
    el(doc, 'button', { type: 'button', 'data-person': 'mute' }, 'Mute'),
    el(doc, 'button', { type: 'button', class: 'danger', 'data-person': 'remove' }, 'Remove…'),
  );
  li.append(row);
  return li;
}
