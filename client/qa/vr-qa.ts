import type { Camera } from '@babylonjs/core/Cameras/camera.js';
import type { WebXRInput } from '@babylonjs/core/XR/webXRInput.js';
import type { WebXRInputSource } from '@babylonjs/core/XR/webXRInputSource.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { Emitter } from '../media/events.ts';
import type { LifecycleUnit } from '../scene/frame-loop.ts';
import type { VrQaEvents } from './events.ts';
import { message, type QaSession } from './qa-session.ts';
import type { QaSort } from './qa-state.ts';
import { VR_QA_ROWS, VrQaPanel, type VrQaAction } from './vr-qa-panel.ts';

/** What the VR Q&A needs from the XR session. */
export interface VrQaXr {
  readonly state: string;
  readonly camera: Camera;
  readonly headYawRad: number;
  /** Controllers, for the physical push-to-talk button (absent: only the panel button works). */
  readonly input?: WebXRInput | undefined;
}

/** The left controller's button held for "Ask by voice". */
const VOICE_BUTTON = 'x-button';
const NOT_READY = 'Voice questions are being set up. Please type your question on the desktop for now.';

/**
 * The attendee's Q&A in VR: the world-space panel (votes, raise hand, "Ask by voice") kept in
 * front of the person while in VR, fed from the shared `QaSession`. Holding "Ask by voice" emits
 * `voiceAskStart` / `voiceAskEnd`; with no listener the panel says voice questions are not ready.
 */
export class VrQa {
  readonly events = new Emitter<VrQaEvents>();
  readonly panel: VrQaPanel;
  #sort: QaSort = 'top';
  #status = '';
  #voiceDown = false;
  #voiceListeners = 0;
  #confirming = false;
  #wasInXr = false;
  readonly #cleanups: (() => void)[] = [];

  constructor(
    scene: Scene,
    private readonly session: QaSession,
    private readonly xr: VrQaXr,
  ) {
    this.panel = new VrQaPanel(scene, (a) => void this.#act(a));
    this.#cleanups.push(
      session.events.on('questions', () => this.render()),
      session.events.on('stage', () => this.render()),
      session.events.on('room', () => this.render()),
    );
    const observer = xr.input?.onControllerAddedObservable.add((c) => this.#watchController(c));
    if (observer) this.#cleanups.push(() => observer.remove());
    for (const c of xr.input?.controllers ?? []) this.#watchController(c);
    this.render();
  }

  /** Subscribes to voiceAskStart / voiceAskEnd (counts listeners, so the panel knows voice is wired). */
  on<K extends keyof VrQaEvents>(event: K, listener: VrQaEvents[K]): () => void {
    const off = this.events.on(event, listener);
    if (event === 'voiceAskStart') this.#voiceListeners += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (event === 'voiceAskStart') this.#voiceListeners -= 1;
      off();
    };
  }

  /**
   * Mirrors the voice question flow on the panel: a progress or error `message`, or the `transcript`
   * waiting for "Ask it" (holding the talk button again records a new one).
   */
  showVoice(message: string, transcript: string | null): void {
    this.#confirming = transcript !== null;
    this.#setStatus(transcript !== null ? `“${clipText(transcript, 140)}” — ask it?` : message);
  }

  render(): void {
    const s = this.session;
    const questions = s.store
      .view({ sort: this.#sort, hideAnswered: true })
      .filter((q) => q.state === 'approved' || q.state === 'live')
      .slice(0, VR_QA_ROWS);
    const me = s.myStage;
    this.panel.setView({
      sort: this.#sort,
      questions,
      hand: s.perms.moderate ? 'staff' : me?.onStage ? 'on-stage' : me?.handRaised ? 'raised' : 'down',
      status: this.#status,
      connected: s.identity !== null,
      confirming: this.#confirming,
    });
  }

  /** Frame-loop unit: shows the panel in VR and keeps it in reach. */
  unit(): LifecycleUnit {
    return {
      // Runs with the other XR features, after the XR session's own unit (registration order).
      name: 'xr',
      update: () => {
        const inXr = this.xr.state === 'in-xr';
        if (inXr !== this.#wasInXr) {
          this.#wasInXr = inXr;
          this.panel.show(inXr);
          if (!inXr) this.#voice(false);
          if (inXr) this.panel.follow(this.xr.camera.position, this.xr.headYawRad, true);
        } else if (inXr) {
          this.panel.follow(this.xr.camera.position, this.xr.headYawRad);
        }
      },
      dispose: () => this.dispose(),
    };
  }

  dispose(): void {
    this.#voice(false);
    for (const c of this.#cleanups.splice(0)) c();
    this.events.clear();
    this.panel.dispose();
  }

  #setStatus(text: string): void {
    this.#status = text;
    this.render();
  }

  async #act(a: VrQaAction): Promise<void> {
    const s = this.session;
    try {
      switch (a.kind) {
        case 'sort':
          this.#sort = a.sort;
          return this.render();
        case 'vote': {
          const q = s.store.get(a.id);
          if (!q) return;
          s.store.setVoted(a.id, await s.api.vote(a.id, !q.voted));
          s.events.emit('questions');
          return this.#setStatus('');
        }
        case 'hand': {
          const raise = s.myStage?.handRaised !== true;
          s.applyStage(await s.api.raiseHand(s.roomId, raise));
          return this.#setStatus(raise ? 'Hand raised: a moderator may bring you on stage.' : '');
        }
        case 'voice':
          return this.#voice(a.down);
        case 'voice-confirm':
          this.#confirming = false;
          this.events.emit('voiceConfirm');
          return this.render();
      }
    } catch (err) {
      this.#setStatus(message(err));
    }
  }

  #voice(down: boolean): void {
    if (down === this.#voiceDown) return;
    this.#voiceDown = down;
    if (down && this.#voiceListeners === 0) {
      this.#setStatus(NOT_READY);
      return;
    }
    if (down) this.#setStatus('Listening… let go to send your question.');
    else if (this.#voiceListeners > 0) this.#setStatus('');
    this.events.emit(down ? 'voiceAskStart' : 'voiceAskEnd');
  }

  #watchController(c: WebXRInputSource): void {
    if (c.inputSource.handedness !== 'left') return;
    const obs = c.onMotionControllerInitObservable.add((mc) => {
      const button = mc.getComponent(VOICE_BUTTON);
      if (!button) return;
      const changed = button.onButtonStateChangedObservable.add((b) => {
        if (this.#wasInXr) this.#voice(b.pressed);
      });
      this.#cleanups.push(() => changed.remove());
    });
    this.#cleanups.push(() => obs.remove());
  }
}

function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
