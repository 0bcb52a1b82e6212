import { describe, expect, it } from 'vitest';
import { FrameLoop, type LifecycleUnit, type SystemName } from './frame-loop.ts';

function unit(name: SystemName, log: string[], tag: string = name): LifecycleUnit {
  return {
    name,
    attach: () => log.push(`attach ${tag}`),
    detach: () => log.push(`detach ${tag}`),
    dispose: () => log.push(`dispose ${tag}`),
    update: (dtMs) => log.push(`update ${tag} ${dtMs}`),
  };
}

describe('FrameLoop', () => {
  it('calls systems in the documented order whatever the registration order', () => {
    const log: string[] = [];
    const loop = new FrameLoop();
    loop.register(unit('name-tags', log));
    loop.register(unit('input', log));
    loop.register(unit('remote-avatars', log));
    loop.register(unit('local-pose', log));
    log.length = 0;
    loop.tick(16, 1000);
    expect(log).toEqual([
      'update input 16',
      'update local-pose 16',
      'update remote-avatars 16',
      'update name-tags 16',
    ]);
    expect(loop.order()).toEqual(['input', 'local-pose', 'remote-avatars', 'name-tags']);
  });

  it('keeps registration order within one system name', () => {
    const log: string[] = [];
    const loop = new FrameLoop();
    loop.register(unit('xr', log, 'a'));
    loop.register(unit('input', log));
    loop.register(unit('xr', log, 'b'));
    log.length = 0;
    loop.tick(1, 1);
    expect(log).toEqual(['update input 1', 'update a 1', 'update b 1']);
  });

  it('attaches on register, skips detached units, disposes in reverse', () => {
    const log: string[] = [];
    const loop = new FrameLoop();
    const a = unit('input', log);
    const b = unit('stats', log);
    loop.register(a);
    loop.register(b);
    expect(log).toEqual(['attach input', 'attach stats']);
    loop.detach(a);
    log.length = 0;
    loop.tick(5, 5);
    expect(log).toEqual(['update stats 5']);
    loop.attach(a);
    loop.dispose();
    expect(log.slice(-4)).toEqual(['detach stats', 'dispose stats', 'detach input', 'dispose input']);
    expect(() => loop.register(a)).toThrow(/after dispose/);
  });

  it('rejects double registration and unknown names', () => {
    const loop = new FrameLoop();
    const a = unit('input', []);
    loop.register(a);
    expect(() => loop.register(a)).toThrow(/twice/);
    expect(() => loop.register({ name: 'nope' as SystemName, dispose: () => undefined })).toThrow(/unknown/);
  });

  it('unregister disposes one unit', () => {
    const log: string[] = [];
    const loop = new FrameLoop();
    const a = unit('audio', log);
    loop.register(a);
    loop.unregister(a);
    expect(log).toEqual(['attach audio', 'detach audio', 'dispose audio']);
    expect(loop.order()).toEqual([]);
  });
});
