import type { Room } from 'livekit-client';
import {
  decodePose,
  encodePose,
  POSE_BYTES,
  POSE_TOPIC,
  type Pose,
  type PoseTransport,
} from '../../common/pose.ts';

/**
 * Poses over LiveKit lossy data on `POSE_TOPIC`. One encode buffer is reused for every send:
 * livekit-client serialises the packet before the next frame's send could overwrite it, and even
 * if it did not, the buffer always holds a whole (newer) pose. The room can be swapped when the
 * session rejoins; listeners stay registered.
 */
export class LivekitPoseTransport implements PoseTransport {
  private room: Room | null = null;
  private readonly buffer = new Uint8Array(POSE_BYTES);
  private readonly listeners = new Set<(identity: string, pose: Pose) => void>();
  private failures = 0;

  setRoom(room: Room | null): void {
    this.room = room;
  }

  /** Packets that could not be sent (not connected yet, data channel closed). */
  get sendFailures(): number {
    return this.failures;
  }

  send(pose: Pose): void {
    const room = this.room;
    if (!room) return;
    encodePose(pose, this.buffer);
    room.localParticipant.publishData(this.buffer, { reliable: false, topic: POSE_TOPIC }).catch(() => {
      // Lossy by design: a dropped pose is replaced by the next one within ~70 ms.
      this.failures++;
    });
  }

  onPose(listener: (identity: string, pose: Pose) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called by the session for every data packet; ignores other topics and invalid poses. */
  receive(identity: string, payload: Uint8Array, topic: string | undefined): void {
    if (topic !== POSE_TOPIC) return;
    const pose = decodePose(payload);
    if (!pose) return;
    for (const l of this.listeners) l(identity, pose);
  }

  close(): void {
    this.listeners.clear();
    this.room = null;
  }
}
