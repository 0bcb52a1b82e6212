import './qa-console.css';
import { RoomEvent } from 'livekit-client';
import {
  ANSWER_MAX_CHARS,
  QUESTION_MAX_CHARS,
  REASON_MAX_CHARS,
  type LiveTarget,
  type QuestionView,
} from '../../common/qa.ts';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';
import { ConsoleDialog } from './console-dialogs.ts';
import {
  buildConsoleElements,
  renderConsoleQuestion,
  renderLiveCard,
  renderNextCard,
  renderPerson,
  renderStageEntry,
  renderTabs,
  type ConsoleElements,
} from './console-dom.ts';
import {
  CONSOLE_TABS,
  liveQuestion,
  mergeTargets,
  nextQuestion,
  tabCounts,
  tabQuestions,
  type ConsoleAction,
  type ConsoleTab,
} from './console-state.ts';
import { message, type QaSession } from './qa-session.ts';

export interface QaConsoleOptions {
  doc: Document;
  session: QaSession;
  controls: HTMLElement;
  container: HTMLElement;
  before: HTMLElement | null;
}

/**
 * The host/moderator console inside the room: the queue by state (approve, edit with the original
 * kept, merge, dismiss with a reason, star, escalate), the host's "next question" with its three
 * ways to be answered (the twin, the leader live, in writing), and stage management (raised hands,
 * bring on stage / send back, mute, mute all, remove, end the session — destructive ones confirmed).
 * Built only for moderator roles and above; the server checks every action anyway.
 */
export class QaConsole {
  readonly #s: QaSession;
  readonly #ui: ConsoleElements;
  readonly #dialog: ConsoleDialog;
  readonly #cleanups: (() => void)[] = [];
  #tab: ConsoleTab = 'pending';
  #pickedId: string | null = null;
  /** Who each question we sent live went to (the question itself does not say). */
  readonly #targets = new Map<string, LiveTarget>();
  #detachPeople: () => void = () => undefined;

