import { describe, expect, it } from 'vitest';
import { encodePose, POSE_TOPIC, type Pose } from '../../common/pose.ts';
import { Emitter, type MediaSessionEvents } from './events.ts';
import { LivekitPoseTransport } from './livekit-pose-transport.ts';

const pose: Pose = {
  seq: 3,
  t: 2,
  head: { x: 1, y: 2, z: 3 },
  headRotation: { x: 0, y: 0, z: 0, w: 1 },
  leftHand: null,
  rightHand: null,
  inXr: false,
};

describe('LivekitPoseTransport.receive', () => {
  it('delivers valid poses on the pose topic only', () => {
    const t = new LivekitPoseTransport();
    const got: [string, number][] = [];
    t.onPose((id, p) => got.push([id, p.head.z]));
    t.receive('alice', encodePose(pose), POSE_TOPIC);
    t.receive('alice', encodePose(pose), 'chat');
    t.receive('alice', encodePose(pose), undefined);
    t.receive('mallory', new Uint8Array([1, 2, 3]), POSE_TOPIC);
    expect(got).toEqual([['alice', 3]]);
  });

  it('sends nothing (and does not throw) while not connected', () => {
    const t = new LivekitPoseTransport();
    expect(() => t.send(pose)).not.toThrow();
    expect(t.sendFailures).toBe(0);
    t.close();
  });
});

describe('Emitter', () => {
  it('calls typed listeners, isolates a throwing one, and unsubscribes', () => {
    const failures: string[] = [];
    const e = new Emitter<MediaSessionEvents>((event, err) =>
      failures.push(`${event}: ${(err as Error).message}`),
    );
    const seen: string[] = [];
    e.on('participantLeft', () => {
      throw new Error('bad listener');
    });
    const off = e.on('participantLeft', (id) => seen.push(id));
    e.emit('participantLeft', 'a');
    expect(failures).toEqual(['participantLeft: bad listener']);
    off();
    e.emit('participantLeft', 'b');
    expect(seen).toEqual(['a']);
  });
});
