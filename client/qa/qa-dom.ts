/**
 * The Q&A panel's DOM: the skeleton and one list item. Everything a person typed goes in through
 * `textContent` only, so markup in a question or answer is shown as text and never parsed.
 */
import { QUESTION_MAX_CHARS } from '../../common/qa.ts';
import {
  questionActions,
  stateLabel,
  type PanelQuestion,
  type QaAction,
  type QaPermissions,
} from './qa-state.ts';

type Attrs = Record<string, string>;

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface QaElements {
  toggle: HTMLButtonElement;
  panel: HTMLElement;
  close: HTMLButtonElement;
  form: HTMLFormElement;
  text: HTMLTextAreaElement;
  count: HTMLElement;
  anonymous: HTMLInputElement;
  submit: HTMLButtonElement;
  note: HTMLElement;
  error: HTMLElement;
  sort: HTMLSelectElement;
  hideAnswered: HTMLInputElement;
  empty: HTMLElement;
  list: HTMLOListElement;
  announce: HTMLElement;
  dialog: HTMLDialogElement;
  dialogForm: HTMLFormElement;
  dialogTitle: HTMLElement;
  dialogLabel: HTMLLabelElement;
  dialogText: HTMLTextAreaElement;
  dialogConfirm: HTMLButtonElement;
  dialogCancel: HTMLButtonElement;
}

/** Builds the toggle button and the (hidden) panel; the caller inserts them. */
export function buildQaElements(doc: Document): QaElements {
  const toggle = el(doc, 'button', {
    type: 'button',
    id: 'btn-qa',
    'aria-expanded': 'false',
    'aria-controls': 'qa-panel',
  });
  toggle.textContent = 'Q&A';
  const panel = el(doc, 'section', { id: 'qa-panel', class: 'qa-panel', 'aria-labelledby': 'qa-title' });
  panel.hidden = true;

  const header = el(doc, 'header', { class: 'qa-header' });
  const close = el(doc, 'button', { type: 'button', id: 'qa-close', 'aria-label': 'Close Q&A' }, '×');
  header.append(el(doc, 'h2', { id: 'qa-title' }, 'Questions'), close);

  const form = el(doc, 'form', { id: 'qa-ask', class: 'qa-ask', novalidate: '' });
  const text = el(doc, 'textarea', {
    id: 'qa-text',
    rows: '3',
    'aria-describedby': 'qa-count',
    placeholder: 'Type your question…',
  });
  const count = el(doc, 'span', { id: 'qa-count', class: 'qa-count' }, `0 / ${QUESTION_MAX_CHARS}`);
  const anonymous = el(doc, 'input', { type: 'checkbox', id: 'qa-anon' });
  const anonLabel = el(doc, 'label', { class: 'check', for: 'qa-anon' });
  anonLabel.append(anonymous, doc.createTextNode(' Ask anonymously'));
  const submit = el(doc, 'button', { type: 'submit', id: 'qa-submit', class: 'primary' }, 'Ask');
  const row = el(doc, 'div', { class: 'qa-ask-row' });
  row.append(anonLabel, count, submit);
  form.append(el(doc, 'label', { for: 'qa-text' }, 'Ask a question'), text, row);

  const note = el(doc, 'p', { id: 'qa-note', class: 'qa-note', role: 'status' });
  const error = el(doc, 'p', { id: 'qa-error', class: 'qa-error', role: 'alert' });

  const tools = el(doc, 'div', { class: 'qa-tools' });
  const sort = el(doc, 'select', { id: 'qa-sort' });
  sort.append(el(doc, 'option', { value: 'top' }, 'Top'), el(doc, 'option', { value: 'recent' }, 'Recent'));
  const hideAnswered = el(doc, 'input', { type: 'checkbox', id: 'qa-hide-answered' });
  const hideLabel = el(doc, 'label', { class: 'check', for: 'qa-hide-answered' });
  hideLabel.append(hideAnswered, doc.createTextNode(' Hide answered'));
  tools.append(el(doc, 'label', { for: 'qa-sort' }, 'Sort'), sort, hideLabel);

  const empty = el(doc, 'p', { id: 'qa-empty', class: 'qa-empty' }, 'Loading questions…');
  const list = el(doc, 'ol', { id: 'qa-list', class: 'qa-list', 'aria-label': 'Questions' });
  const announce = el(doc, 'p', { id: 'qa-announce', class: 'visually-hidden', 'aria-live': 'polite' });

  const dialog = el(doc, 'dialog', {
    id: 'qa-dialog',
    class: 'qa-dialog',
    'aria-labelledby': 'qa-dialog-title',
  });
  const dialogForm = el(doc, 'form', { method: 'dialog' });
  const dialogTitle = el(doc, 'h3', { id: 'qa-dialog-title' });
  const dialogLabel = el(doc, 'label', { for: 'qa-dialog-text' });
  const dialogText = el(doc, 'textarea', { id: 'qa-dialog-text', rows: '4' });
  const dialogConfirm = el(doc, 'button', { type: 'submit', id: 'qa-dialog-confirm', class: 'primary' });
  const dialogCancel = el(doc, 'button', { type: 'button', id: 'qa-dialog-cancel' }, 'Cancel');
  const dialogRow = el(doc, 'div', { class: 'qa-ask-row' });
  dialogRow.append(dialogCancel, dialogConfirm);
  dialogForm.append(dialogTitle, dialogLabel, dialogText, dialogRow);
  dialog.append(dialogForm);

  panel.append(header, form, note, error, tools, empty, list, announce, dialog);
  return {
    toggle,
    panel,
    close,
    form,
    text,
    count,
    anonymous,
    submit,
    note,
    error,
    sort,
    hideAnswered,
    empty,
    list,
    announce,
    dialog,
    dialogForm,
    dialogTitle,
    dialogLabel,
    dialogText,
    dialogConfirm,
    dialogCancel,
  };
}