  constructor(o: QaConsoleOptions) {
    this.#s = o.session;
    const ui = (this.#ui = buildConsoleElements(o.doc, o.session.perms));
    this.#dialog = new ConsoleDialog(o.doc);
    ui.panel.append(this.#dialog.dialog);
    o.controls.insertBefore(ui.toggle, o.before);
    o.container.append(ui.panel);
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
      if (e.key === 'Escape' && !this.#dialog.dialog.open) {
        this.setOpen(false);
        ui.toggle.focus();
      }
    });
    on(ui.tabs, 'click', (e) => {
      const tab = (e.target as HTMLElement).closest<HTMLElement>('[data-tab]')?.dataset.tab;
      if (tab && (CONSOLE_TABS as readonly string[]).includes(tab)) this.showTab(tab as ConsoleTab);
    });
    on(ui.list, 'click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      const id = b?.closest<HTMLElement>('li[data-id]')?.dataset.id;
      if (b && id) void this.#question(b, b.dataset.action as ConsoleAction, id);
    });
    on(ui.panel, 'click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-cmd]');
      if (b) void this.#command(b, b.dataset.cmd ?? '', b.closest<HTMLElement>('[data-id]')?.dataset.id);
      const p = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-person]');
      const identity = p?.closest<HTMLElement>('[data-identity]')?.dataset.identity;
      if (p && identity) void this.#person(p, p.dataset.person ?? '', identity);
    });
    this.#cleanups.push(
      o.session.events.on('questions', () => this.render()),
      o.session.events.on('stage', () => this.#renderStage()),
      o.session.events.on('room', () => this.#followPeople()),
      () => this.#detachPeople(),
      () => this.#dialog.close(),
      () => ui.toggle.remove(),
      () => ui.panel.remove(),
    );
    this.#followPeople();
    this.render();
  }

  get open(): boolean {
    return !this.#ui.panel.hidden;
  }

  setOpen(open: boolean): void {
    this.#ui.panel.hidden = !open;
    this.#ui.toggle.setAttribute('aria-expanded', String(open));
    if (open) this.#ui.tabs.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }

  showTab(tab: ConsoleTab): void {
    this.#tab = tab;
    this.render();
  }

  render(): void {
    const ui = this.#ui;
    const perms = this.#s.perms;
    const all = this.#s.store.all();
    renderTabs(ui.tabs, this.#tab, tabCounts(all));
    const items = tabQuestions(all, this.#tab);
    const doc = ui.panel.ownerDocument;
    ui.list.replaceChildren(...items.map((q) => renderConsoleQuestion(doc, q, perms, all, this.#pickedId)));
    ui.empty.hidden = items.length > 0;
    ui.empty.textContent = this.#s.store.loaded ? 'Nothing here.' : 'Loading questions…';
    if (perms.host) {
      const next = nextQuestion(all, this.#pickedId);
      if (this.#pickedId && next?.id !== this.#pickedId) this.#pickedId = null;
      renderNextCard(ui.next, next, this.#pickedId !== null, all);
    }
    const live = liveQuestion(all);
    renderLiveCard(ui.live, live, live ? (this.#targets.get(live.id) ?? null) : null, perms, all);
    this.#renderStage();
  }

  dispose(): void {
    for (const c of this.#cleanups.splice(0)) c();
  }

  #renderStage(): void {
    const ui = this.#ui;
    const doc = ui.panel.ownerDocument;
    const entries = this.#s.stage.list();
    ui.stage.replaceChildren(...entries.map((e) => renderStageEntry(doc, e, this.#s.perms)));
    ui.stageEmpty.hidden = entries.length > 0;
    const room = this.#s.room;
    const people = room
      ? [...room.remoteParticipants.values()].filter((p) => !p.identity.startsWith(TWIN_IDENTITY_PREFIX))
      : [];
    ui.people.replaceChildren(...people.map((p) => renderPerson(doc, p.identity, p.name ?? '')));
  }

  /** Keeps the host's "people in the room" list current with LiveKit's participants. */
  #followPeople(): void {
    this.#detachPeople();
    this.#detachPeople = () => undefined;
    const room = this.#s.room;
    this.#renderStage();
    if (!room) return;
    const update = (): void => this.#renderStage();
    room.on(RoomEvent.ParticipantConnected, update).on(RoomEvent.ParticipantDisconnected, update);
    this.#detachPeople = () => {
      room.off(RoomEvent.ParticipantConnected, update);
      room.off(RoomEvent.ParticipantDisconnected, update);
    };
  }

  #error(text: string): void {
    this.#ui.error.textContent = text;
  }

  /** Runs a call from a button, disabling it meanwhile; errors are shown in the console. */
  async #run(button: HTMLButtonElement, call: () => Promise<void>): Promise<void> {
    button.disabled = true;
    try {
      await call();
      this.#error('');
    } catch (err) {
      this.#error(message(err));
    } finally {
      button.disabled = false;
    }
  }

  #applied = async (call: Promise<QuestionView>): Promise<void> => {
    this.#s.applyQuestion(await call);
    this.#error('');
  };

  async #question(button: HTMLButtonElement, action: ConsoleAction, id: string): Promise<void> {
    const s = this.#s;
    const q = s.store.get(id);
    if (!q) return;
    switch (action) {
      case 'approve':
        return this.#run(button, () => this.#applied(s.api.approve(id)));
      case 'star':
        return this.#run(button, () => this.#applied(s.api.star(id, !q.starred)));
      case 'pick':
        this.#pickedId = id;
        this.render();
        this.#ui.next.querySelector<HTMLElement>('[data-cmd="twin"]')?.focus();
        return;
      case 'edit':
        return this.#dialog.open(
          {
            title: 'Edit question',
            label: 'Question text',
            confirm: 'Save',
            maxChars: QUESTION_MAX_CHARS,
            initial: q.text,
          },
          (text) => this.#applied(s.api.edit(id, text)),
        );
      case 'dismiss':
        return this.#dialog.open(
          {
            title: 'Dismiss question',
            label: 'Reason',
            confirm: 'Dismiss',
            maxChars: REASON_MAX_CHARS,
            danger: true,
          },
          (reason) => this.#applied(s.api.dismiss(id, reason)),
        );
      case 'escalate':
        return this.#dialog.open(
          {
            title: 'Escalate to the leader’s team',
            label: 'Note (optional)',
            confirm: 'Escalate',
            maxChars: REASON_MAX_CHARS,
            optional: true,
          },
          (reason) => this.#applied(s.api.escalate(id, reason)),
        );
      case 'merge': {
        const targets = mergeTargets(s.store.all(), id);
        if (targets.length === 0) return this.#error('There is no other question to merge this one into.');
        return this.#dialog.open(
          {
            title: 'Merge a duplicate',
            label: 'Merge into',
            confirm: 'Merge',
            maxChars: 0,
            choices: targets.map((t) => ({ value: t.id, label: `${t.text} (${t.votes} votes)` })),
          },
          async (intoId) => {
            const res = await s.api.merge(id, intoId);
            s.applyQuestion(res.merged);
            s.applyQuestion(res.question);
          },
        );
      }
    }
  }

  async #command(button: HTMLButtonElement, cmd: string, id: string | undefined): Promise<void> {
    const s = this.#s;
    const live = (target: LiveTarget): Promise<void> =>
      this.#run(button, async () => {
        if (!id) return;
        this.#targets.set(id, target);
        this.#pickedId = null;
        await this.#applied(s.api.live(id, target));
      });
    switch (cmd) {
      case 'twin':
        return live('twin');
      case 'leader':
        return live('leader');
      case 'unpick':
        this.#pickedId = null;
        return this.render();
      case 'written':
      case 'written-live':
        if (!id) return;
        return this.#dialog.open(
          {
            title: 'Answer in writing',
            label: 'Your answer',
            confirm: 'Publish answer',
            maxChars: ANSWER_MAX_CHARS,
          },
          (text) => this.#applied(s.api.answerWritten(id, text)),
        );
      case 'mark-answered':
        if (!id) return;
        return this.#dialog.open(
          {
            title: 'Mark answered',
            label: 'Summary (optional)',
            confirm: 'Mark answered',
            maxChars: ANSWER_MAX_CHARS,
            optional: true,
          },
          (summary) => this.#applied(s.api.answerLeader(id, summary)),
        );
      case 'mute-all':
        return this.#dialog.open(
          {
            title: 'Mute everyone?',
            label: 'Every microphone but yours and the twin’s is muted. People can unmute themselves.',
            confirm: 'Mute all',
            maxChars: 0,
            confirmOnly: true,
            danger: true,
          },
          async () => {
            const res = await s.api.muteAll(s.roomId);
            this.#error('');
            this.#ui.error.textContent = `Muted ${res.muted} microphone${res.muted === 1 ? '' : 's'}.`;
          },
        );
      case 'end':
        return this.#dialog.open(
          {
            title: 'End the session?',
            label: 'Questions and votes close, and everyone is disconnected. This cannot be undone.',
            confirm: 'End session',
            maxChars: 0,
            confirmOnly: true,
            danger: true,
          },
          async () => {
            await s.api.end(s.roomId);
          },
        );
    }
  }

  async #person(button: HTMLButtonElement, cmd: string, identity: string): Promise<void> {
    const s = this.#s;
    const name = s.stage.get(identity)?.name ?? s.room?.remoteParticipants.get(identity)?.name ?? identity;
    switch (cmd) {
      case 'promote':
      case 'demote':
        return this.#run(button, async () =>
          s.applyStage(await s.api.setOnStage(s.roomId, identity, cmd === 'promote')),
        );
      case 'mute':
        return this.#run(button, async () => {
          await s.api.mute(s.roomId, identity);
        });
      case 'remove':
        return this.#dialog.open(
          {
            title: `Remove ${name}?`,
            label: `${name} is disconnected from the room.`,
            confirm: 'Remove',
            maxChars: 0,
            confirmOnly: true,
            danger: true,
          },
          async () => {
            await s.api.remove(s.roomId, identity);
            void s.reload();
          },
        );
    }
  }
}
