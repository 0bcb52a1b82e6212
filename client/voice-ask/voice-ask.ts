import type { VoiceTranscriptDto } from '../../common/voice.ts';
import { ApiError, errorFromResponse } from '../lobby/api-error.ts';
import { VoiceRecorder } from './recorder.ts';
import { downsampleToInt16, VOICE_UPLOAD_RATE_HZ, wavBytes } from './wav.ts';

export interface VoiceAskOptions {
  roomId: string;
  /** The room's AudioContext (already allowed to run: created in the Join click). */
  audioContext: AudioContext;
  micDeviceId: string | null;
  /** Where the button and the confirmation dialog go. */
  container: HTMLElement;
  /** Submits the confirmed text as a question (the Q&A panel's normal path). */
  submit: (text: string, anonymous: boolean) => Promise<void>;
  /** Every phase change, with the status line and (when confirming) the transcript: the VR panel mirrors it. */
  onChange?: (phase: VoiceAskPhase, message: string, transcript: string | null) => void;
}

export type VoiceAskPhase = 'idle' | 'recording' | 'transcribing' | 'confirming' | 'sending';

/** Recordings shorter than this are a tap, not a question. */
const MIN_RECORDING_MS = 300;

/**
 * Ask by voice: hold the button (or the V key; a VR controller button calls `begin`/`end`), speak,
 * release. The recording goes to the server's speech in, and the transcript comes back in a dialog
 * to confirm or correct before it is submitted as an ordinary question. Nothing is sent without the
 * asker's confirmation.
 */
export class VoiceAsk {
  readonly #o: VoiceAskOptions;
  readonly #recorder: VoiceRecorder;
  readonly #button: HTMLButtonElement;
  readonly #dialog: HTMLElement;
  readonly #status: HTMLElement;
  readonly #text: HTMLTextAreaElement;
  readonly #anonymous: HTMLInputElement;
  readonly #send: HTMLButtonElement;
  readonly #offs: (() => void)[] = [];
  #phase: VoiceAskPhase = 'idle';
  #startedAt = 0;
  #upload: AbortController | null = null;

  constructor(o: VoiceAskOptions) {
    this.#o = o;
    this.#recorder = new VoiceRecorder(o.audioContext, o.micDeviceId);
    const doc = o.container.ownerDocument;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string) => {
      const e = doc.createElement(tag);
      e.className = cls;
      return e;
    };
    this.#button = el('button', 'voice-ask-button');
    this.#button.type = 'button';
    this.#button.textContent = 'Hold to ask by voice (V)';
    this.#button.setAttribute('aria-describedby', 'voice-ask-status');

