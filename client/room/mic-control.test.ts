import { describe, expect, it } from 'vitest';
import { type MicBackend, MicControl, type MicView } from './mic-control.ts';

function setup(canPublish = true, fail = false) {
  const calls: boolean[] = [];
  const views: MicView[] = [];
  const errors: string[] = [];
  const backend: MicBackend = {
    canPublish,
    setMicEnabled: async (enabled) => {
      calls.push(enabled);
      if (fail) throw new Error('boom');
    },
  };
  const mic = new MicControl(
    backend,
    (v) => views.push(v),
    (m) => errors.push(m),
  );
  mic.sync(canPublish, true);
  return { mic, calls, views, errors };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('MicControl', () => {
  it('toggles the mic when allowed to publish', async () => {
    const { mic, calls } = setup();
    mic.toggle();
    await settle();
    expect(mic.view.muted).toBe(false);
    mic.toggle();
    await settle();
    expect(calls).toEqual([true, false]);
    expect(mic.view.muted).toBe(true);
  });

  it('does nothing for listen-only attendees until promoted', async () => {
    const { mic, calls, views } = setup(false);
    mic.toggle();
    await settle();
    expect(calls).toEqual([]);
    expect(views.at(-1)).toEqual({ canPublish: false, muted: true, pushToTalk: false });
    mic.sync(true, true); // promoted to the stage
    expect(views.at(-1)?.canPublish).toBe(true);
    mic.toggle();
    await settle();
    expect(calls).toEqual([true]);
  });

  it('push-to-talk opens the mic only while held, and ignores the toggle', async () => {
    const { mic, calls } = setup();
    mic.setPushToTalk(true);
    mic.toggle();
    mic.talkDown();
    mic.talkDown(); // key repeat
    await settle();
    expect(mic.view.muted).toBe(false);
    mic.talkUp();
    await settle();
    expect(calls).toEqual([true, false]);
    expect(mic.view.muted).toBe(true);
  });

  it('mutes when push-to-talk is switched on while live, and when demoted', async () => {
    const { mic, calls } = setup();
    mic.toggle();
    await settle();
    mic.setPushToTalk(true);
    await settle();
    expect(calls).toEqual([true, false]);
    mic.setPushToTalk(false);
    mic.toggle();
    await settle();
    mic.sync(false, false);
    expect(mic.view).toEqual({ canPublish: false, muted: true, pushToTalk: false });
  });

  it('reports failures and shows the mic as muted', async () => {
    const { mic, errors } = setup(true, true);
    mic.toggle();
    await settle();
    expect(errors).toEqual(['Could not turn your microphone on.']);
    expect(mic.view.muted).toBe(true);
  });
});
