import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import {
  acceptQaPacket,
  ANSWER_MAX_CHARS,
  QUESTION_MAX_CHARS,
  REASON_MAX_CHARS,
  type QuestionView,
} from '../../common/qa.ts';
import type { Role } from '../../common/roles.ts';
import { buildQaElements, renderQuestion, type QaElements } from './qa-dom.ts';
import { qaApi, type QaApi } from './qa-api.ts';
import {
  QaStore,
  qaPermissions,
  questionLength,
  questionTextProblem,
  type QaAction,
  type QaPermissions,
  type QaSort,
} from './qa-state.ts';

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
}

/**
 * The room's Q&A panel: a toggle in the control bar, an ask box, the question list with votes, and
 * the moderation and host actions the role allows. It loads a snapshot from the API, follows the
 * server's events on the LiveKit room, and reloads the snapshot whenever the connection comes back.
 */
export class QaPanel {
  readonly #o: QaPanelOptions;
  readonly #api: QaApi;
  readonly #ui: QaElements;
  readonly #store: QaStore;
  readonly #perms: QaPermissions;
  readonly #abort = new AbortController();
  readonly #cleanups: (() => void)[] = [];
  #detachRoom: () => void = () => undefined;
  #connected = false;
  #loading: Promise<void> | null = null;
  #reloadAgain = false;
  #dialogAction: ((text: string) => Promise<void>) | null = null;

  constructor(o: QaPanelOptions) {
    this.#o = o;
    this.#api = o.api ?? qaApi;
    this.#store = new QaStore(o.roomId);
    this.#perms = qaPermissions(o.role);
    const ui = (this.#ui = buildQaElements(o.doc));
    o.controls.insertBefore(ui.toggle, o.before ?? null);
    o.container.append(ui.panel);
    this.#cleanups.push(() => {
      ui.toggle.remove();
      ui.panel.remove();
    });
    const on = <K extends keyof HTMLElementEventMap>(
      target: HTMLElement,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
    ): void => {
      target.addEventListener(type, fn);
      this.#cleanups.push(() => target.removeEventListener(type, fn));
    };
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
    this.#detachRoom();
    this.#detachRoom = () => undefined;
    if (!room) return;
    const onData = (
      payload: Uint8Array,
      participant?: RemoteParticipant,
      _kind?: unknown,
      topic?: string,
    ): void => {
      const event = acceptQaPacket({ topic, participantIdentity: participant?.identity, payload });
      if (event && this.#store.receive(event)) this.#render();
    };
    room.on(RoomEvent.DataReceived, onData);
    this.#detachRoom = () => room.off(RoomEvent.DataReceived, onData);
  }

  /** The media connection's state: a (re)connection reloads the snapshot so nothing missed is lost. */
  setConnected(connected: boolean): void {
    const was = this.#connected;
    this.#connected = connected;
    if (connected && !was) void this.reload();
  }

  /** Loads the snapshot; a call while one is loading runs once more after it. */
  reload(): Promise<void> {
    if (this.#loading) {
      this.#reloadAgain = true;
      return this.#loading;
    }
    const run = async (): Promise<void> => {
      do {
        this.#reloadAgain = false;
        this.#store.beginLoad();
        try {
          const snapshot = await this.#api.list(this.#o.roomId, this.#abort.signal);
          if (this.#abort.signal.aborted) return;
          this.#store.finishLoad(snapshot);
          this.#render();
        } catch (err) {
          this.#store.failLoad();
          if (this.#abort.signal.aborted) return;
          this.#showError(`Could not load the questions: ${message(err)}`);
          if (!this.#store.loaded) this.#ui.empty.textContent = 'Questions could not be loaded.';
        }
      } while (this.#reloadAgain && !this.#abort.signal.aborted);
    };
    this.#loading = run().finally(() => (this.#loading = null));
    return this.#loading;
  }

  dispose(): void {
    this.#abort.abort();
    this.#detachRoom();
    if (this.#ui.dialog.open) this.#ui.dialog.close();
    for (const c of this.#cleanups.splice(0)) c();
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
      const res = await this.#api.submit(this.#o.roomId, ui.text.value, ui.anonymous.checked);
      this.#store.upsertFromResponse(res.question);
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
    const q = this.#store.get(id);
    if (!q) return;
    if (action === 'dismiss') {
      this.#openDialog('Dismiss question', 'Reason (shown to moderators)', 'Dismiss', REASON_MAX_CHARS, (t) =>
        this.#apply(() => this.#api.dismiss(id, t)),
      );
      return;
    }
    if (action === 'answer') {
      this.#openDialog('Answer in writing', 'Your answer', 'Publish answer', ANSWER_MAX_CHARS, (t) =>
        this.#apply(() => this.#api.answerWritten(id, t)),
      );
      return;
    }
    button.disabled = true;
    if (action === 'vote') {
      try {
        const res = await this.#api.vote(id, !q.voted);
        this.#showError('');
        this.#store.setVoted(id, res);
        this.#render();
      } catch (err) {
        this.#showError(message(err));
        button.disabled = false;
      }
      return;
    }
    const call =
      action === 'approve'
        ? () => this.#api.approve(id)
        : action === 'star'
          ? () => this.#api.star(id, !q.starred)
          : () => this.#api.live(id);
    await this.#apply(call).catch(() => undefined);
    button.disabled = false;
  }

  /** Runs a call that returns the updated question; errors are shown and rethrown. */
  async #apply(call: () => Promise<QuestionView>): Promise<void> {
    try {
      const q = await call();
      this.#showError('');
      this.#store.upsertFromResponse(q);
      this.#render();
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
    const questions = this.#store.view({ sort, hideAnswered: ui.hideAnswered.checked });
    // Keep keyboard focus on the same control across a re-render.
    const active = this.#o.doc.activeElement;
    const focusKey =
      active instanceof HTMLElement && ui.list.contains(active)
        ? { id: active.closest<HTMLElement>('li[data-id]')?.dataset.id, action: active.dataset.action }
        : null;
    ui.list.replaceChildren(...questions.map((q) => renderQuestion(this.#o.doc, q, this.#perms)));
    ui.empty.textContent = questions.length === 0 ? 'No questions yet. Be the first to ask.' : '';
    ui.empty.hidden = questions.length > 0;
    const settings = this.#store.settings;
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
    const fresh = this.#store.takeNew(questions).filter((q) => !q.mine);
    const last = fresh[fresh.length - 1];
    if (last) ui.announce.textContent = `New question: ${last.text}`;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
