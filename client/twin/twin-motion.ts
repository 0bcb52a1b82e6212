import type { TimelineSegmentMessage } from '../../common/timeline.ts';
import type { TwinState } from '../../common/twin-presence.ts';

/** Joint angles (radians) and eyelid closure the body applies each frame. */
export interface MotionPose {
  spinePitch: number;
  spineRoll: number;
  neckYaw: number;
  neckPitch: number;
  headYaw: number;
  headPitch: number;
  headRoll: number;
  /** Right arm: upper-arm raise and forearm curl for emphasis beats and the thinking pose. */
  armRaise: number;
  forearmCurl: number;
  /** 0 open … 1 closed. */
  blink: number;
}

export function restPose(): MotionPose {
  return {
    spinePitch: 0,
    spineRoll: 0,
    neckYaw: 0,
    neckPitch: 0,
    headYaw: 0,
    headPitch: 0,
    headRoll: 0,
    armRaise: 0,
    forearmCurl: 0,
    blink: 0,
  };
}

/** Gesture weights (0..1) at one instant. */
export interface GestureWeights {
  nod: number;
  emphasis: number;
  thinking: number;
  /** Phase (ms into the gesture) for the oscillating ones. */
  nodPhaseMs: number;
  emphasisPhaseMs: number;
}

export function emptyGestures(): GestureWeights {
  return { nod: 0, emphasis: 0, thinking: 0, nodPhaseMs: 0, emphasisPhaseMs: 0 };
}

const FADE_MS = 180;

/**
 * Weights of the timeline's gestures at utterance time `tMs` (fade in/out over ~180 ms), written
 * into `out`. Allocation-free.
 */
export function sampleGestures(
  seg: TimelineSegmentMessage | null,
  tMs: number,
  out: GestureWeights,
): GestureWeights {
  out.nod = 0;
  out.emphasis = 0;
  out.thinking = 0;
  if (!seg) return out;
  const t = tMs - seg.audioStartOffsetMs;
  const list = seg.gestures;
  for (let i = 0; i < list.length; i++) {
    const g = list[i]!;
    if (t < g.s - FADE_MS) break;
    if (t > g.e + FADE_MS) continue;
    const w = Math.min(1, (t - (g.s - FADE_MS)) / FADE_MS, (g.e + FADE_MS - t) / FADE_MS);
    if (w <= 0) continue;
    if (g.g === 'nod' && w > out.nod) {
      out.nod = w;
      out.nodPhaseMs = t - g.s;
    } else if (g.g === 'emphasis' && w > out.emphasis) {
      out.emphasis = w;
      out.emphasisPhaseMs = t - g.s;
    } else if (g.g === 'thinking') out.thinking = Math.max(out.thinking, w);
  }
  return out;
}

/** Next blink interval: uniformly random in [2, 6] s, as people blink irregularly. */
export function nextBlinkDelayMs(random: () => number): number {
  return 2000 + random() * 4000;
}

const BLINK_MS = 160;
const GAZE_SWEEP_RAD = 0.55;

export interface MotionInput {
  state: TwinState;
  gestures: GestureWeights;
  /** Where to look (yaw/pitch from the head's rest direction), or NaN to sweep the audience. */
  gazeYawRad: number;
  gazePitchRad: number;
  /** 0..1 how much the mouth is moving (speech energy), for small head motion while talking. */
  speech: number;
}

/**
 * The twin's body language: breathing and sway, randomised blinks, gaze (at the asker or sweeping the
 * audience), nods and emphasis beats from the timeline, and a thinking pose while the agent thinks.
 * Smooths everything so no joint jumps. Allocation-free per update.
 */
export class TwinMotion {
  readonly pose: MotionPose = restPose();
  private blinkAtMs: number;
  private blinkStartMs = -Infinity;
  private thinking = 0;
  private yaw = 0;
  private pitch = 0;
  /** Blinks so far (for tests). */
  blinks = 0;

  constructor(
    nowMs: number,
    private readonly random: () => number = Math.random,
  ) {
    this.blinkAtMs = nowMs + nextBlinkDelayMs(random);
  }

  update(dtMs: number, nowMs: number, input: MotionInput): MotionPose {
    const p = this.pose;
    const dt = Math.min(Math.max(dtMs, 0), 100);
    const tSec = nowMs / 1000;
    // Breathing (~0.25 Hz) and a slow weight shift.
    p.spinePitch = 0.012 * Math.sin(2 * Math.PI * 0.25 * tSec);
    p.spineRoll = 0.01 * Math.sin(2 * Math.PI * 0.07 * tSec + 1.3);

    if (nowMs >= this.blinkAtMs) {
      this.blinkStartMs = nowMs;
      this.blinkAtMs = nowMs + nextBlinkDelayMs(this.random);
      this.blinks++;
    }
    const b = (nowMs - this.blinkStartMs) / BLINK_MS;
    p.blink = b >= 0 && b < 1 ? Math.sin(Math.PI * b) : 0;

    // Gaze: a target when known, else a slow sweep across the seats with pauses at the ends.
    let yawGoal = input.gazeYawRad;
    let pitchGoal = input.gazePitchRad;
    if (Number.isNaN(yawGoal)) {
      const s = Math.sin(2 * Math.PI * 0.045 * tSec);
      yawGoal = GAZE_SWEEP_RAD * Math.sign(s) * Math.min(1, Math.abs(s) * 1.6);
      pitchGoal = -0.05;
    }
    yawGoal = clamp(yawGoal, -1.0, 1.0);
    pitchGoal = clamp(pitchGoal, -0.4, 0.3);
    const k = 1 - Math.exp(-dt / 220);
    this.yaw += (yawGoal - this.yaw) * k;
    this.pitch += (pitchGoal - this.pitch) * k;

    const g = input.gestures;
    const thinkGoal = Math.max(g.thinking, input.state === 'thinking' ? 1 : 0);
    this.thinking += (thinkGoal - this.thinking) * (1 - Math.exp(-dt / 300));
    const nod = g.nod * 0.09 * Math.sin((2 * Math.PI * g.nodPhaseMs) / 520);
    const beat = g.emphasis * Math.max(0, Math.sin((2 * Math.PI * g.emphasisPhaseMs) / 700));
    const talk = input.speech * 0.015 * Math.sin(2 * Math.PI * 1.7 * tSec);

    p.neckYaw = this.yaw * 0.4;
    p.headYaw = this.yaw * 0.6;
    p.neckPitch = this.pitch * 0.4;
    p.headPitch = this.pitch * 0.6 + nod + talk + beat * 0.04 + this.thinking * 0.06;
    p.headRoll = this.thinking * 0.12;
    p.armRaise = this.thinking * 0.5 + beat * 0.15;
    p.forearmCurl = this.thinking * 1.7 + beat * 0.35;
    return p;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
