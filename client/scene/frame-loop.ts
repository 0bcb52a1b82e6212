/**
 * The one per-frame loop. Every scene and XR feature is a lifecycle unit registered explicitly
 * (never as a side effect of an import); each frame the loop calls the attached units' `update`
 * in the fixed order below, so data flows one way through a frame:
 *
 *  1. `input`          desktop keys/pointer → intended motion
 *  2. `locomotion`     moves the desktop camera (walking, click-to-move easing)
 *  3. `xr`             XR comfort (vignette), VR panel follow
 *  4. `local-pose`     samples the camera / headset / controllers → pose sender (network out)
 *  5. `synthetic-crowd` test/bench only: fake remote poses, fed in like network ones
 *  6. `remote-avatars` interpolates buffered remote poses (network in) → avatar transforms
 *  7. `avatar-render`  uploads thin-instance buffers (one per avatar part)
 *  8. `name-tags`      uploads the name-tag atlas if a name changed
 *  9. `audio`          speaking levels from the voices → avatar halos
 * 10. `stats`          debug counters (test mode only)
 */
export const SYSTEM_ORDER = [
  'input',
  'locomotion',
  'xr',
  'local-pose',
  'synthetic-crowd',
  'remote-avatars',
  'avatar-render',
  'name-tags',
  'audio',
  // After the voices: the twin's face reads the audio as this listener hears it.
  'twin',
  'stats',
] as const;
export type SystemName = (typeof SYSTEM_ORDER)[number];

/** A scene or XR feature with an explicit lifecycle (cf. Babylon's WebXRAbstractFeature). */
export interface LifecycleUnit {
  readonly name: SystemName;
  /** Starts listening / shows meshes. Called once by the loop when registered, or after detach. */
  attach?(): void;
  /** Stops listening / hides, keeping resources so it can attach again. */
  detach?(): void;
  /** Releases everything; the unit is not used again. */
  dispose(): void;
  /** Per-frame work. Must not allocate. */
  update?(dtMs: number, nowMs: number): void;
}

interface Entry {
  unit: LifecycleUnit;
  order: number;
  attached: boolean;
}

export class FrameLoop {
  private readonly entries: Entry[] = [];
  private disposed = false;

  /** Registers and attaches `unit`. Units with the same name run in registration order. */
  register(unit: LifecycleUnit): void {
    if (this.disposed) throw new Error('frame loop: register after dispose');
    if (this.entries.some((e) => e.unit === unit))
      throw new Error(`frame loop: ${unit.name} registered twice`);
    const order = SYSTEM_ORDER.indexOf(unit.name);
    if (order < 0) throw new Error(`frame loop: unknown system ${String(unit.name)}`);
    const entry: Entry = { unit, order, attached: false };
    // Stable insertion keeps registration order within one system name.
    let at = this.entries.length;
    while (at > 0 && this.entries[at - 1]!.order > order) at--;
    this.entries.splice(at, 0, entry);
    this.setAttached(entry, true);
  }

  /** Detaches `unit` (it stops receiving updates) without disposing it. */
  detach(unit: LifecycleUnit): void {
    const entry = this.entries.find((e) => e.unit === unit);
    if (entry) this.setAttached(entry, false);
  }

  /** Re-attaches a detached unit. */
  attach(unit: LifecycleUnit): void {
    const entry = this.entries.find((e) => e.unit === unit);
    if (!entry) throw new Error(`frame loop: ${unit.name} is not registered`);
    this.setAttached(entry, true);
  }

  /** Removes and disposes `unit`. */
  unregister(unit: LifecycleUnit): void {
    const i = this.entries.findIndex((e) => e.unit === unit);
    if (i < 0) return;
    const [entry] = this.entries.splice(i, 1);
    if (entry) {
      this.setAttached(entry, false);
      entry.unit.dispose();
    }
  }

  /** Runs one frame. */
  tick(dtMs: number, nowMs: number): void {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.attached) e.unit.update?.(dtMs, nowMs);
    }
  }

  /** Names of attached units in call order (for tests and the debug API). */
  order(): SystemName[] {
    return this.entries.filter((e) => e.attached).map((e) => e.unit.name);
  }

  /** Detaches and disposes every unit, last registered first. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of [...this.entries].reverse()) {
      this.setAttached(entry, false);
      entry.unit.dispose();
    }
    this.entries.length = 0;
  }

  private setAttached(entry: Entry, attached: boolean): void {
    if (entry.attached === attached) return;
    entry.attached = attached;
    if (attached) entry.unit.attach?.();
    else entry.unit.detach?.();
  }
}
