import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { decodeTimelineMessage, VISEME_COUNT } from '../../common/timeline.ts';
import {
  twinAvatarUrl,
  twinLabel,
  twinLeaderName,
  twinStateOf,
  type TwinState,
} from '../../common/twin-presence.ts';
import type { TwinParticipantInfo } from '../media/index.ts';
import type { LifecycleUnit } from '../scene/frame-loop.ts';
import type { HallLayout } from '../scene/hall-layout.ts';
import { TwinAudioTap } from './audio-tap.ts';
import type { CaptionPanel } from './caption-panel.ts';
import { CaptionOverlay } from './caption-overlay.ts';
import { captionPrefix, captionText, heardWordCount } from './caption-text.ts';
import { MouthTrace } from './mouth-trace.ts';
import { OnsetLog } from './onset-log.ts';
import type { TwinBody } from './twin-body.ts';
import { emptyGestures, sampleGestures, TwinMotion } from './twin-motion.ts';
import { UtteranceSchedule } from './utterance-schedule.ts';

export interface TwinStageOptions {
  scene: Scene;
  doc: Document;
  /** Where the DOM caption bar goes (the room view). */
  container: HTMLElement;
  /** The twin's mark on the stage floor. */
  markPosition: Vector3;
  /** Where the VR caption panel hangs (centre, world). */
  captionPanelPosition: Vector3;
  /** The audio context the twin's voice plays in (null: no audio, arrival-time scheduling). */
  audioContext: AudioContext | null;
  /** Head position of a participant's avatar, for looking at the asker. */
  positionOf: (identity: string) => { x: number; y: number; z: number } | null;
  onError?: (message: string, err: unknown) => void;
}

/** The audience sits towards -z from the stage. */
const FACING_YAW_RAD = Math.PI;
const REVEAL_MS = 1200;
/** No twin audio heard for this long: the mouth rests whatever the timeline says. */
const SILENCE_GATE_MS = 250;
/** How fast the mouth follows the gate: opens quickly when the voice returns, relaxes more slowly. */
const GATE_ATTACK_MS = 20;
const GATE_RELEASE_MS = 60;
/** The gate is advanced in steps no longer than this, so it does not depend on the frame rate. */
const GATE_STEP_MS = 5;
const MAX_TRACE_MS = 2000;
const CAPTION_LINGER_MS = 5000;

/**
 * The twin on the stage in this client: appears when the twin participant joins (avatar loaded
 * lazily), speaks with lip-sync scheduled on the audio as heard here, blinks, breathes, looks at the
 * asker or the audience, gestures from the timeline, shows its agent state, and captions what is
 * heard (DOM bar on desktop, world panel in VR). A frame-loop unit; allocation-free per frame.
 */
export class TwinStage {
  readonly schedule = new UtteranceSchedule();
  readonly onsets = new OnsetLog();
  /** Spatial audio of the twin's voice is attached here (head height on the mark). */
  readonly voiceAnchor: TransformNode;
  private readonly overlay: CaptionOverlay;
  private panel: CaptionPanel | null = null;
  private body: TwinBody | null = null;
  private loading: Promise<void> | null = null;
  private tap: TwinAudioTap | null = null;
  private motion: TwinMotion;
  private readonly weights = new Float32Array(VISEME_COUNT);
  private readonly gestures = emptyGestures();
  private readonly tmpHead = new Vector3();
  private identity: string | null = null;
  private name = '';
  private state: TwinState = 'idle';
  private asker: string | null = null;
  private reveal = 0;
  private revealGoal = 0;
  private gain = 1;
  private gainAtMs = NaN;
  private readonly trace: MouthTrace;
  private lastSum = 0;
  private captionKey = -1;
  private captionUtterance: string | null = null;
  private captionShown = '';
  private captionDoneAtMs = Infinity;
  private announcedSegments = 0;
  private immersive = false;
  private disposed = false;
  private loadError: string | null = null;

  constructor(private readonly o: TwinStageOptions) {
    this.voiceAnchor = new TransformNode('twin-voice', o.scene);
    this.voiceAnchor.position.copyFrom(o.markPosition).addInPlaceFromFloats(0, 1.6, 0);
    this.overlay = new CaptionOverlay(o.doc, o.container);
    this.motion = new TwinMotion(performance.now());
    this.trace = new MouthTrace(this.schedule, (atMs) => this.onsets.mouth(atMs));
    this.schedule.onAnchor = (e) =>
      this.onsets.event({
        kind: 'anchor',
        atMs: e.heardMs,
        utteranceId: e.utteranceId,
        phraseMs: e.phraseMs,
        first: e.kind === 'first',
      });
  }

  /** Times the voice analysis fell behind and lost samples (diagnostics). */
  get audioGaps(): number {
    return this.tap?.gaps ?? 0;
  }

  get present(): boolean {
    return this.identity !== null;
  }

  get twinIdentity(): string | null {
    return this.identity;
  }

  get agentState(): TwinState {
    return this.state;
  }

  get loaded(): boolean {
    return this.body !== null;
  }

  get error(): string | null {
    return this.loadError;
  }

