import { SceneInstrumentation } from '@babylonjs/core/Instrumentation/sceneInstrumentation.js';
import type { Scene } from '@babylonjs/core/scene.js';

/** Per-frame counters for the debug API and the client benchmark. */
export class FrameStats {
  private readonly instrumentation: SceneInstrumentation;
  private readonly cpuMs = new Float64Array(600);
  private cpuCount = 0;
  private cpuNext = 0;

  constructor(private readonly scene: Scene) {
    this.instrumentation = new SceneInstrumentation(scene);
  }

  /** CPU time spent in one frame (our systems + Babylon's render submission). */
  recordFrameCpu(ms: number): void {
    this.cpuMs[this.cpuNext] = ms;
    this.cpuNext = (this.cpuNext + 1) % this.cpuMs.length;
    this.cpuCount = Math.min(this.cpuCount + 1, this.cpuMs.length);
  }

  /** Draw calls of the last complete frame. */
  get drawCalls(): number {
    return this.instrumentation.drawCallsCounter.current;
  }

  get activeMeshes(): number {
    return this.scene.getActiveMeshes().length;
  }

  /**
   * CPU frame time over the last (up to) 600 frames: median (robust to the stalls a shared machine
   * causes), mean and 95th percentile.
   */
  frameCpu(): { medianMs: number; meanMs: number; p95Ms: number; frames: number } {
    const n = this.cpuCount;
    if (n === 0) return { medianMs: 0, meanMs: 0, p95Ms: 0, frames: 0 };
    const sorted = Array.from(this.cpuMs.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))]!;
    const mean = sorted.reduce((a, b) => a + b, 0) / n;
    return { medianMs: at(0.5), meanMs: mean, p95Ms: at(0.95), frames: n };
  }

  /** Forgets the frame-time history (e.g. after changing the scene for a measurement). */
  resetFrameCpu(): void {
    this.cpuCount = 0;
    this.cpuNext = 0;
  }

  dispose(): void {
    this.instrumentation.dispose();
  }
}
