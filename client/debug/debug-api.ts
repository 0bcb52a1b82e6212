/** A plain point (the debug API never hands out live Babylon objects). */
export interface Point3 {
  x: number;
  y: number;
  z: number;
}

export interface XrDebugState {
  /** navigator.xr reports immersive-vr support. */
  supported: boolean;
  /** The Babylon XR experience is ready to enter. */
  ready: boolean;
  /** 'inactive' | 'entering' | 'in-xr' | 'exiting'. */
  state: string;
  vignetteEnabled: boolean;
  /** Times the comfort vignette has been shown (teleports and snap turns while enabled). */
  vignettePulses: number;
  /** Heading of the head in VR, radians about +y (0 = facing the stage). */
  headYawRad: number;
  /** World positions of the controllers' ray origins, by handedness. */
  controllers: Record<string, Point3>;
  /** Name of the mesh under each controller's ray (null when pointing at nothing). */
  rayTargets: Record<string, string | null>;
  /** The XR camera's (head's) world position while in VR. */
  headPosition: Point3 | null;
  /** World positions of the in-VR panel's buttons, for aiming a controller ray in tests. */
  panelButtons: Record<string, Point3>;
  /** The last in-VR button pressed (by label), for tests to observe the effect. */
  lastPanelAction: string | null;
}

/**
 * The read-only debug API on `window.podium`, installed only with `?test=1`. Tests and the
 * client benchmark use it; the few drivers (synthetic avatars, camera placement) exist so those
 * measurements do not depend on a human.
 */
export interface PodiumDebugApi {
  readonly version: 1;
  /** True once the town hall is rendering. */
  ready(): boolean;
  identity(): string | null;
  connectionPhase(): string;
  /** Remote avatars currently drawn. */
  remoteAvatarCount(): number;
  remoteAvatarIds(): string[];
  /** The interpolated head position shown for a remote participant. */
  avatarPosition(identity: string): Point3 | null;
  isSpeaking(identity: string): boolean;
  /** Remote voices playing as spatial sound, with where each is played from (its attached node). */
  voices(): (Point3 & { identity: string })[];
  /** The last connection status line shown (e.g. "Reconnecting…"). */
  statusText(): string;
  /** The local viewer's head position (desktop camera or XR camera). */
  localPosition(): Point3;
  /** Pose packets sent so far. */
  posesSent(): number;
  drawCalls(): number;
  activeMeshes(): number;
  /** Median CPU time per frame (ms) over the last (up to) 600 frames. */
  frameCpuMs(): number;
  /** Median, mean and 95th percentile CPU frame time over the last (up to) 600 frames. */
  frameCpuStats(): { medianMs: number; meanMs: number; p95Ms: number; frames: number };
  resetFrameStats(): void;
  seatCount(): number;
  /** Screen-space (CSS px) of a seat's cushion in the current view, for click tests; null if off-screen. */
  seatScreenPoint(index: number): { x: number; y: number } | null;
  mic(): { canPublish: boolean; muted: boolean };
  xr(): XrDebugState;
  /** Test/bench driver: replaces the synthetic crowd with `count` seated avatars. */
  setSyntheticAvatars(count: number): number;
  /** Test/bench driver: puts the desktop camera somewhere (for screenshots). */
  placeCamera(x: number, y: number, z: number, yawRad: number, pitchRad: number): void;
}

declare global {
  interface Window {
    podium?: PodiumDebugApi;
  }
}

export function installDebugApi(api: PodiumDebugApi): () => void {
  window.podium = api;
  return () => {
    if (window.podium === api) delete window.podium;
  };
}
