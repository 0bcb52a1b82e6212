import type { FieldError } from './validation.ts';
import { describeVrSupport, type VrSupport } from './vr-support.ts';

/** The lobby's DOM (static markup in index.html), behind small intention-revealing methods. */
export class LobbyView {
  readonly root: HTMLElement;
  readonly form: HTMLFormElement;
  readonly name: HTMLInputElement;
  readonly room: HTMLInputElement;
  readonly micDevice: HTMLSelectElement;
  readonly micTest: HTMLButtonElement;
  private readonly micLevel: HTMLMeterElement;
  private readonly micStatus: HTMLElement;
  private readonly joinButton: HTMLButtonElement;
  private readonly load: HTMLElement;
  private readonly loadLabel: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly status: HTMLElement;
  private readonly error: HTMLElement;

  constructor(doc: Document) {
    const get = <T extends HTMLElement>(id: string): T => {
      const el = doc.getElementById(id);
      if (!el) throw new Error(`lobby: #${id} missing from index.html`);
      return el as T;
    };
    this.root = get('lobby');
    this.form = get('join-form');
    this.name = get('name');
    this.room = get('room');
    this.micDevice = get('mic-device');
    this.micTest = get('mic-test');
    this.micLevel = get('mic-level');
    this.micStatus = get('mic-status');
    this.joinButton = get('join-button');
    this.load = get('load');
    this.loadLabel = get('load-label');
    this.progress = get('load-progress');
    this.status = get('lobby-status');
    this.error = get('lobby-error');
  }

  show(visible: boolean): void {
    this.root.hidden = !visible;
  }

  showInvite(present: boolean): void {
    (this.root.ownerDocument.getElementById('invite-note') as HTMLElement).hidden = !present;
  }

  setFieldErrors(errors: FieldError[]): void {
    for (const field of ['name', 'room'] as const) {
      const input = field === 'name' ? this.name : this.room;
      const message = errors.find((e) => e.field === field)?.message ?? '';
      const el = this.root.ownerDocument.getElementById(`${field}-error`) as HTMLElement;
      el.textContent = message;
      el.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    const first = errors[0];
    if (first) (first.field === 'name' ? this.name : this.room).focus();
  }

  setError(message: string): void {
    this.error.textContent = message;
  }

  setStatus(message: string): void {
    this.status.textContent = message;
  }

  setBusy(busy: boolean): void {
    this.joinButton.disabled = busy;
    this.joinButton.textContent = busy ? 'Joining…' : 'Join';
    this.form.setAttribute('aria-busy', String(busy));
    if (!busy) this.load.hidden = true;
  }

  /** Shows the loading bar; `fraction` 0..1. */
  setProgress(fraction: number, label: string): void {
    this.load.hidden = false;
    this.progress.value = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
    this.progress.setAttribute('aria-valuetext', `${label} ${this.progress.value}%`);
    this.loadLabel.textContent = label;
  }

  setMicLevel(level: number): void {
    this.micLevel.value = level;
    this.micLevel.textContent = `${Math.round(level * 100)}%`;
  }

  setMicTesting(on: boolean, message: string): void {
    this.micTest.setAttribute('aria-pressed', String(on));
    this.micTest.textContent = on ? 'Stop test' : 'Test microphone';
    this.micStatus.textContent = message;
  }

  /** Fills the device picker, keeping the current choice when it still exists. */
  setDevices(devices: { deviceId: string; label: string }[]): void {
    const current = this.micDevice.value;
    this.micDevice.replaceChildren(
      ...devices.map((d) => {
        const option = this.root.ownerDocument.createElement('option');
        option.value = d.deviceId;
        option.textContent = d.label;
        return option;
      }),
    );
    if (devices.length === 0) {
      const option = this.root.ownerDocument.createElement('option');
      option.value = '';
      option.textContent = 'No microphone found';
      this.micDevice.append(option);
    }
    if (devices.some((d) => d.deviceId === current)) this.micDevice.value = current;
  }

  setVrSupport(support: VrSupport): void {
    const el = this.root.ownerDocument.getElementById('vr-status') as HTMLElement;
    el.dataset.state = support === 'supported' ? 'supported' : 'unsupported';
    (this.root.ownerDocument.getElementById('vr-status-text') as HTMLElement).textContent =
      describeVrSupport(support);
  }
}
