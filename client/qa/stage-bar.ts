import { el } from './qa-dom.ts';
import { message, type QaSession } from './qa-session.ts';

/**
 * The attendee's side of the stage, in the control bar: "Raise hand" / "Lower hand", and a clear
 * "You're on stage" state once a moderator promoted them (the microphone button becomes usable at
 * the same moment, because the server grants publishing live through LiveKit). Staff can speak
 * from the start, so they get no hand to raise.
 */
export class StageBar {
  readonly #session: QaSession;
  readonly #button: HTMLButtonElement;
  readonly #status: HTMLElement;
  readonly #cleanups: (() => void)[] = [];
  #wasOnStage = false;
  #busy = false;

  constructor(doc: Document, session: QaSession, controls: HTMLElement, before: HTMLElement | null) {
    this.#session = session;
    this.#button = el(
      doc,
      'button',
      { type: 'button', id: 'btn-hand', 'aria-pressed': 'false' },
      'Raise hand',
    );
    this.#status = el(doc, 'p', {
      id: 'stage-status',
      class: 'stage-status',
      role: 'status',
      'aria-live': 'polite',
    });
    this.#status.hidden = true;
    this.#button.hidden = session.perms.moderate;
    controls.insertBefore(this.#button, before);
    controls.after(this.#status);
    const onClick = (): void => void this.#toggle();
    this.#button.addEventListener('click', onClick);
    this.#cleanups.push(
      () => this.#button.removeEventListener('click', onClick),
      () => this.#button.remove(),
      () => this.#status.remove(),
      session.events.on('stage', () => this.render()),
      session.events.on('room', () => this.render()),
    );
    this.render();
  }

  render(): void {
    const s = this.#session;
    const me = s.myStage;
    const onStage = me?.onStage === true;
    const raised = !onStage && me?.handRaised === true;
    const b = this.#button;
    b.disabled = this.#busy || !s.identity || onStage;
    b.textContent = raised ? 'Lower hand' : 'Raise hand';
    b.setAttribute('aria-pressed', String(raised));
    b.dataset.state = onStage ? 'on-stage' : raised ? 'raised' : 'down';
    b.hidden = s.perms.moderate || onStage;
    let text = '';
    if (onStage) {
      text = s.canPublish
        ? 'You’re on stage: everyone hears you when your microphone is on.'
        : 'You’re on stage: your microphone is being enabled…';
    } else if (raised) {
      text = 'Hand raised: a moderator may bring you on stage.';
    } else if (this.#wasOnStage) {
      text = 'You’re back in the audience: listen only.';
    }
    this.#wasOnStage ||= onStage;
    this.#status.textContent = text;
    this.#status.dataset.state = onStage ? 'on-stage' : raised ? 'raised' : 'audience';
    this.#status.hidden = text === '';
  }

  dispose(): void {
    for (const c of this.#cleanups.splice(0)) c();
  }

  async #toggle(): Promise<void> {
    const s = this.#session;
    const raise = s.myStage?.handRaised !== true;
    this.#busy = true;
    this.render();
    try {
      const entry = await s.api.raiseHand(s.roomId, raise);
      this.#busy = false;
      s.applyStage(entry);
    } catch (err) {
      this.#busy = false;
      this.render();
      this.#status.hidden = false;
      this.#status.textContent = `Could not ${raise ? 'raise' : 'lower'} your hand: ${message(err)}`;
      this.#status.dataset.state = 'error';
    }
  }
}
