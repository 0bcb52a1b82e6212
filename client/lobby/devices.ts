/** Audio inputs for the device picker. Labels are empty until microphone permission is granted. */
export async function listMicrophones(): Promise<{ deviceId: string; label: string }[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'audioinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
}

/** Calls `listener` when devices are plugged in or out; returns an unsubscribe function. */
export function watchDevices(listener: () => void): () => void {
  const md = navigator.mediaDevices;
  if (!md) return () => undefined;
  md.addEventListener('devicechange', listener);
  return () => md.removeEventListener('devicechange', listener);
}
