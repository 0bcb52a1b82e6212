import type { Camera } from '@babylonjs/core/Cameras/camera.js';
import type { AbstractSoundSource } from '@babylonjs/core/AudioV2/abstractAudio/abstractSoundSource.js';
import {
  CreateSoundSourceAsync,
  type AudioEngineV2,
} from '@babylonjs/core/AudioV2/abstractAudio/audioEngineV2.js';
import { CreateAudioEngineAsync } from '@babylonjs/core/AudioV2/webAudio/webAudioEngine.js';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';

interface Voice {
  sound: AbstractSoundSource;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  samples: Float32Array<ArrayBuffer>;
  /** Chromium only feeds a remote WebRTC stream into WebAudio while a media element consumes it. */
  sink: HTMLAudioElement;
}

/**
 * Remote voices as spatial sound at each speaker's avatar (Babylon AudioEngineV2, HRTF panning),
 * and the listener on the active camera. LiveKit's own `track.attach()` is deliberately not used:
 * its <audio> element would play a second, non-spatial copy.
 */
export class SpatialVoices {
  private readonly voices = new Map<string, Voice>();

  private constructor(
    private readonly engine: AudioEngineV2,
    private readonly context: AudioContext,
  ) {}

  /** `context` should have been created (or resumed) inside the Join click so it may play. */
  static async create(context: AudioContext): Promise<SpatialVoices> {
    const engine = await CreateAudioEngineAsync({
      audioContext: context,
      disableDefaultUI: true,
      resumeOnInteraction: true,
    });
    return new SpatialVoices(engine, context);
  }

  /** The ears follow this camera (desktop or XR). */
  attachListener(camera: Camera): void {
    this.engine.listener.attach(camera);
  }

  get count(): number {
    return this.voices.size;
  }

  async add(identity: string, track: MediaStreamTrack, anchor: TransformNode): Promise<void> {
    this.remove(identity);
    const mediaStream = new MediaStream([track]);
    const sink = new Audio();
    sink.muted = true;
    sink.srcObject = mediaStream;
    void sink.play().catch(() => undefined);
    const source = new MediaStreamAudioSourceNode(this.context, { mediaStream });
    const analyser = new AnalyserNode(this.context, { fftSize: 512 });
    source.connect(analyser);
    const sound = await CreateSoundSourceAsync(
      `voice-${identity}`,
      source,
      {
        spatialEnabled: true,
        spatialPanningModel: 'HRTF',
        spatialDistanceModel: 'inverse',
        spatialMinDistance: 2,
        spatialRolloffFactor: 0.8,
        spatialMaxDistance: 60,
      },
      this.engine,
    );
    sound.spatial.attach(anchor);
    this.voices.set(identity, { sound, source, analyser, samples: new Float32Array(analyser.fftSize), sink });
  }

  remove(identity: string): void {
    const v = this.voices.get(identity);
    if (!v) return;
    this.voices.delete(identity);
    v.sound.dispose();
    v.source.disconnect();
    v.analyser.disconnect();
    v.sink.srcObject = null;
  }

  /** Current loudness 0..1 of a voice, or -1 when silent / unknown. */
  level(identity: string): number {
    const v = this.voices.get(identity);
    if (!v) return -1;
    v.analyser.getFloatTimeDomainData(v.samples);
    let sum = 0;
    for (let i = 0; i < v.samples.length; i++) sum += v.samples[i]! * v.samples[i]!;
    const db = 20 * Math.log10(Math.max(Math.sqrt(sum / v.samples.length), 1e-6));
    // Below -50 dBFS counts as silence.
    return db < -50 ? -1 : Math.min(1, (db + 50) / 40);
  }

  /**
   * Where each voice is played from: the world position of the node its spatial sound is
   * attached to (Babylon copies that node's world matrix into the panner every update).
   */
  positions(): { identity: string; x: number; y: number; z: number }[] {
    const out: { identity: string; x: number; y: number; z: number }[] = [];
    for (const [identity, v] of this.voices) {
      const node = v.sound.spatial.isAttached ? v.sound.spatial.attachedNode : null;
      if (!node) continue;
      const p = node.getWorldMatrix().getTranslation();
      out.push({ identity, x: p.x, y: p.y, z: p.z });
    }
    return out;
  }

  /** The node a voice is played from, for analysers that must see exactly what is heard (the twin's lip-sync). */
  sourceOf(identity: string): AudioNode | null {
    return this.voices.get(identity)?.source ?? null;
  }

  identities(): IterableIterator<string> {
    return this.voices.keys();
  }

  dispose(): void {
    for (const id of [...this.voices.keys()]) this.remove(id);
    this.engine.dispose();
  }
}
