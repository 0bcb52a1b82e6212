import { PBRMaterial } from '@babylonjs/core/Materials/PBR/pbrMaterial.js';
import { MultiMaterial } from '@babylonjs/core/Materials/multiMaterial.js';
import type { Material } from '@babylonjs/core/Materials/material.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { SubMesh } from '@babylonjs/core/Meshes/subMesh.js';
import { VertexBuffer } from '@babylonjs/core/Buffers/buffer.js';
import type { Scene } from '@babylonjs/core/scene.js';

export type BodyRegion = 'skin' | 'hair' | 'cloth' | 'shoes';

/** Surface response per region: the avatars ship flat colours only, so the look comes from here. */
const REGION_LOOK: Readonly<Record<BodyRegion, { roughness: number; sheen: number }>> = {
  skin: { roughness: 0.55, sheen: 0.15 },
  hair: { roughness: 0.45, sheen: 0.3 },
  cloth: { roughness: 0.85, sheen: 0.25 },
  shoes: { roughness: 0.35, sheen: 0 },
};

interface ColourGroup {
  key: string;
  colour: Color3;
  region: BodyRegion;
  triangles: number[];
}

/**
 * Splits each primitive into one sub-mesh per flat vertex colour and gives each a PBR material for its
 * region: skin (the head's dominant colour), hair (the colour of the separate hair primitive), shoes
 * (the darkest remaining colour) and cloth. Returns every material made (for the disclosure shader).
 */
export function assignBodyMaterials(
  scene: Scene,
  meshes: readonly Mesh[],
  hairMesh: Mesh | null,
): Material[] {
  const skinKey = dominantColour(pickHead(meshes, hairMesh));
  const hairKey = hairMesh ? dominantColour(hairMesh) : null;
  const materials = new Map<string, PBRMaterial>();
  const made = new Set<Material>();
  const regionOf = (key: string, all: string[]): BodyRegion => {
    if (key === skinKey) return 'skin';
    if (key === hairKey) return 'hair';
    const darkest = all
      .filter((k) => k !== skinKey && k !== hairKey)
      .sort((a, b) => luminance(a) - luminance(b))[0];
    return all.length > 2 && key === darkest ? 'shoes' : 'cloth';
  };
  for (const mesh of meshes) {
    const groups = groupTriangles(mesh);
    if (groups.length === 0) continue;
    const keys = groups.map((g) => g.key);
    for (const g of groups) g.region = regionOf(g.key, keys);
    const multi = new MultiMaterial(`${mesh.name}-regions`, scene);
    const indices: number[] = [];
    const vertexCount = mesh.getTotalVertices();
    const ranges: [number, number][] = [];
    for (const g of groups) {
      let mat = materials.get(g.key);
      if (!mat) {
        mat = regionMaterial(scene, g);
        materials.set(g.key, mat);
        made.add(mat);
      }
      multi.subMaterials.push(mat);
      ranges.push([indices.length, g.triangles.length]);
      for (const t of g.triangles) indices.push(t);
    }
    // setIndices replaces the sub-meshes with one global one: ours go in afterwards.
    mesh.setIndices(indices, vertexCount);
    mesh.subMeshes = [];
    ranges.forEach(([start, count], i) => new SubMesh(i, 0, vertexCount, start, count, mesh));
    mesh.material = multi;
    mesh.useVertexColors = false;
  }
  return [...made];
}

function regionMaterial(scene: Scene, g: ColourGroup): PBRMaterial {
  const look = REGION_LOOK[g.region];
  const m = new PBRMaterial(`twin-${g.region}-${g.key}`, scene);
  m.albedoColor = g.colour;
  m.metallic = 0;
  m.roughness = look.roughness;
  if (look.sheen > 0) {
    m.sheen.isEnabled = true;
    m.sheen.intensity = look.sheen;
    m.sheen.color = Color3.White();
  }
  m.maxSimultaneousLights = 3;
  return m;
}

function groupTriangles(mesh: Mesh): ColourGroup[] {
  const colours = mesh.getVerticesData(VertexBuffer.ColorKind);
  const idx = mesh.getIndices();
  if (!colours || !idx) return [];
  const stride = colours.length / mesh.getTotalVertices();
  const groups = new Map<string, ColourGroup>();
  for (let t = 0; t + 2 < idx.length; t += 3) {
    const v = idx[t]!;
    const key = colourKey(colours, v * stride);
    let g = groups.get(key);
    if (!g) {
      const c = v * stride;
      g = {
        key,
        colour: new Color3(colours[c]!, colours[c + 1]!, colours[c + 2]!),
        region: 'cloth',
        triangles: [],
      };
      groups.set(key, g);
    }
    g.triangles.push(idx[t]!, idx[t + 1]!, idx[t + 2]!);
  }
  return [...groups.values()];
}

function colourKey(colours: ArrayLike<number>, at: number): string {
  return `${q(colours[at]!)},${q(colours[at + 1]!)},${q(colours[at + 2]!)}`;
}

function q(v: number): number {
  return Math.round(v * 50);
}

function luminance(key: string): number {
  const [r, g, b] = key.split(',').map(Number) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The head primitive: the one (besides hair) whose bounding box sits highest. */
function pickHead(meshes: readonly Mesh[], hair: Mesh | null): Mesh | null {
  let best: Mesh | null = null;
  let bestY = -Infinity;
  for (const m of meshes) {
    if (m === hair) continue;
    const y = m.getBoundingInfo().boundingBox.minimumWorld.y;
    if (y > bestY) {
      bestY = y;
      best = m;
    }
  }
  return best;
}

function dominantColour(mesh: Mesh | null): string | null {
  if (!mesh) return null;
  const groups = groupTriangles(mesh);
  groups.sort((a, b) => b.triangles.length - a.triangles.length);
  return groups[0]?.key ?? null;
}
