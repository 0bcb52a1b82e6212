// Captures the microphone while the talk button is held. An AudioWorklet copies raw samples out of
// the audio thread (MediaRecorder would give compressed audio the server would have to decode).
const WORKLET = `
class PodiumCapture extends AudioWorkletProcessor {
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch) this.port.postMessage(ch.slice(0));
    return true;
  }
}
registerProcessor('podium-capture', PodiumCapture);
`;

/** The longest recording kept (the server accepts 30 s). */
export const MAX_RECORDING_S = 28;

export interface Recording {
  samples: Float32Array;
  sampleRateHz: number;
}

export class VoiceRecorder {
  readonly #ctx: AudioContext;
  readonly #deviceId: string | null;
  #moduleLoaded: Promise<void> | null = null;
  #active: {
    stream: MediaStream;
    node: AudioWorkletNode;
    source: MediaStreamAudioSourceNode;
    chunks: Float32Array[];
    length: number;
  } | null = null;

  constructor(ctx: AudioContext, deviceId: string | null) {
    this.#ctx = ctx;
    this.#deviceId = deviceId;
  }

  get recording(): boolean {
    return this.#active !== null;
  }

  async start(): Promise<void> {
    if (this.#active) return;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        ...(this.#deviceId ? { deviceId: { exact: this.#deviceId } } : {}),
        echoCancellation: true,
        noiseSuppression: true,
        channelCount: 1,
      },
    });
    try {
      if (!this.#moduleLoaded) {
        const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
        this.#moduleLoaded = this.#ctx.audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
      }
      await this.#moduleLoaded;
      if (this.#ctx.state === 'suspended') await this.#ctx.resume();
      const source = new MediaStreamAudioSourceNode(this.#ctx, { mediaStream: stream });
      const node = new AudioWorkletNode(this.#ctx, 'podium-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
      });
      const active = { stream, node, source, chunks: [] as Float32Array[], length: 0 };
      const max = MAX_RECORDING_S * this.#ctx.sampleRate;
      node.port.onmessage = (e: MessageEvent<Float32Array>) => {
        if (active.length >= max) return;
        active.chunks.push(e.data);
        active.length += e.data.length;
      };
      source.connect(node);
      this.#active = active;
    } catch (err) {
      for (const t of stream.getTracks()) t.stop();
      throw err;
    }
  }

  /** Stops and returns what was captured (null when nothing was being recorded). */
  stop(): Recording | null {
    const a = this.#active;
    if (!a) return null;
    this.#active = null;
    a.source.disconnect();
    a.node.port.onmessage = null;
    a.node.disconnect();
    for (const t of a.stream.getTracks()) t.stop();
    const samples = new Float32Array(a.length);
    let at = 0;
    for (const c of a.chunks) {
      samples.set(c.subarray(0, Math.min(c.length, a.length - at)), at);
      at += c.length;
      if (at >= a.length) break;
    }
    return { samples, sampleRateHz: this.#ctx.sampleRate };
  }
}
