import type { FreeCamera } from '@babylonjs/core/Cameras/freeCamera.js';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { PoseSender, RemoteAvatars } from '../avatar/index.ts';
import { installDebugApi, type PodiumDebugApi } from '../debug/debug-api.ts';
import type { FrameStats } from '../debug/frame-stats.ts';
import type { SyntheticCrowd } from '../debug/synthetic-crowd.ts';
import type { MediaSession, SpatialVoices } from '../media/index.ts';
import type { TownHall, WalkerState } from '../scene/index.ts';
import type { XrSession } from '../xr/index.ts';
import type { MicControl } from './mic-control.ts';

export interface DebugBridgeDeps {
  scene: Scene;
  camera: FreeCamera;
  hall: TownHall;
  avatars: RemoteAvatars;
  media: MediaSession;
  sender: PoseSender;
  stats: FrameStats;
  synthetic: SyntheticCrowd;
  walker: WalkerState;
  mic: MicControl;
  voices: SpatialVoices | null;
  statusText: () => string;
  getXr: () => XrSession | null;
}

/** Builds `window.podium` (test mode only) from the room's parts. */
export function installRoomDebugApi(d: DebugBridgeDeps): () => void {
  const api: PodiumDebugApi = {
    version: 1,
    ready: () => true,
    identity: () => d.media.identity,
    connectionPhase: () => d.media.phase,
    remoteAvatarCount: () => d.avatars.visibleCount,
    remoteAvatarIds: () => d.avatars.ids(),
    avatarPosition: (identity) => d.avatars.positionOf(identity),
    isSpeaking: (identity) => d.avatars.isSpeaking(identity),
    voices: () => d.voices?.positions() ?? [],
    statusText: () => d.statusText(),
    localPosition: () => {
      const xr = d.getXr();
      const p = xr && xr.state === 'in-xr' ? xr.camera.position : d.camera.position;
      return { x: p.x, y: p.y, z: p.z };
    },
    posesSent: () => d.sender.sent,
    drawCalls: () => d.stats.drawCalls,
    activeMeshes: () => d.stats.activeMeshes,
    frameCpuMs: () => d.stats.frameCpu().medianMs,
    frameCpuStats: () => d.stats.frameCpu(),
    resetFrameStats: () => d.stats.resetFrameCpu(),
    seatCount: () => d.hall.seats.length,
    seatScreenPoint: (index) => {
      const seat = d.hall.seats[index];
      if (!seat) return null;
      const engine = d.scene.getEngine();
      const scale = engine.getHardwareScalingLevel();
      const viewport = d.camera.viewport.toGlobal(engine.getRenderWidth(), engine.getRenderHeight());
      const p = Vector3.Project(
        new Vector3(seat.x, seat.y + 0.5, seat.z),
        Matrix.Identity(),
        d.scene.getTransformMatrix(),
        viewport,
      );
      if (p.z < 0 || p.z > 1) return null;
      return { x: p.x * scale, y: p.y * scale };
    },
    mic: () => {
      const v = d.mic.view;
      return { canPublish: v.canPublish, muted: v.muted };
    },
    xr: () => {
      const xr = d.getXr();
      const inXr = xr?.state === 'in-xr';
      const head = inXr ? xr.camera.position : null;
      return {
        supported: xr !== null,
        ready: xr !== null,
        state: xr?.state ?? 'inactive',
        vignetteEnabled: xr?.vignette.enabled ?? false,
        vignettePulses: xr?.vignette.pulses ?? 0,
        headYawRad: inXr ? xr.headYawRad : 0,
        controllers: inXr ? xr.controllerPositions() : {},
        rayTargets: inXr ? xr.meshesUnderRays() : {},
        headPosition: head ? { x: head.x, y: head.y, z: head.z } : null,
        panelButtons: inXr ? xr.panel.buttonPositions() : {},
        lastPanelAction: xr?.lastPanelAction ?? null,
      };
    },
    setSyntheticAvatars: (count) => {
      d.synthetic.set(count, performance.now());
      return d.synthetic.size;
    },
    placeCamera: (x, y, z, yawRad, pitchRad) => {
      d.walker.moving = false;
      d.walker.x = x;
      d.walker.z = z;
      d.walker.eyeY = y;
      d.walker.yawRad = yawRad;
      d.walker.pitchRad = pitchRad;
      // Keep the eye where it was put (the walker would ease it back to standing height).
      d.walker.seated = false;
    },
  };
  return installDebugApi(api);
}
