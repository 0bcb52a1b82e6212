/** What the room's DOM controls ask for. */
export interface OverlayHandlers {
  onToggleMute(): void;
  onEnterVr(): void;
  onLeave(): void;
  onPushToTalkChange(enabled: boolean): void;
  onVignetteChange(enabled: boolean): void;
}

export type StatusTone = 'ok' | 'warn' | 'error';

export interface MicState {
  /** The token allows publishing audio (speakers, promoted attendees). */
  canPublish: boolean;
  muted: boolean;
  pushToTalk: boolean;
}

/**
 * The accessible DOM overlay over the 3D view: native buttons (keyboard reachable, labelled),
 * a settings dialog and a polite live region for connection state.
 */
export class RoomOverlay {
  private readonly doc: Document;
  private readonly root: HTMLElement;
  private readonly mute: HTMLButtonElement;
  private readonly vr: HTMLButtonElement;
  private readonly settingsButton: HTMLButtonElement;
  private readonly leave: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly settings: HTMLDialogElement;
  private readonly ptt: HTMLInputElement;
  private readonly vignette: HTMLInputElement;
  private readonly cleanups: (() => void)[] = [];
  private lastStatus = '';

  constructor(doc: Document, handlers: OverlayHandlers) {
    this.doc = doc;
    const get = <T extends HTMLElement>(id: string): T => {
      const el = doc.getElementById(id);
      if (!el) throw new Error(`overlay: #${id} missing from index.html`);
      return el as T;
    };
    this.root = get('room-view');
    this.mute = get('btn-mute');
    this.vr = get('btn-vr');
    this.settingsButton = get('btn-settings');
    this.leave = get('btn-leave');
    this.status = get('room-status');
    this.settings = get('settings');
    this.ptt = get('set-ptt');
    this.vignette = get('set-vignette');
    const on = <K extends keyof HTMLElementEventMap>(
      el: HTMLElement,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
    ) => {
      el.addEventListener(type, fn);
      this.cleanups.push(() => el.removeEventListener(type, fn));
    };
    on(this.mute, 'click', () => handlers.onToggleMute());
    on(this.vr, 'click', () => handlers.onEnterVr());
    on(this.leave, 'click', () => handlers.onLeave());
    on(this.settingsButton, 'click', () => this.settings.showModal());
    on(this.ptt, 'change', () => handlers.onPushToTalkChange(this.ptt.checked));
    on(this.vignette, 'change', () => handlers.onVignetteChange(this.vignette.checked));
  }

  show(visible: boolean): void {
    this.root.hidden = !visible;
    if (!visible && this.settings.open) this.settings.close();
  }

  get vignetteEnabled(): boolean {
    return this.vignette.checked;
  }

  /** Keeps the settings checkbox in step when the vignette is toggled from inside VR. */
  setVignette(enabled: boolean): void {
    this.vignette.checked = enabled;
  }

  setMic(state: MicState): void {
    const b = this.mute;
    b.disabled = !state.canPublish;
    b.setAttribute('aria-pressed', String(state.muted));
    if (!state.canPublish) {
      b.textContent = 'Listen only';
      b.title = 'Attendees listen; a host can invite you on stage to speak.';
    } else if (state.pushToTalk) {
      b.textContent = state.muted ? 'Hold Space to talk' : 'Talking…';
      b.title = 'Push to talk is on (Settings).';
    } else {
      b.textContent = state.muted ? 'Unmute' : 'Mute';
      b.title = state.muted ? 'Your microphone is off.' : 'Your microphone is on.';
    }
  }

  /** Shows the VR button when a headset is available; enabled once XR is ready. */
  setVr(available: boolean, ready: boolean, inVr: boolean): void {
    this.vr.hidden = !available;
    this.vr.disabled = !ready;
    this.vr.textContent = inVr ? 'Exit VR' : 'Enter VR';
  }

  setStatus(message: string, tone: StatusTone = 'ok'): void {
    if (message === this.lastStatus) return;
    this.lastStatus = message;
    this.status.textContent = message;
    this.status.dataset.tone = tone;
  }

  get statusText(): string {
    return this.lastStatus;
  }

  /** Puts keyboard focus on the 3D view so WASD works right after joining. */
  focusScene(): void {
    (this.doc.getElementById('scene') as HTMLCanvasElement | null)?.focus();
  }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.show(false);
  }
}