const ACTION_LABELS: Record<Exclude<QaAction, 'vote' | 'star'>, string> = {
  approve: 'Approve',
  dismiss: 'Dismiss…',
  live: 'Mark live',
  answer: 'Answer in writing…',
};

/** One question as a list item; buttons carry `data-action` and the item `data-id`. */
export function renderQuestion(doc: Document, q: PanelQuestion, perms: QaPermissions): HTMLLIElement {
  const li = el(doc, 'li', { class: 'qa-item', 'data-id': q.id, 'data-state': q.state });
  if (q.mine) li.dataset.mine = 'true';
  const textId = `qa-q-${q.id}`;
  li.append(el(doc, 'p', { class: 'qa-text', id: textId }, q.text));

  const meta = el(doc, 'p', { class: 'qa-meta' });
  const who = q.anonymous ? 'Anonymous' : (q.author?.name ?? 'Anonymous');
  meta.append(el(doc, 'span', { class: 'qa-author' }, q.mine ? `${who} (you)` : who));
  meta.append(el(doc, 'span', { class: 'qa-state', 'data-state': q.state }, stateLabel(q.state)));
  if (q.flagged && perms.moderate) meta.append(el(doc, 'span', { class: 'qa-flag' }, 'Flagged'));
  if (q.starred) meta.append(el(doc, 'span', { class: 'qa-star' }, '★ Starred'));
  if (q.edited) meta.append(el(doc, 'span', { class: 'qa-edited' }, 'Edited'));
  li.append(meta);

  if (q.state === 'answered' && q.answer) {
    const answer = el(doc, 'div', { class: 'qa-answer' });
    const by =
      q.answer.mode === 'twin' ? 'AI twin' : q.answer.mode === 'written' ? 'Written answer' : 'Answered live';
    answer.append(el(doc, 'p', { class: 'qa-answer-mode' }, by));
    if (q.answer.text !== null) answer.append(el(doc, 'p', { class: 'qa-answer-text' }, q.answer.text));
    li.append(answer);
  }

  const actions = questionActions(q, perms);
  const row = el(doc, 'div', { class: 'qa-actions' });
  const votes = el(doc, 'span', { class: 'qa-votes', 'aria-label': `${q.votes} votes` }, String(q.votes));
  if (actions.includes('vote')) {
    const vote = el(doc, 'button', {
      type: 'button',
      class: 'qa-vote',
      'data-action': 'vote',
      'aria-pressed': String(q.voted),
      'aria-describedby': textId,
    });
    vote.append(doc.createTextNode(q.voted ? 'Voted ' : 'Vote '), votes);
    vote.setAttribute('aria-label', `Vote (${q.votes} ${q.votes === 1 ? 'vote' : 'votes'})`);
    row.append(vote);
  } else {
    row.append(votes);
  }
  for (const a of actions) {
    if (a === 'vote') continue;
    const attrs: Attrs = { type: 'button', 'data-action': a, 'aria-describedby': textId };
    if (a === 'star') attrs['aria-pressed'] = String(q.starred);
    row.append(el(doc, 'button', attrs, a === 'star' ? (q.starred ? 'Unstar' : 'Star') : ACTION_LABELS[a]));
  }
  li.append(row);
  return li;
}
