import { FreeCamera } from '@babylonjs/core/Cameras/freeCamera.js';
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { Scene } from '@babylonjs/core/scene.js';

export interface SceneContext {
  engine: Engine;
  scene: Scene;
  /** The desktop camera; XR brings its own and copies this one's transform on entry. */
  camera: FreeCamera;
}

/** Creates the WebGL engine, an empty scene and the desktop camera (inputs handled by us). */
export function createSceneContext(canvas: HTMLCanvasElement): SceneContext {
  const engine = new Engine(
    canvas,
    true,
    {
      stencil: false,
      preserveDrawingBuffer: false,
      powerPreference: 'high-performance',
      // Babylon's own error/loading UI would cover our accessible overlay.
      doNotHandleContextLost: false,
    },
    true,
  );
  const scene = new Scene(engine);
  // We pick on click ourselves; hover picking over hundreds of thin instances every pointer move
  // would cost CPU for nothing.
  scene.skipPointerMovePicking = true;
  const camera = new FreeCamera('desktop-camera', new Vector3(0, 1.6, -10), scene);
  camera.inputs.clear();
  camera.minZ = 0.05;
  camera.maxZ = 120;
  camera.fov = 1.0;
  scene.activeCamera = camera;
  return { engine, scene, camera };
}
