// What the XR tests reach on the page: iwer's emulated controllers (installed by iwer-init.ts) and
// its lookRotation helper. Declared once so every XR suite agrees on the shape.
export type Vec3 = { x: number; y: number; z: number };

export interface IwerController {
  quaternion: { set(x: number, y: number, z: number, w: number): void };
  updateButtonValue(id: string, value: number): void;
  updateAxes(id: string, x: number, y: number): void;
}

declare global {
  interface Window {
    __iwer: {
      controllers: Record<string, IwerController>;
      /** The session the page is in; ending it is the headset's own "exit VR". */
      activeSession?: { end(): Promise<void> };
    };
    IWER: { lookRotation(d: Vec3): { x: number; y: number; z: number; w: number } };
  }
}
