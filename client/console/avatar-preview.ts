// A small Babylon scene that shows an avatar GLB turning slowly. Imported dynamically by the
// personas page, so Babylon (deep imports only) never loads for the rest of the console.
import '@babylonjs/core/Animations/animatable.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import { Engine } from '@babylonjs/core/Engines/engine.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js';
import { Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { Scene } from '@babylonjs/core/scene.js';
import { registerGltfLoader } from '../twin/gltf-loader.ts';

export interface AvatarPreview {
  /** Meshes with geometry in the loaded file. */
  meshCount: number;
  /** Morph target names found in the file (what the twin's face will drive). */
  morphTargets: string[];
  dispose(): void;
}

/**
 * Renders the GLB `bytes` into `canvas` with an orbit camera framed on the model (drag or arrow
 * keys to turn it). Throws when the file does not load; call `dispose` when the preview goes away.
 */
export async function showAvatarPreview(
  canvas: HTMLCanvasElement,
  bytes: ArrayBuffer,
): Promise<AvatarPreview> {
  await registerGltfLoader();
  const engine = new Engine(canvas, true, { preserveDrawingBuffer: true, stencil: true });
  const scene = new Scene(engine);
  scene.clearColor = new Color4(0.06, 0.075, 0.11, 1);
  const camera = new ArcRotateCamera('preview-camera', Math.PI / 2, Math.PI / 2.2, 3, Vector3.Zero(), scene);
  camera.attachControl(true);
  camera.wheelPrecision = 80;
  new HemisphericLight('preview-sky', new Vector3(0, 1, 0), scene).intensity = 0.9;
  new DirectionalLight('preview-key', new Vector3(-0.4, -0.6, -1), scene).intensity = 1.2;
  try {
    const container = await LoadAssetContainerAsync(new Uint8Array(bytes), scene, {
      pluginExtension: '.glb',
    });
    for (const g of container.animationGroups) g.stop();
    container.addAllToScene();
    const meshes = container.meshes.filter((m) => m.getTotalVertices() > 0);
    const morphTargets = new Set<string>();
    for (const m of meshes) {
      const mtm = m.morphTargetManager;
      for (let i = 0; mtm && i < mtm.numTargets; i++) morphTargets.add(mtm.getTarget(i).name);
    }
    // Frame the whole model: aim at its centre, back off to fit its height.
    let min = new Vector3(Infinity, Infinity, Infinity);
    let max = new Vector3(-Infinity, -Infinity, -Infinity);
    for (const m of meshes) {
      m.computeWorldMatrix(true);
      const box = m.getBoundingInfo().boundingBox;
      min = Vector3.Minimize(min, box.minimumWorld);
      max = Vector3.Maximize(max, box.maximumWorld);
    }
    if (meshes.length && Number.isFinite(min.x)) {
      const size = max.subtract(min);
      camera.setTarget(min.add(size.scale(0.5)));
      camera.radius = Math.max(size.x, size.y, size.z) * 1.6 + 0.2;
      camera.lowerRadiusLimit = camera.radius * 0.2;
    }
    camera.useAutoRotationBehavior = true;
    engine.runRenderLoop(() => scene.render());
    const onResize = () => engine.resize();
    window.addEventListener('resize', onResize);
    return {
      meshCount: meshes.length,
      morphTargets: [...morphTargets],
      dispose() {
        window.removeEventListener('resize', onResize);
        engine.stopRenderLoop();
        scene.dispose();
        engine.dispose();
      },
    };
  } catch (err) {
    scene.dispose();
    engine.dispose();
    throw err;
  }
}
