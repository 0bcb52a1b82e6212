import type { MicControl } from './mic-control.ts';

/**
 * Holding Space talks while push-to-talk is on. Ignored while typing or when a button or link
 * has focus (Space activates those), so keyboard users keep their usual controls.
 */
export function bindPushToTalkKey(mic: MicControl): () => void {
  const interactive = (t: EventTarget | null): boolean =>
    t instanceof HTMLElement &&
    (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A'].includes(t.tagName));
  const down = (e: KeyboardEvent): void => {
    if (e.code !== 'Space' || interactive(e.target) || !mic.view.pushToTalk) return;
    e.preventDefault();
    if (!e.repeat) mic.talkDown();
  };
  const up = (e: KeyboardEvent): void => {
    if (e.code === 'Space') mic.talkUp();
  };
  const blur = (): void => mic.talkUp();
  window.addEventListener('keydown', down);
  window.addEventListener('keyup', up);
  window.addEventListener('blur', blur);
  return () => {
    window.removeEventListener('keydown', down);
    window.removeEventListener('keyup', up);
    window.removeEventListener('blur', blur);
  };
}
