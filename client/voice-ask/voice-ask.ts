import type { VoiceTranscriptDto } from '../../common/voice.ts';
import { ApiError, errorFromResponse } from '../lobby/api-error.ts';
import { VoiceBooth } from './booth.ts';
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

/** How the question reached the server: published into a booth room, or uploaded as a WAV (fallback). */
export type VoiceAskPath = 'booth' | 'upload';

const TOO_SHORT = 'Hold the button (or V) until it says "Listening…", then speak and release it.';

/**
 * Ask by voice: hold the button (or the V key; a VR controller button calls `begin`/`end`), speak,
 * release. The microphone is published into a private booth room where the twin listens ("Listening…"
 * shows only once it is published, so nothing said is lost); if the booth cannot be set up, the
 * question is recorded here and uploaded instead. The transcript comes back in a dialog to confirm or
 * correct before it is submitted as an ordinary question. Nothing is sent without the asker's
 * confirmation.
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
  /** Set while the booth is being set up (talk button held, "Connecting…"). */
  #opening: AbortController | null = null;
  #booth: VoiceBooth | null = null;

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

  /** How the last question went to the server (null before the first). */
  get path(): VoiceAskPath | null {
    return (this.#dialog.dataset.path as VoiceAskPath | undefined) ?? null;
  }

  /** Starts listening (talk button pressed): through a booth room, else recording for upload. */
  async begin(): Promise<void> {
    if (this.#phase !== 'idle' && this.#phase !== 'confirming') return;
    this.#text.value = '';
    this.#setPhase('recording', 'Connecting…');
    this.#dialog.hidden = false;
    const opening = new AbortController();
    this.#opening = opening;
    try {
      const booth = await VoiceBooth.open(this.#o.roomId, this.#o.micDeviceId, opening.signal);
      if (opening.signal.aborted || (this.#phase as VoiceAskPhase) !== 'recording') {
        await booth.cancel();
        return;
      }
      this.#booth = booth;
      this.#listening('booth');
      return;
    } catch (err) {
      // Released while connecting: end() has already said so.
      if (opening.signal.aborted) return;
      console.warn('voice booth unavailable; recording for upload instead', err);
    } finally {
      if (this.#opening === opening) this.#opening = null;
    }
    try {
      await this.#recorder.start();
      // Released while the microphone was still opening.
      if ((this.#phase as VoiceAskPhase) !== 'recording') this.#recorder.stop();
      else this.#listening('upload');
    } catch (err) {
      this.#fail(`The microphone could not be opened: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Stops listening and transcribes (talk button released). */
  async end(): Promise<void> {
    if (this.#phase !== 'recording') return;
    const heldMs = performance.now() - this.#startedAt;
    if (this.#opening) {
      this.#opening.abort();
      this.#opening = null;
      this.#fail(TOO_SHORT);
      return;
    }
    const booth = this.#booth;
    this.#booth = null;
    if (booth) {
      if (heldMs < MIN_RECORDING_MS) {
        await booth.cancel();
        this.#fail(TOO_SHORT);
        return;
      }
      await this.#transcribe((signal) => booth.finish(signal));
      return;
    }
    const rec = this.#recorder.stop();
    if (!rec || heldMs < MIN_RECORDING_MS || rec.samples.length === 0) {
      this.#fail(TOO_SHORT);
      return;
    }
    const wav = wavBytes(downsampleToInt16(rec.samples, rec.sampleRateHz), VOICE_UPLOAD_RATE_HZ);
    await this.#transcribe(async (signal) => {
      const res = await fetch(`/api/rooms/${encodeURIComponent(this.#o.roomId)}/voice-question`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'audio/wav', accept: 'application/json' },
        body: new Blob([wav as BlobPart], { type: 'audio/wav' }),
        signal,
      });
      const text = await res.text();
      if (!res.ok) throw errorFromResponse(res.status, text);
      return JSON.parse(text) as VoiceTranscriptDto;
    });
  }

  /** Submits the transcript as it stands (the dialog's Ask button, or "Ask it" in VR). */
  confirm(): Promise<void> {
    return this.#confirm();
  }

  dispose(): void {
    this.#stopBooth();
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
    this.#stopBooth();
    this.#upload?.abort();
    this.#recorder.stop();
    this.#text.value = '';
    this.#dialog.hidden = true;
    this.#setPhase('idle', '');
  }

  #listening(path: VoiceAskPath): void {
    this.#dialog.dataset.path = path;
    this.#startedAt = performance.now();
    this.#setPhase('recording', 'Listening… release to finish.');
  }

  async #transcribe(get: (signal: AbortSignal) => Promise<VoiceTranscriptDto>): Promise<void> {
    this.#setPhase('transcribing', 'Transcribing…');
    const abort = new AbortController();
    this.#upload = abort;
    try {
      const transcript = await get(AbortSignal.any([abort.signal, AbortSignal.timeout(30_000)]));
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

  #stopBooth(): void {
    this.#opening?.abort();
    this.#opening = null;
    void this.#booth?.cancel();
    this.#booth = null;
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