  get labelText(): string | null {
    return this.body && this.reveal > 0.5 ? this.body.label.label : null;
  }

  get revealFraction(): number {
    return this.reveal;
  }

  get captionText(): string {
    return this.overlay.text;
  }

  get panelText(): string {
    return this.panel?.text ?? '';
  }

  get panelVisible(): boolean {
    return this.panel?.mesh.isEnabled() ?? false;
  }

  get visemeWeightSum(): number {
    return this.lastSum;
  }

  morphTargetNames(): string[] {
    return this.body?.morphTargetNames() ?? [];
  }

  /** The twin participant joined or changed (name, attributes such as `lk.agent.state`). */
  upsert(info: TwinParticipantInfo): void {
    if (this.disposed) return;
    this.identity = info.identity;
    this.name = twinLeaderName(info.name, info.attributes);
    this.state = twinStateOf(info.attributes);
    this.revealGoal = 1;
    this.body?.label.setText(twinLabel(this.name));
    if (!this.loading) this.loading = this.load(twinAvatarUrl(info.attributes));
  }

  /** The twin left: it dematerialises, its captions and schedule are dropped. */
  leave(identity: string): void {
    if (identity !== this.identity) return;
    this.identity = null;
    this.revealGoal = 0;
    this.detachVoice();
    this.schedule.clear();
    this.clearCaptions();
  }

  /** Starts analysing the twin's received voice (the node that also plays it). */
  attachVoice(source: AudioNode): void {
    this.detachVoice();
    if (!this.o.audioContext) return;
    this.tap = new TwinAudioTap(this.o.audioContext, source, (heardMs, renderedMs) => {
      this.onsets.audio(heardMs);
      this.schedule.onset(heardMs);
      this.trace.scheduleChanged(renderedMs);
    });
  }

  detachVoice(): void {
    this.tap?.dispose();
    this.tap = null;
  }

  /** A packet from the twin on the timeline topic; invalid ones are ignored. */
  receiveTimeline(payload: Uint8Array): void {
    const msg = decodeTimelineMessage(payload);
    if (!msg) return;
    const nowMs = performance.now();
    if (msg.type === 'start') this.onsets.event({ kind: 'start', atMs: nowMs, utteranceId: msg.utteranceId });
    if (msg.type === 'segment') {
      const { utteranceId, seq, audioStartOffsetMs } = msg;
      const exact = msg.onsets !== undefined;
      this.onsets.event({ kind: 'segment', atMs: nowMs, utteranceId, seq, audioStartOffsetMs, exact });
    }
    this.schedule.receive(msg, nowMs);
    this.trace.scheduleChanged(nowMs);
  }

  /** The participant whose question the twin is answering (null: look over the audience). */
  setAsker(identity: string | null): void {
    this.asker = identity;
  }

  /** In VR the world caption panel replaces the desktop bar. */
  setImmersive(immersive: boolean): void {
    this.immersive = immersive;
    this.panel?.setVisible(immersive);
  }

  unit(): LifecycleUnit {
    return {
      name: 'twin',
      update: (dtMs, nowMs) => this.update(dtMs, nowMs),
      dispose: () => this.dispose(),
    };
  }

  update(dtMs: number, nowMs: number): void {
    this.tap?.poll();
    const s = this.schedule;
    // Between frames, on a fine grid: the gate, and (for the onset log) the mouth as a display refreshing
    // that often would show it, so measured onsets do not depend on this machine's frame rate.
    // After a stall (a background tab), the last couple of seconds are plenty.
    const from = Number.isNaN(this.gainAtMs) ? nowMs : Math.max(this.gainAtMs, nowMs - MAX_TRACE_MS);
    const trace = this.onsets.enabled;
    for (let at = from + GATE_STEP_MS; at < nowMs; at += GATE_STEP_MS) {
      this.advanceGain(at);
      if (trace) this.trace.sample(at, this.gain);
    }
    this.advanceGain(nowMs);
    if (trace) this.trace.sample(nowMs, this.gain);
    this.trace.endFrame();
    const t = s.timeAt(nowMs);
    const seg = !Number.isNaN(t) && t < s.limitMs() ? s.segmentAt(t) : null;
    s.visemesAt(t, this.weights);

    this.updateReveal(dtMs);
    const body = this.body;
    let sum = 0;
    if (body) {
      sampleGestures(seg, t, this.gestures);
      let yaw = NaN;
      let pitch = NaN;
      const target = this.asker ? this.o.positionOf(this.asker) : null;
      if (target) {
        const head = body.headPosition(this.tmpHead);
        const dx = target.x - head.x;
        const dz = target.z - head.z;
        // +yaw turns the face (looking along -z) towards -x: see the body's rig test.
        yaw = -Math.atan2(dx, -dz);
        pitch = -Math.atan2(target.y - head.y, Math.hypot(dx, dz));
      }
      const pose = this.motion.update(dtMs, nowMs, {
        state: this.state,
        gestures: this.gestures,
        gazeYawRad: yaw,
        gazePitchRad: pitch,
        speech: Math.min(1, this.lastSum),
      });
      body.applyPose(pose);
      sum = body.applyFace(this.weights, this.gain, pose.blink);
      body.hologram.timeS = nowMs / 1000;
    }
    this.lastSum = sum;
    this.updateCaptions(t, nowMs);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.detachVoice();
    this.body?.dispose();
    this.body = null;
    this.panel?.dispose();
    this.panel = null;
    this.overlay.dispose();
    this.voiceAnchor.dispose();
  }

