import { describe, expect, it } from 'vitest';
import { PoseHub } from './pose-hub.ts';
import type { Pose } from './pose.ts';

const pose = (x: number): Pose => ({
  seq: 1,
  t: 1,
  head: { x, y: 1.6, z: 0 },
  headRotation: { x: 0, y: 0, z: 0, w: 1 },
  leftHand: null,
  rightHand: null,
  inXr: false,
});

describe('PoseHub', () => {
  it('delivers to everyone else, decoded through the wire format', () => {
    const hub = new PoseHub();
    const a = hub.connect('a');
    const b = hub.connect('b');
    const c = hub.connect('c');
    const got: string[] = [];
    b.onPose((id, p) => got.push(`b<-${id}:${p.head.x}`));
    c.onPose((id, p) => got.push(`c<-${id}:${p.head.x}`));
    a.onPose(() => got.push('a heard itself'));
    const p = pose(0.5);
    a.send(p);
    p.head.x = 9; // the sender reuses its object; receivers already have their copies
    expect(got).toEqual(['b<-a:0.5', 'c<-a:0.5']);
  });

  it('stops delivering after unsubscribe and close, and frees the identity', () => {
    const hub = new PoseHub();
    const a = hub.connect('a');
    const b = hub.connect('b');
    let n = 0;
    const off = b.onPose(() => n++);
    a.send(pose(1));
    off();
    a.send(pose(1));
    expect(n).toBe(1);
    expect(() => hub.connect('a')).toThrow(/already connected/);
    a.close();
    a.send(pose(1));
    expect(hub.identities).toEqual(['b']);
    expect(() => hub.connect('a')).not.toThrow();
  });
});
