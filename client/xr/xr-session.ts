// The Oculus Touch profile is registered explicitly: with the online repository disabled it is
// the only way Babylon knows the Quest controllers' buttons and thumbsticks.
import '@babylonjs/core/XR/motionController/webXROculusTouchMotionController.js';
import type { FreeCamera } from '@babylonjs/core/Cameras/freeCamera.js';
import type { Camera } from '@babylonjs/core/Cameras/camera.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { WebXRDefaultExperience } from '@babylonjs/core/XR/webXRDefaultExperience.js';
import { WebXRState } from '@babylonjs/core/XR/webXRTypes.js';
import type { WebXRInput } from '@babylonjs/core/XR/webXRInput.js';
import type { LifecycleUnit } from '../scene/frame-loop.ts';
import { floorHeightAt, type HallLayout } from '../scene/hall-layout.ts';
import { ComfortVignette } from './comfort-vignette.ts';
import { VrPanel, type PanelAction, type PanelState } from './vr-panel.ts';
import { XrPoseSource } from './xr-pose-source.ts';

export type XrPhase = 'inactive' | 'entering' | 'in-xr' | 'exiting';

export interface XrOptions {
  scene: Scene;
  desktopCamera: FreeCamera;
  layout: HallLayout;
  /** Meshes people may teleport onto (floor, tiers, stage). */
  floorMeshes: Mesh[];
  snapTurnRad?: number;
  /** Called when entering or leaving VR (switch pose source, audio listener, desktop input). */
  onPhase(phase: XrPhase, camera: Camera): void;
  /** An in-VR panel button (mute/vignette handled by the caller; exit is handled here too). */
  onPanelAction(action: PanelAction): void;
}

/**
 * Immersive VR: Babylon's default experience configured to work offline (no controller-mesh or
 * profile downloads, no hand tracking or near interaction, which fetch assets), teleport onto
 * the floors with thumbstick-forward, snap turn with thumbstick left/right, an optional comfort
 * vignette, and the in-VR panel driven by the controller ray.
 */
export class XrSession {
  readonly poseSource: XrPoseSource;
  readonly vignette: ComfortVignette;
  readonly panel: VrPanel;
  private phase: XrPhase = 'inactive';
  lastPanelAction: string | null = null;

  private constructor(
    private readonly xr: WebXRDefaultExperience,
    private readonly options: XrOptions,
  ) {
    this.poseSource = new XrPoseSource(xr);
    this.vignette = new ComfortVignette(options.scene);
    this.panel = new VrPanel(options.scene, (action) => {
      this.lastPanelAction = action;
      if (action === 'exit') void this.exit();
      else options.onPanelAction(action);
    });
    const camera = xr.baseExperience.camera;
    this.vignette.attachTo(camera);
    const teleport = xr.teleportation;
    teleport.rotationAngle = options.snapTurnRad ?? Math.PI / 4;
    // Land facing where you were facing: predictable, and no surprise rotation on arrival.
    teleport.rotationEnabled = false;
    teleport.onAfterCameraTeleportRotation.add(() => this.vignette.pulse());
    camera.onAfterCameraTeleport.add(() => {
      this.vignette.pulse();
      this.placePanel(true);
    });
    xr.baseExperience.onStateChangedObservable.add((state) => this.onState(state));
  }

  /** Creates the experience (no session yet). Throws when WebXR cannot be initialised. */
  static async create(options: XrOptions): Promise<XrSession> {
    const xr = await WebXRDefaultExperience.CreateAsync(options.scene, {
      disableDefaultUI: true,
      floorMeshes: options.floorMeshes,
      disableHandTracking: true,
      disableNearInteraction: true,
      inputOptions: { doNotLoadControllerMeshes: true, disableOnlineControllerRepository: true },
      pointerSelectionOptions: { preferredHandedness: 'right' },
      teleportationOptions: { timeToTeleport: 1000 },
    });
    return new XrSession(xr, options);
  }

  get state(): XrPhase {
    return this.phase;
  }

  get camera(): Camera {
    return this.xr.baseExperience.camera;
  }

  /** The controllers (for features that listen to their buttons, e.g. the VR Q&A's push-to-talk). */
  get input(): WebXRInput {
    return this.xr.input;
  }

  /** Enters immersive VR (call from a user gesture). */
  async enter(): Promise<void> {
    if (this.phase !== 'inactive') return;
    this.setPhase('entering');
    try {
      await this.xr.baseExperience.enterXRAsync('immersive-vr', 'local-floor', this.xr.renderTarget);
    } catch (err) {
      this.setPhase('inactive');
      throw err;
    }
  }

  async exit(): Promise<void> {
    if (this.phase !== 'in-xr') return;
    this.setPhase('exiting');
    await this.xr.baseExperience.exitXRAsync();
  }

  /** World positions of the controllers' pointers (ray origins). */
  controllerPositions(): Record<string, { x: number; y: number; z: number }> {
    const out: Record<string, { x: number; y: number; z: number }> = {};
    for (const c of this.xr.input.controllers) {
      const p = c.pointer.absolutePosition;
      out[c.inputSource.handedness] = { x: p.x, y: p.y, z: p.z };
    }
    return out;
  }

  /** Name of the mesh each controller's ray is on (diagnostics). */
  meshesUnderRays(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const c of this.xr.input.controllers) {
      out[c.inputSource.handedness] = this.xr.pointerSelection.getMeshUnderPointer(c.uniqueId)?.name ?? null;
    }
    return out;
  }

  /** Heading of the head (radians about +y, 0 = looking along +z). */
  get headYawRad(): number {
    const q = this.xr.baseExperience.camera.rotationQuaternion;
    return Math.atan2(2 * (q.x * q.z + q.w * q.y), 1 - 2 * (q.x * q.x + q.y * q.y));
  }

  setPanelState(state: PanelState): void {
    this.panel.setState(state);
  }

  /** The `xr` frame-loop unit: vignette fade and panel follow. */
  unit(): LifecycleUnit {
    return {
      name: 'xr',
      update: (dtMs) => {
        this.vignette.update(dtMs);
        if (this.phase === 'in-xr') this.placePanel(false);
      },
      dispose: () => this.dispose(),
    };
  }

  dispose(): void {
    this.panel.dispose();
    this.vignette.dispose();
    this.xr.dispose();
  }

  private onState(state: WebXRState): void {
    const camera = this.xr.baseExperience.camera;
    if (state === WebXRState.IN_XR) {
      // Start where the desktop camera stood, on the floor under it (Babylon puts the XR rig at
      // y = 0 and adds the wearer's real height on the first frame).
      const desk = this.options.desktopCamera;
      camera.setTransformationFromNonVRCamera(desk);
      camera.position.y = floorHeightAt(this.options.layout, desk.position.x, desk.position.z);
      this.setPhase('in-xr');
      this.panel.show(true);
      this.placePanel(true);
    } else if (state === WebXRState.NOT_IN_XR) {
      this.panel.show(false);
      this.setPhase('inactive');
    }
  }

  private placePanel(force: boolean): void {
    this.panel.follow(this.xr.baseExperience.camera.position, this.headYawRad, force);
  }

  private setPhase(phase: XrPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.options.onPhase(
      phase,
      phase === 'in-xr' ? this.xr.baseExperience.camera : this.options.desktopCamera,
    );
  }
}
