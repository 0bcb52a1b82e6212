import type { Room } from 'livekit-client';
import {
  ANSWER_MAX_CHARS,
  QUESTION_MAX_CHARS,
  REASON_MAX_CHARS,
  type QuestionView,
} from '../../common/qa.ts';
import type { Role } from '../../common/roles.ts';
import { buildQaElements, renderQuestion, type QaElements } from './qa-dom.ts';
import type { QaApi } from './qa-api.ts';
import { QaConsole } from './qa-console.ts';
import { message, QaSession } from './qa-session.ts';
import { questionLength, questionTextProblem, type QaAction, type QaSort } from './qa-state.ts';
import { StageBar } from './stage-bar.ts';

export interface QaPanelOptions {
  doc: Document;
  roomId: string;
  role: Role;
  /** Where the toggle button goes (the room's control bar) and where the panel goes. */
  controls: HTMLElement;
  container: HTMLElement;
  /** Inserted before this control when given (e.g. the settings button). */
  before?: HTMLElement | null;
  api?: QaApi;
  /** Shares an existing session (one is created otherwise and disposed with the panel). */
  session?: QaSession;
}

/**
 * The room's Q&A panel: a toggle in the control bar, an ask box, the question list with votes, and
 * the moderation and host actions the role allows. Beside it: the "Raise hand" / "You're on stage"
 * control for everyone, and the host/moderator console for staff. State lives in a `QaSession`
 * (shared with the big screen and the VR panel), which follows the server's events on the LiveKit
 * room and reloads the snapshots whenever the connection comes back.
 */
export class QaPanel {
  readonly session: QaSession;
  readonly #o: QaPanelOptions;
  readonly #ui: QaElements;
  readonly #ownsSession: boolean;
  readonly #cleanups: (() => void)[] = [];
  readonly #stageBar: StageBar;
  readonly #console: QaConsole | null;
  #dialogAction: ((text: string) => Promise<void>) | null = null;

  constructor(o: QaPanelOptions) {
    this.#o = o;
    this.#ownsSession = !o.session;
    this.session =
      o.session ?? new QaSession({ roomId: o.roomId, role: o.role, ...(o.api ? { api: o.api } : {}) });
    const ui = (this.#ui = buildQaElements(o.doc));
    o.controls.insertBefore(ui.toggle, o.before ?? null);
    o.container.append(ui.panel);
    this.#cleanups.push(() => {
      ui.toggle.remove();
      ui.panel.remove();
    });
    this.#stageBar = new StageBar(o.doc, this.session, o.controls, ui.toggle);
    this.#console = this.session.perms.moderate
      ? new QaConsole({
          doc: o.doc,
          session: this.session,
          controls: o.controls,
          container: o.container,
          before: ui.toggle,
        })
      : null;
    const on = <K extends keyof HTMLElementEventMap>(
      target: HTMLElement,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
    ): void => {
      target.addEventListener(type, fn);
      this.#cleanups.push(() => target.removeEventListener(type, fn));
    };
    this.#cleanups.push(
      this.session.events.on('questions', () => this.#render()),
      this.session.events.on('error', (text) => {
        this.#showError(text);
        if (!this.session.store.loaded) this.#ui.empty.textContent = 'Questions could not be loaded.';
      }),
    );
    on(ui.toggle, 'click', () => this.setOpen(ui.panel.hidden));
    on(ui.close, 'click', () => this.setOpen(false));
    on(ui.panel, 'keydown', (e) => {
      if (e.key === 'Escape' && !ui.dialog.open) {
        this.setOpen(false);
        ui.toggle.focus();
      }
    });
    on(ui.text, 'input', () => this.#updateCount());
    on(ui.form, 'submit', (e) => {
      e.preventDefault();
      void this.#submit();
    });
    on(ui.sort, 'change', () => this.#render());
    on(ui.hideAnswered, 'change', () => this.#render());
    on(ui.list, 'click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      const id = button?.closest<HTMLElement>('li[data-id]')?.dataset.id;
      if (button && id) void this.#act(button, button.dataset.action as QaAction, id);
    });
    on(ui.dialogCancel, 'click', () => ui.dialog.close());
    on(ui.dialogForm, 'submit', (e) => {
      e.preventDefault();
      void this.#confirmDialog();
    });
    this.#updateCount();
  }

  get open(): boolean {
    return !this.#ui.panel.hidden;
  }

  setOpen(open: boolean): void {
    this.#ui.panel.hidden = !open;
    this.#ui.toggle.setAttribute('aria-expanded', String(open));
    if (open) this.#ui.text.focus();
  }

  /** Follows Q&A events on this LiveKit room (null when there is none); replaces the previous one. */
  attachRoom(room: Room | null): void {
    this.session.attachRoom(room);
  }

  /** The media connection's state: a (re)connection reloads the snapshot so nothing missed is lost. */
  setConnected(connected: boolean): void {
    this.session.setConnected(connected);
  }

  /** Loads the snapshots; a call while one is loading runs once more after it. */
  reload(): Promise<void> {
    return this.session.reload();
  }

  dispose(): void {
    if (this.#ui.dialog.open) this.#ui.dialog.close();
    this.#console?.dispose();
    this.#stageBar.dispose();
    for (const c of this.#cleanups.splice(0)) c();
    if (this.#ownsSession) this.session.dispose();
  }

  #updateCount(): void {
    const n = questionLength(this.#ui.text.value);
    this.#ui.count.textContent = `${n} / ${QUESTION_MAX_CHARS}`;
    this.#ui.count.dataset.over = String(n > QUESTION_MAX_CHARS);
  }

  async #submit(): Promise<void> {
    const ui = this.#ui;
    const problem = questionTextProblem(ui.text.value);
    if (problem) {
      this.#showError(problem);
      ui.text.focus();
      return;
    }
    this.#showError('');
    ui.submit.disabled = true;
    try {
      const res = await this.session.api.submit(this.#o.roomId, ui.text.value, ui.anonymous.checked);
      this.session.applyQuestion(res.question);
      ui.text.value = '';
      this.#updateCount();
      ui.note.textContent = res.duplicate
        ? 'You already asked this; here is your earlier question.'
        : res.question.state === 'pending'
          ? 'Sent. Your question is awaiting moderation; everyone sees it once a moderator approves it.'
          : 'Sent. Your question is in the list.';
      this.#render();
    } catch (err) {
      this.#showError(message(err));
    } finally {
      ui.submit.disabled = false;
    }
  }

  async #act(button: HTMLButtonElement, action: QaAction, id: string): Promise<void> {
    const q = this.session.store.get(id);
    if (!q) return;
    if (action === 'dismiss') {
      this.#openDialog('Dismiss question', 'Reason (shown to moderators)', 'Dismiss', REASON_MAX_CHARS, (t) =>
        this.#apply(() => this.session.api.dismiss(id, t)),
      );
      return;
    }
    if (action === 'answer') {
      this.#openDialog('Answer in writing', 'Your answer', 'Publish answer', ANSWER_MAX_CHARS, (t) =>
        this.#apply(() => this.session.api.answerWritten(id, t)),
      );
      return;
    }
    button.disabled = true;
    if (action === 'vote') {
      try {
        const res = await this.session.api.vote(id, !q.voted);
        this.#showError('');
        this.session.store.setVoted(id, res);
        this.session.events.emit('questions');
      } catch (err) {
        this.#showError(message(err));
        button.disabled = false;
      }
      return;
    }
    const call =
      action === 'approve'
        ? () => this.session.api.approve(id)
        : action === 'star'
          ? () => this.session.api.star(id, !q.starred)
          : () => this.session.api.live(id);
    await this.#apply(call).catch(() => undefined);
    button.disabled = false;
  }

  /** Runs a call that returns the updated question; errors are shown and rethrown. */
  async #apply(call: () => Promise<QuestionView>): Promise<void> {
    try {
      const q = await call();
      this.#showError('');
      this.session.applyQuestion(q);
    } catch (err) {
      this.#showError(message(err));
      throw err;
    }
  }

