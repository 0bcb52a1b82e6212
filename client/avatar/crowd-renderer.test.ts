import { NullEngine } from '@babylonjs/core/Engines/nullEngine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrowdRenderer } from './crowd-renderer.ts';
import { createSampledPose } from './interpolation-buffer.ts';

describe('CrowdRenderer (NullEngine)', () => {
  let engine: NullEngine;
  let scene: Scene;
  let crowd: CrowdRenderer;

  beforeEach(() => {
    engine = new NullEngine();
    scene = new Scene(engine);
    crowd = new CrowdRenderer(scene, 2);
  });
  afterEach(() => {
    crowd.dispose();
    scene.dispose();
    engine.dispose();
  });

  const at = (x: number) => ({ ...createSampledPose(), hx: x, hy: 1.6, hz: -5 });
  const headX = (slot: number) => crowd.matricesOf('head')[slot * 16 + 12];

  it('draws one thin instance per avatar per part (two hands) and hides empty parts', () => {
    expect(crowd.meshes.every((m) => !m.isVisible)).toBe(true);
    crowd.add('a', '#4f8cff');
    crowd.add('b', '#2bb673');
    crowd.add('c', '#f5a623'); // grows past the initial capacity of 2
    const [head, torso, hands, halo] = crowd.meshes;
    expect(head!.thinInstanceCount).toBe(3);
    expect(torso!.thinInstanceCount).toBe(3);
    expect(hands!.thinInstanceCount).toBe(6);
    expect(halo!.thinInstanceCount).toBe(3);
    expect(crowd.meshes.every((m) => m.isVisible)).toBe(true);
    expect(crowd.add('a', '#000000')).toBe(false);
  });

  it('keeps the others in place when one leaves (swap-remove)', () => {
    crowd.add('a', '#4f8cff');
    crowd.add('b', '#4f8cff');
    crowd.add('c', '#4f8cff');
    crowd.setPose('a', at(1), -1);
    crowd.setPose('b', at(2), -1);
    crowd.setPose('c', at(3), -1);
    crowd.flush();
    expect(crowd.remove('a')).toBe(true);
    expect(crowd.size).toBe(2);
    // c moved into a's slot; b untouched.
    expect(headX(0)).toBeCloseTo(3, 6);
    expect(headX(1)).toBeCloseTo(2, 6);
    // Updating c now writes its new slot.
    crowd.setPose('c', at(7), -1);
    crowd.flush();
    expect(headX(0)).toBeCloseTo(7, 6);
    expect(crowd.remove('a')).toBe(false);
  });

  it('shows the speaking halo only while speaking', () => {
    crowd.add('a', '#ff0000');
    crowd.setPose('a', at(0), -1);
    crowd.flush();
    const haloScale = () => crowd.matricesOf('halo')[0];
    expect(haloScale()).toBe(0); // scale 0: hidden
    crowd.setPose('a', at(0), 0.5);
    crowd.flush();
    expect(haloScale()).toBeGreaterThan(0.9);
  });
});