    this.#dialog = el('section', 'voice-ask-dialog');
    this.#dialog.setAttribute('role', 'dialog');
    this.#dialog.setAttribute('aria-label', 'Your voice question');
    this.#dialog.hidden = true;
    this.#status = el('p', 'voice-ask-status');
    this.#status.id = 'voice-ask-status';
    this.#status.setAttribute('aria-live', 'polite');
    const label = el('label', 'voice-ask-label');
    label.textContent = 'Check the words, correct them if needed, then ask:';
    this.#text = el('textarea', 'voice-ask-text');
    this.#text.rows = 3;
    this.#text.maxLength = 500;
    label.append(this.#text);
    const anonLabel = el('label', 'voice-ask-anon');
    this.#anonymous = el('input', '');
    this.#anonymous.type = 'checkbox';
    anonLabel.append(this.#anonymous, doc.createTextNode(' Ask anonymously'));
    this.#send = el('button', 'voice-ask-send');
    this.#send.type = 'button';
    this.#send.textContent = 'Ask';
    const cancel = el('button', 'voice-ask-cancel');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    const row = el('div', 'voice-ask-actions');
    row.append(this.#send, cancel);
    this.#dialog.append(this.#status, label, anonLabel, row);
    o.container.append(this.#button, this.#dialog);

    const on = <E extends Event>(t: EventTarget, type: string, f: (e: E) => void) => {
      t.addEventListener(type, f as EventListener);
      this.#offs.push(() => t.removeEventListener(type, f as EventListener));
    };
    on<PointerEvent>(this.#button, 'pointerdown', (e) => {
      e.preventDefault();
      void this.begin();
    });
    on(this.#button, 'pointerup', () => void this.end());
    on(this.#button, 'pointerleave', () => void this.end());
    on<KeyboardEvent>(this.#button, 'keydown', (e) => {
      if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
        e.preventDefault();
        void this.begin();
      }
    });
    on<KeyboardEvent>(this.#button, 'keyup', (e) => {
      if (e.key === ' ' || e.key === 'Enter') void this.end();
    });
    const win = doc.defaultView;
    if (win) {
      on<KeyboardEvent>(win, 'keydown', (e) => {
        if (e.code !== 'KeyV' || e.repeat || typing(e.target)) return;
        void this.begin();
      });
      on<KeyboardEvent>(win, 'keyup', (e) => {
        if (e.code === 'KeyV') void this.end();
      });
      on(win, 'blur', () => void this.end());
    }
    on(this.#send, 'click', () => void this.#confirm());
    on(cancel, 'click', () => this.#close());
    on<KeyboardEvent>(this.#dialog, 'keydown', (e) => {
      if (e.key === 'Escape') this.#close();
    });
  }

  get phase(): VoiceAskPhase {
    return this.#phase;
  }

  /** Starts recording (talk button pressed). */
  async begin(): Promise<void> {
    if (this.#phase !== 'idle' && this.#phase !== 'confirming') return;
    this.#setPhase('recording', 'Listening… release to finish.');
    this.#dialog.hidden = false;
    this.#startedAt = performance.now();
    try {
      await this.#recorder.start();
      // Released while the microphone was still opening.
      if ((this.#phase as VoiceAskPhase) !== 'recording') this.#recorder.stop();
    } catch (err) {
      this.#fail(`The microphone could not be opened: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Stops recording and transcribes (talk button released). */
  async end(): Promise<void> {
    if (this.#phase !== 'recording') return;
    const heldMs = performance.now() - this.#startedAt;
    const rec = this.#recorder.stop();
    if (!rec || heldMs < MIN_RECORDING_MS || rec.samples.length === 0) {
      this.#fail('Hold the button (or V) while you speak, then release it.');
      return;
    }
    this.#setPhase('transcribing', 'Transcribing…');
    const wav = wavBytes(downsampleToInt16(rec.samples, rec.sampleRateHz), VOICE_UPLOAD_RATE_HZ);
    const abort = new AbortController();
    this.#upload = abort;
    try {
      const res = await fetch(`/api/rooms/${encodeURIComponent(this.#o.roomId)}/voice-question`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'audio/wav', accept: 'application/json' },
        body: new Blob([wav as BlobPart], { type: 'audio/wav' }),
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(30_000)]),
      });
      const text = await res.text();
      if (!res.ok) throw errorFromResponse(res.status, text);
      const transcript = JSON.parse(text) as VoiceTranscriptDto;
      if (abort.signal.aborted) return;
      this.#text.value = transcript.text;
      this.#setPhase('confirming', 'Is this what you asked?');
      this.#text.focus();
    } catch (err) {
      if (abort.signal.aborted) return;
      this.#fail(
        err instanceof ApiError
          ? err.message
          : 'The recording could not be transcribed. Try again or type your question.',
      );
    } finally {
      if (this.#upload === abort) this.#upload = null;
    }
  }

  /** Submits the transcript as it stands (the dialog's Ask button, or "Ask it" in VR). */
  confirm(): Promise<void> {
    return this.#confirm();
  }

  dispose(): void {
    this.#upload?.abort();
    this.#recorder.stop();
    for (const off of this.#offs.splice(0)) off();
    this.#button.remove();
    this.#dialog.remove();
  }

  async #confirm(): Promise<void> {
    const text = this.#text.value.trim();
    if (this.#phase !== 'confirming' || text === '') return;
    this.#setPhase('sending', 'Sending…');
    try {
      await this.#o.submit(text, this.#anonymous.checked);
      this.#close();
    } catch (err) {
      this.#setPhase('confirming', err instanceof Error ? err.message : 'Your question could not be sent.');
    }
  }

  #close(): void {
    this.#upload?.abort();
    this.#recorder.stop();
    this.#text.value = '';
    this.#dialog.hidden = true;
    this.#setPhase('idle', '');
  }

  #fail(message: string): void {
    this.#recorder.stop();
    this.#setPhase('confirming', message);
  }

  #setPhase(phase: VoiceAskPhase, message: string): void {
    this.#phase = phase;
    this.#status.textContent = message;
    this.#button.setAttribute('aria-pressed', String(phase === 'recording'));
    this.#dialog.dataset.phase = phase;
    this.#send.disabled = phase !== 'confirming';
    const transcript =
      phase === 'confirming' && this.#text.value.trim() !== '' ? this.#text.value.trim() : null;
    this.#o.onChange?.(phase, message, transcript);
  }
}

function typing(t: EventTarget | null): boolean {
  return (
    t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))
  );
}
