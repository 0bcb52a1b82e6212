import { decodePose, encodePose, POSE_BYTES, type Pose, type PoseTransport } from './pose.ts';

/**
 * An in-process stand-in for the LiveKit pose channel: every transport connected to the same hub
 * receives the others' poses. Poses go through the real binary codec, so a sender that reuses its
 * Pose object (as the client does) behaves exactly as on the wire.
 */
export class PoseHub {
  private readonly members = new Map<string, Set<(identity: string, pose: Pose) => void>>();
  private readonly buffer = new Uint8Array(POSE_BYTES);

  /** Joins the hub as `identity`. Throws if that identity is already connected. */
  connect(identity: string): PoseTransport {
    if (this.members.has(identity)) throw new Error(`pose hub: ${identity} is already connected`);
    const listeners = new Set<(identity: string, pose: Pose) => void>();
    this.members.set(identity, listeners);
    let open = true;
    return {
      send: (pose) => {
        if (!open) return;
        const bytes = encodePose(pose, this.buffer);
        for (const [other, set] of this.members) {
          if (other === identity) continue;
          for (const listener of set) {
            // Each receiver decodes its own copy, as each would from its own packet.
            const decoded = decodePose(bytes);
            if (decoded) listener(identity, decoded);
          }
        }
      },
      onPose: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: () => {
        open = false;
        listeners.clear();
        this.members.delete(identity);
      },
    };
  }

  /** Identities currently connected. */
  get identities(): string[] {
    return [...this.members.keys()];
  }
}
