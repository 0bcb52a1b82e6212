/**
 * Live microphone level for the lobby's check: getUserMedia → AnalyserNode, RMS of the waveform
 * mapped from -60..0 dBFS to 0..1, reported ~30 times a second.
 */
export class MicMeter {
  private stream: MediaStream | null = null;
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly onLevel: (level: number) => void) {}

  get running(): boolean {
    return this.stream !== null;
  }

  /** The device of the running stream (after permission, the real id even for "default"). */
  get deviceId(): string | null {
    return this.stream?.getAudioTracks()[0]?.getSettings().deviceId ?? null;
  }

  /** Opens `deviceId` (or the default) and starts metering; restarts if already running. */
  async start(deviceId: string | null): Promise<void> {
    this.stop();
    const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true };
    if (deviceId) audio.deviceId = { exact: deviceId };
    const stream = await navigator.mediaDevices.getUserMedia({ audio, video: false });
    const context = new AudioContext();
    // The lobby's button click is the user gesture that lets this context run.
    await context.resume().catch(() => undefined);
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.stream = stream;
    this.context = context;
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
      const rms = Math.sqrt(sum / samples.length);
      const db = 20 * Math.log10(Math.max(rms, 1e-6));
      this.onLevel(Math.min(1, Math.max(0, (db + 60) / 60)));
    }, 33);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.onLevel(0);
  }
}

/** A human sentence for getUserMedia failures. */
export function describeMicError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access was blocked. Allow it in the browser’s site settings to test it.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'That microphone is not available. Pick another device.';
    case 'NotReadableError':
      return 'The microphone is in use by another application.';
    default:
      return 'The microphone could not be opened.';
  }
}
