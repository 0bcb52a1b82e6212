import { describe, expect, it } from 'vitest';
import { PoseHub } from '../../common/pose-hub.ts';
import type { Pose } from '../../common/pose.ts';
import { PoseSender } from './pose-sender.ts';

function setup(options = {}) {
  const hub = new PoseHub();
  const received: Pose[] = [];
  const rx = hub.connect('bob');
  rx.onPose((identity, pose) => {
    expect(identity).toBe('alice');
    received.push(pose);
  });
  const sender = new PoseSender(hub.connect('alice'), 0, options);
  return { sender, received };
}

/** Runs `seconds` of frames at `fps`, calling `move` before each tick. */
function run(sender: PoseSender, fps: number, seconds: number, move: (tMs: number) => void): void {
  const frameMs = 1000 / fps;
  for (let i = 0; i < fps * seconds; i++) {
    const t = i * frameMs;
    move(t);
    sender.tick(t);
  }
}

describe('PoseSender', () => {
  it('sends at activeHz while moving, whatever the frame rate', () => {
    for (const fps of [30, 60, 72, 90, 144]) {
      const { sender, received } = setup({ activeHz: 15 });
      run(sender, fps, 10, (t) => (sender.pose.head.x = t / 1000));
      // 10 s at 15 Hz; allow the first/last frame boundary.
      expect(received.length).toBeGreaterThanOrEqual(149);
      expect(received.length).toBeLessThanOrEqual(151);
    }
  });

  it('never drops below 10 Hz while moving, even at a low frame rate', () => {
    const { sender, received } = setup();
    run(sender, 24, 5, (t) => (sender.pose.head.z = -t / 1000));
    expect(received.length / 5).toBeGreaterThanOrEqual(10);
  });

  it('slows to a heartbeat when nothing moves', () => {
    const { sender, received } = setup({ activeHz: 15, idleHz: 2 });
    run(sender, 60, 10, () => undefined);
    expect(received.length).toBeGreaterThanOrEqual(19);
    expect(received.length).toBeLessThanOrEqual(21);
  });

  it('numbers packets and stamps seconds since start; the reused pose arrives intact', () => {
    const { sender, received } = setup({ activeHz: 10 });
    sender.pose.leftHand = sender.leftSlot;
    run(sender, 60, 1, (t) => {
      sender.pose.head.y = 1.6;
      sender.leftSlot.x = t / 1000;
    });
    expect(received.map((p) => p.seq)).toEqual(received.map((_, i) => i + 1));
    received.forEach((p, i) => {
      if (i > 0) expect(p.t).toBeGreaterThan(received[i - 1]!.t);
      expect(p.head.y).toBeCloseTo(1.6, 5);
      expect(p.leftHand?.x).toBeCloseTo(p.t, 1);
      expect(p.rightHand).toBeNull();
    });
  });

  it('sendSoon forces an immediate packet', () => {
    const { sender, received } = setup();
    sender.tick(0);
    expect(sender.tick(1)).toBe(false);
    sender.sendSoon();
    expect(sender.tick(2)).toBe(true);
    expect(received).toHaveLength(2);
  });
});
