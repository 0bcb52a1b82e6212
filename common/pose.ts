/**
 * Avatar pose messages. Sent at >= 10 Hz over an unreliable channel (LiveKit lossy data, topic
 * `POSE_TOPIC`); receivers interpolate. Compact binary so 200 avatars stay cheap.
 *
 * Layout (little endian, 62 bytes):
 *   u8 version | u8 flags | u32 seq | f32 t (sender clock, s)
 *   head: f32 x y z, f32 qx qy qz qw
 *   left hand: f32 x y z | right hand: f32 x y z   (relative to the world, NaN when absent)
 */
export const POSE_TOPIC = 'podium.pose.v1';
export const POSE_VERSION = 1;
export const POSE_BYTES = 2 + 4 + 4 + 7 * 4 + 6 * 4;

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}
export interface Quat {
  x: number;
  y: number;
  z: number;
  w: number;
}

export interface Pose {
  seq: number;
  /** Sender's clock in seconds, used only to order and interpolate. */
  t: number;
  head: Vec3;
  headRotation: Quat;
  leftHand: Vec3 | null;
  rightHand: Vec3 | null;
  /** True when the sender is in immersive VR (hands from controllers). */
  inXr: boolean;
}

/** A fresh pose at the origin, facing forward, no hands: the starting value senders fill in place. */
export function createRestPose(): Pose {
  return {
    seq: 0,
    t: 0,
    head: { x: 0, y: 0, z: 0 },
    headRotation: { x: 0, y: 0, z: 0, w: 1 },
    leftHand: null,
    rightHand: null,
    inXr: false,
  };
}

const FLAG_XR = 1;

export function encodePose(pose: Pose, out: Uint8Array = new Uint8Array(POSE_BYTES)): Uint8Array {
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  v.setUint8(0, POSE_VERSION);
  v.setUint8(1, pose.inXr ? FLAG_XR : 0);
  v.setUint32(2, pose.seq >>> 0, true);
  v.setFloat32(6, pose.t, true);
  const q = pose.headRotation;
  const values = [pose.head.x, pose.head.y, pose.head.z, q.x, q.y, q.z, q.w];
  for (const h of [pose.leftHand, pose.rightHand]) values.push(h ? h.x : NaN, h ? h.y : NaN, h ? h.z : NaN);
  values.forEach((n, i) => v.setFloat32(10 + i * 4, n, true));
  return out;
}

/** Returns null for anything that is not a valid pose of a known version. */
export function decodePose(bytes: Uint8Array): Pose | null {
  if (bytes.byteLength !== POSE_BYTES) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint8(0) !== POSE_VERSION) return null;
  const flags = v.getUint8(1);
  const f = (o: number) => v.getFloat32(o, true);
  const head = { x: f(10), y: f(14), z: f(18) };
  const headRotation = { x: f(22), y: f(26), z: f(30), w: f(34) };
  if (
    ![head.x, head.y, head.z, headRotation.x, headRotation.y, headRotation.z, headRotation.w].every(
      Number.isFinite,
    )
  ) {
    return null;
  }
  const hand = (o: number): Vec3 | null => {
    const p = { x: f(o), y: f(o + 4), z: f(o + 8) };
    return Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z) ? p : null;
  };
  return {
    seq: v.getUint32(2, true),
    t: f(6),
    head,
    headRotation,
    leftHand: hand(38),
    rightHand: hand(50),
    inXr: (flags & FLAG_XR) !== 0,
  };
}

/**
 * How poses travel between participants. The LiveKit implementation sends lossy data on
 * `POSE_TOPIC`; tests may use an in-process one.
 */
export interface PoseTransport {
  /** Sends this participant's pose to everyone else. */
  send(pose: Pose): void;
  /** Registers a listener for other participants' poses; returns an unsubscribe function. */
  onPose(listener: (identity: string, pose: Pose) => void): () => void;
  close(): void;
}
