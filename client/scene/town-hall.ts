import '@babylonjs/core/Meshes/thinInstanceMesh.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { SpotLight } from '@babylonjs/core/Lights/spotLight.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { GeometryBuilder } from './geometry-builder.ts';
import { buildHallGeometry } from './hall-geometry.ts';
import { computeSeats, type HallLayout, type Seat } from './hall-layout.ts';
import { BigScreen } from './big-screen.ts';
import { createStageMark } from './stage-mark.ts';

/** The built town hall: what locomotion, XR teleport and later features (the twin) need. */
export interface TownHall {
  layout: HallLayout;
  seats: readonly Seat[];
  /** Floors people can stand on: the desktop click target and the VR teleport floor. */
  walkable: Mesh;
  /** One mesh, one thin instance per seat (`thinInstanceIndex` = seat index when picked). */
  seatMesh: Mesh;
  screen: BigScreen;
  /** Where the twin will stand (world position of the mark's centre, on the stage floor). */
  twinMarkPosition: Vector3;
  dispose(): void;
}

/** Builds the hall, its lighting and its fixed content into `scene`. Nothing is downloaded. */
export function buildTownHall(scene: Scene, layout: HallLayout): TownHall {
  scene.clearColor = new Color4(0.05, 0.055, 0.07, 1);
  scene.ambientColor = new Color3(0.18, 0.18, 0.2);

  // Lighting is built locally (no environment texture download): a warm sky/ground fill, a soft
  // key from above the audience, and a spot that lifts the stage and the twin's mark.
  const hemi = new HemisphericLight('hall-fill', new Vector3(0, 1, 0), scene);
  hemi.intensity = 0.62;
  hemi.diffuse = new Color3(1, 0.96, 0.9);
  hemi.groundColor = new Color3(0.42, 0.42, 0.48);
  hemi.specular = Color3.Black();
  const key = new DirectionalLight('hall-key', new Vector3(0.25, -1, 0.45), scene);
  key.intensity = 0.45;
  key.specular = new Color3(0.1, 0.1, 0.1);
  const stageSpot = new SpotLight(
    'stage-spot',
    new Vector3(0, layout.ceilingM - 1, -7),
    new Vector3(0, layout.stage.heightM, layout.twinMark.z)
      .subtract(new Vector3(0, layout.ceilingM - 1, -7))
      .normalize(),
    Math.PI / 2.6,
    2,
    scene,
  );
  stageSpot.intensity = 0.9;
  stageSpot.diffuse = new Color3(1, 0.92, 0.8);
  stageSpot.specular = new Color3(0.15, 0.15, 0.15);

  const geometry = buildHallGeometry(layout);
  const litMaterial = new StandardMaterial('hall-lit', scene);
  litMaterial.specularColor = new Color3(0.04, 0.04, 0.04);
  litMaterial.maxSimultaneousLights = 3;
  const glowMaterial = new StandardMaterial('hall-glow', scene);
  glowMaterial.disableLighting = true;
  glowMaterial.emissiveColor = Color3.White();

  const walkable = meshFrom('hall-walkable', geometry.walkable, litMaterial, scene);
  const structure = meshFrom('hall-structure', geometry.structure, litMaterial, scene);
  const lights = meshFrom('hall-lights', geometry.lights, glowMaterial, scene);
  structure.isPickable = false;
  lights.isPickable = false;

  const seats = computeSeats(layout);
  const seatMesh = meshFrom('hall-seats', geometry.seat, litMaterial, scene);
  const matrices = new Float32Array(seats.length * 16);
  const m = new Matrix();
  const q = new Quaternion();
  const one = new Vector3(1, 1, 1);
  const p = new Vector3();
  seats.forEach((s, i) => {
    Quaternion.RotationYawPitchRollToRef(s.yawRad, 0, 0, q);
    Matrix.ComposeToRef(one, q, p.set(s.x, s.y, s.z), m);
    m.copyToArray(matrices, i * 16);
  });
  seatMesh.thinInstanceSetBuffer('matrix', matrices, 16, true);
  seatMesh.thinInstanceEnablePicking = true;
  seatMesh.thinInstanceRefreshBoundingInfo();

  const screen = new BigScreen(scene, layout);
  const mark = createStageMark(scene, layout);

  for (const mesh of [walkable, structure, lights, seatMesh]) mesh.freezeWorldMatrix();
  for (const mat of [litMaterial, glowMaterial]) mat.freeze();

  return {
    layout,
    seats,
    walkable,
    seatMesh,
    screen,
    twinMarkPosition: mark.position.clone(),
    dispose: () => {
      for (const mesh of [walkable, structure, lights, seatMesh]) mesh.dispose();
      screen.dispose();
      mark.dispose();
      litMaterial.dispose();
      glowMaterial.dispose();
      hemi.dispose();
      key.dispose();
      stageSpot.dispose();
    },
  };
}

function meshFrom(name: string, g: GeometryBuilder, material: StandardMaterial, scene: Scene): Mesh {
  const { positions, normals, colors, indices } = g.toArrays();
  const mesh = new Mesh(name, scene);
  const data = new VertexData();
  data.positions = positions;
  data.normals = normals;
  data.colors = colors;
  data.indices = indices;
  data.applyToMesh(mesh, false);
  mesh.material = material;
  return mesh;
}