  #openDialog(
    title: string,
    label: string,
    confirm: string,
    maxChars: number,
    action: (text: string) => Promise<void>,
  ): void {
    const ui = this.#ui;
    ui.dialogTitle.textContent = title;
    ui.dialogLabel.textContent = label;
    ui.dialogConfirm.textContent = confirm;
    ui.dialogText.value = '';
    ui.dialogText.maxLength = maxChars;
    this.#dialogAction = action;
    ui.dialog.showModal();
    ui.dialogText.focus();
  }

  async #confirmDialog(): Promise<void> {
    const ui = this.#ui;
    const text = ui.dialogText.value.trim();
    const action = this.#dialogAction;
    if (!action) return;
    if (!text) {
      ui.dialogLabel.dataset.invalid = 'true';
      ui.dialogText.focus();
      return;
    }
    delete ui.dialogLabel.dataset.invalid;
    ui.dialogConfirm.disabled = true;
    try {
      await action(text);
      this.#dialogAction = null;
      ui.dialog.close();
    } catch {
      // The error is shown in the panel; the dialog stays open so nothing typed is lost.
    } finally {
      ui.dialogConfirm.disabled = false;
    }
  }

  #showError(text: string): void {
    this.#ui.error.textContent = text;
  }

  #render(): void {
    const ui = this.#ui;
    const sort: QaSort = ui.sort.value === 'recent' ? 'recent' : 'top';
    const questions = this.session.store.view({ sort, hideAnswered: ui.hideAnswered.checked });
    // Keep keyboard focus on the same control across a re-render.
    const active = this.#o.doc.activeElement;
    const focusKey =
      active instanceof HTMLElement && ui.list.contains(active)
        ? { id: active.closest<HTMLElement>('li[data-id]')?.dataset.id, action: active.dataset.action }
        : null;
    ui.list.replaceChildren(...questions.map((q) => renderQuestion(this.#o.doc, q, this.session.perms)));
    ui.empty.textContent = questions.length === 0 ? 'No questions yet. Be the first to ask.' : '';
    ui.empty.hidden = questions.length > 0;
    const settings = this.session.store.settings;
    const ended = settings?.ended === true;
    ui.text.disabled = ended;
    ui.submit.disabled = ended;
    if (ended) ui.note.textContent = 'The Q&A has ended.';
    if (focusKey?.id && focusKey.action) {
      ui.list
        .querySelector<HTMLElement>(
          `li[data-id="${CSS.escape(focusKey.id)}"] [data-action="${focusKey.action}"]`,
        )
        ?.focus();
    }
    const fresh = this.session.store.takeNew(questions).filter((q) => !q.mine);
    const last = fresh[fresh.length - 1];
    if (last) ui.announce.textContent = `New question: ${last.text}`;
  }
}
