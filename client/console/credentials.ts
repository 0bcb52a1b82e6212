// The console's credential lives in sessionStorage: it survives a reload of this tab, dies with
// the tab, and is never a cookie, so no other site can make the browser send it.

const KEY = 'podium.console.credential';

export function loadCredential(storage: Storage = sessionStorage): string | null {
  try {
    const v = storage.getItem(KEY);
    return v && v.trim() ? v : null;
  } catch {
    return null; // storage disabled: sign in every time
  }
}

export function saveCredential(token: string, storage: Storage = sessionStorage): void {
  try {
    storage.setItem(KEY, token);
  } catch {
    // Storage full or disabled: the session still works until the tab reloads.
  }
}

export function clearCredential(storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
