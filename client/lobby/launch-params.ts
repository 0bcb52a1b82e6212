/** What the page URL asks for: `/?room=ID&invite=TOKEN&name=…&test=1`. */
export interface LaunchParams {
  roomId: string | null;
  invite: string | null;
  /** Prefill for the name field (handy for kiosk links and tests). */
  name: string | null;
  /** Exposes the read-only debug API on `window.podium`. */
  testMode: boolean;
}

export function readLaunchParams(search: string): LaunchParams {
  const q = new URLSearchParams(search);
  const text = (key: string): string | null => {
    const v = q.get(key)?.trim();
    return v ? v : null;
  };
  const test = q.get('test');
  return {
    roomId: text('room'),
    invite: text('invite'),
    name: text('name'),
    testMode: test === '1' || test === 'true',
  };
}