  private async load(url: string): Promise<void> {
    try {
      const [{ TwinBody }, { CaptionPanel }] = await Promise.all([
        import('./twin-body.ts'),
        import('./caption-panel.ts'),
      ]);
      if (this.disposed) return;
      this.panel = new CaptionPanel(this.o.scene, this.o.captionPanelPosition);
      this.panel.setVisible(this.immersive);
      const body = await TwinBody.load({
        scene: this.o.scene,
        position: this.o.markPosition,
        facingYawRad: FACING_YAW_RAD,
        url,
      });
      if (this.disposed) {
        body.dispose();
        return;
      }
      body.label.setText(twinLabel(this.name));
      body.setReveal(this.reveal);
      this.body = body;
      this.voiceAnchor.position.copyFrom(body.headPosition(this.tmpHead));
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
      this.o.onError?.('The AI twin’s avatar could not be shown.', err);
    }
  }

  private updateReveal(dtMs: number): void {
    // Materialise only once there is a body to show.
    if (!this.body && this.revealGoal > 0) return;
    const before = this.reveal;
    const step = dtMs / REVEAL_MS;
    if (this.revealGoal === before) return;
    this.reveal = this.revealGoal > before ? Math.min(1, before + step) : Math.max(0, before - step);
    const body = this.body;
    if (!body || before === this.reveal) return;
    body.setReveal(this.reveal);
    body.root.setEnabled(this.reveal > 0);
  }

  /** Moves the gain to `atMs`: open while the twin's voice is heard (or there is no tap), else at rest. */
  private advanceGain(atMs: number): void {
    const tap = this.tap;
    const goal = !tap || tap.heardWithin(atMs, SILENCE_GATE_MS) ? 1 : 0;
    const dt = Number.isNaN(this.gainAtMs) ? Infinity : atMs - this.gainAtMs;
    if (dt > 0) {
      const tau = goal > this.gain ? GATE_ATTACK_MS : GATE_RELEASE_MS;
      this.gain = goal + (this.gain - goal) * Math.exp(-dt / tau);
    }
    this.gainAtMs = atMs;
  }

  private updateCaptions(t: number, nowMs: number): void {
    const s = this.schedule;
    const id = s.utteranceId;
    if (id !== this.captionUtterance) {
      this.captionUtterance = id;
      this.captionKey = -1;
      this.announcedSegments = 0;
      this.captionDoneAtMs = Infinity;
    }
    if (id === null || Number.isNaN(t)) {
      if (nowMs > this.captionDoneAtMs + CAPTION_LINGER_MS && this.captionShown) this.clearCaptions();
      return;
    }
    const heard = Math.min(t, s.heardUntilMs ?? Infinity);
    const segs = s.segments;
    const key = heardWordCount(segs, heard) * 2 + (s.heardUntilMs !== null ? 1 : 0);
    if (key !== this.captionKey) {
      this.captionKey = key;
      const prefix = captionPrefix(this.name);
      const text = captionText(segs, heard);
      this.captionShown = text;
      this.overlay.show(prefix, text);
      this.panel?.show(prefix.trim(), text);
      this.announce(prefix, heard);
    }
    if (s.finishedAt(nowMs)) {
      if (this.captionDoneAtMs === Infinity) {
        this.captionDoneAtMs = nowMs;
        this.announce(captionPrefix(this.name), heard, true);
      }
      if (nowMs > this.captionDoneAtMs + CAPTION_LINGER_MS && this.captionShown) this.clearCaptions();
    }
  }

  /** Screen readers hear each sentence once it is complete (or cut short). */
  private announce(prefix: string, heard: number, final = false): void {
    const segs = this.schedule.segments;
    while (this.announcedSegments < segs.length) {
      const seg = segs[this.announcedSegments]!;
      const last = seg.words[seg.words.length - 1];
      const complete = !last || heard - seg.audioStartOffsetMs >= last.e;
      if (!complete && !final) return;
      const text = complete ? seg.text.trim() : captionText([seg], heard, Infinity);
      this.overlay.announce(prefix, text);
      this.announcedSegments++;
      if (!complete) return;
    }
  }

  private clearCaptions(): void {
    this.captionShown = '';
    this.captionKey = -1;
    this.captionDoneAtMs = Infinity;
    this.overlay.show('', '');
    this.panel?.show('', '');
  }
}

/** Where the VR caption panel hangs: just below the big screen, in front of it. */
export function captionPanelPositionFor(layout: HallLayout): Vector3 {
  return new Vector3(0, layout.stage.heightM + layout.screen.bottomAboveStageM - 0.8, layout.screen.z - 0.2);
}
