export type VrSupport = 'supported' | 'unsupported' | 'no-webxr' | 'insecure';

/** Whether this browser can start an immersive VR session (a headset is connected or emulated). */
export async function detectVrSupport(): Promise<VrSupport> {
  if (!window.isSecureContext) return 'insecure';
  const xr = (navigator as Navigator & { xr?: { isSessionSupported(mode: string): Promise<boolean> } }).xr;
  if (!xr) return 'no-webxr';
  try {
    return (await xr.isSessionSupported('immersive-vr')) ? 'supported' : 'unsupported';
  } catch {
    return 'unsupported';
  }
}

export function describeVrSupport(support: VrSupport): string {
  switch (support) {
    case 'supported':
      return 'VR headset available: you can enter VR after joining.';
    case 'unsupported':
      return 'No VR headset found. You will join on the desktop.';
    case 'no-webxr':
      return 'This browser has no WebXR. You will join on the desktop.';
    case 'insecure':
      return 'VR needs a secure (https) connection. You will join on the desktop.';
  }
}
