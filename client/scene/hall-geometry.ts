import { GeometryBuilder, hex, polar, type Rgb } from './geometry-builder.ts';
import {
  backPlatformHeight,
  backPlatformRadius,
  type HallLayout,
  rowRadius,
  tierHeight,
} from './hall-layout.ts';

/**
 * The town hall's static geometry as four vertex-coloured batches (one draw call each):
 * - `walkable`: every floor people stand on (pit, tier tops, back platform, stage top) — the
 *   desktop click-to-move and VR teleport targets;
 * - `structure`: walls, risers, ceiling, stage front, screen frame, lectern;
 * - `lights`: unlit emissive strips (ceiling coves, aisle step lights, stage edge);
 * - `seat`: one seat, drawn at every seat position with thin instances.
 */
const PALETTE = {
  pit: hex('#4a4f5c'),
  tierA: hex('#474c5c'),
  tierB: hex('#42475a'),
  platform: hex('#4a4f5c'),
  stageTop: hex('#7a5638'),
  riser: hex('#23293a'),
  stageFront: hex('#1d2230'),
  wood: hex('#8a6446'),
  woodDark: hex('#5e4330'),
  plaster: hex('#d8cdbd'),
  stageHouse: hex('#2a2e38'),
  ceiling: hex('#5a5f6e'),
  frame: hex('#101217'),
  lectern: hex('#3a2a20'),
  lecternTop: hex('#5b4130'),
  cove: hex('#ffe9c4'),
  aisle: hex('#ffcf7a'),
  stageEdge: hex('#7fd6ff'),
  fabric: hex('#3a5da8'),
  fabricDark: hex('#2b4580'),
  seatFrame: hex('#1c1f26'),
} satisfies Record<string, Rgb>;

const HALF_PI = Math.PI / 2;
const SEGMENTS = 64;

export interface HallGeometry {
  walkable: GeometryBuilder;
  structure: GeometryBuilder;
  lights: GeometryBuilder;
  seat: GeometryBuilder;
}

export function buildHallGeometry(layout: HallLayout): HallGeometry {
  const walkable = new GeometryBuilder();
  const structure = new GeometryBuilder();
  const lights = new GeometryBuilder();
  buildSeating(layout, walkable, structure, lights);
  buildStage(layout, walkable, structure, lights);
  buildShell(layout, structure, lights);
  return { walkable, structure, lights, seat: buildSeat() };
}

function buildSeating(
  layout: HallLayout,
  walkable: GeometryBuilder,
  structure: GeometryBuilder,
  lights: GeometryBuilder,
): void {
  const d = layout.rowDepthM;
  walkable.ringTop(0, rowRadius(layout, 0) - d / 2, 0, -HALF_PI, HALF_PI, SEGMENTS, PALETTE.pit);
  let below = 0;
  for (let row = 0; row < layout.rows; row++) {
    const rIn = rowRadius(layout, row) - d / 2;
    const rOut = rIn + d;
    const y = tierHeight(layout, row);
    walkable.ringTop(rIn, rOut, y, -HALF_PI, HALF_PI, SEGMENTS, row % 2 ? PALETTE.tierB : PALETTE.tierA);
    structure.ringWall(rIn, below, y, -HALF_PI, HALF_PI, SEGMENTS, true, PALETTE.riser);
    cheeks(structure, rIn, rOut, y);
    // Step lights on each riser at the aisles, so the aisles read from the stage and in VR.
    for (const a of layout.aisleAnglesRad) {
      const [x, , z] = polar(rIn - 0.01, 0, a);
      lights.box([x, y - 0.06, z], [0.5, 0.04, 0.02], PALETTE.aisle, a);
    }
    below = y;
  }
  const rBack = backPlatformRadius(layout);
  const yTop = backPlatformHeight(layout);
  walkable.ringTop(rBack, layout.wallRadiusM, yTop, -HALF_PI, HALF_PI, SEGMENTS, PALETTE.platform);
  structure.ringWall(rBack, below, yTop, -HALF_PI, HALF_PI, SEGMENTS, true, PALETTE.riser);
  cheeks(structure, rBack, layout.wallRadiusM, yTop);
  // A rail along the front of the entrance platform.
  structure.ringWall(rBack - 0.02, yTop, yTop + 0.9, -HALF_PI, HALF_PI, SEGMENTS, true, PALETTE.woodDark);
  structure.ringTop(rBack - 0.08, rBack, yTop + 0.9, -HALF_PI, HALF_PI, SEGMENTS, PALETTE.wood);
}

/** End faces of a tier where the semicircle meets the stage line (z = 0), seen from the stage. */
function cheeks(g: GeometryBuilder, rIn: number, rOut: number, y: number): void {
  for (const s of [-1, 1]) {
    g.quadFacing(
      [s * rIn, 0, 0],
      [s * rOut, 0, 0],
      [s * rOut, y, 0],
      [s * rIn, y, 0],
      [0, 0, 1],
      PALETTE.riser,
    );
  }
}

function buildStage(
  layout: HallLayout,
  walkable: GeometryBuilder,
  structure: GeometryBuilder,
  lights: GeometryBuilder,
): void {
  const w = layout.stage.halfWidthM;
  const depth = layout.stage.depthM;
  const h = layout.stage.heightM;
  walkable.quadFacing([-w, h, 0], [w, h, 0], [w, h, depth], [-w, h, depth], [0, 1, 0], PALETTE.stageTop);
  structure.quadFacing([-w, 0, 0], [w, 0, 0], [w, h, 0], [-w, h, 0], [0, 0, -1], PALETTE.stageFront);
  // A cool LED line along the stage edge.
  lights.box([0, h - 0.03, -0.015], [2 * w, 0.03, 0.03], PALETTE.stageEdge);

  // Screen frame on the back wall (the screen itself is its own textured mesh).
  const s = layout.screen;
  const cy = h + s.bottomAboveStageM + s.heightM / 2;
  // Its front face sits 2 cm behind the screen plane (no z-fighting).
  structure.box([0, cy, s.z + 0.08], [s.widthM + 0.4, s.heightM + 0.4, 0.12], PALETTE.frame);
  lights.box([0, cy - s.heightM / 2 - 0.3, s.z + 0.02], [s.widthM, 0.04, 0.04], PALETTE.cove);

  // Lectern, turned a little towards the centre of the audience.
  const { x, z } = layout.podium;
  const yaw = Math.atan2(-x, -z) + Math.PI;
  structure.box([x, h + 0.52, z], [0.7, 1.04, 0.45], PALETTE.lectern, yaw);
  structure.box([x, h + 1.07, z], [0.82, 0.06, 0.56], PALETTE.lecternTop, yaw);
  const sin = Math.sin(yaw);
  const cos = Math.cos(yaw);
  // Emblem strip on the audience side of the lectern (local -z is the front after the turn).
  lights.box([x - 0.23 * sin, h + 0.8, z - 0.23 * cos], [0.46, 0.05, 0.01], PALETTE.stageEdge, yaw);
}

function buildShell(layout: HallLayout, structure: GeometryBuilder, lights: GeometryBuilder): void {
  const R = layout.wallRadiusM;
  const top = layout.ceilingM;
  const w = layout.stage.halfWidthM;
  const depth = layout.stage.depthM;
  const yTop = backPlatformHeight(layout);
  const wainscot = yTop + 1.4;
  // Curved back wall: warm wood to above head height, plaster above.
  structure.ringWall(R, 0, wainscot, -HALF_PI, HALF_PI, SEGMENTS, true, PALETTE.wood);
  structure.ringWall(R, wainscot, top, -HALF_PI, HALF_PI, SEGMENTS, true, PALETTE.plaster);
  // Acoustic fins on the plaster, every few degrees.
  for (let i = 0; i <= 28; i++) {
    const a = -HALF_PI + 0.12 + ((Math.PI - 0.24) * i) / 28;
    const [x, , z] = polar(R - 0.12, 0, a);
    structure.box([x, (wainscot + top) / 2, z], [0.16, top - wainscot, 0.24], PALETTE.woodDark, a);
  }
  // Proscenium: the wall on the stage line either side of the stage opening, and a header above.
  for (const sgn of [-1, 1]) {
    structure.quadFacing(
      [sgn * w, 0, 0],
      [sgn * R, 0, 0],
      [sgn * R, top, 0],
      [sgn * w, top, 0],
      [0, 0, -1],
      PALETTE.plaster,
    );
  }
  structure.quadFacing(
    [-w, top - 1.4, 0],
    [w, top - 1.4, 0],
    [w, top, 0],
    [-w, top, 0],
    [0, 0, -1],
    PALETTE.plaster,
  );
  structure.box([0, top - 1.4, -0.1], [2 * w, 0.08, 0.2], PALETTE.woodDark);
  // Stage house: dark walls so the screen and the stage mark stand out.
  for (const sgn of [-1, 1]) {
    structure.quadFacing(
      [sgn * w, 0, 0],
      [sgn * w, 0, depth],
      [sgn * w, top, depth],
      [sgn * w, top, 0],
      [-sgn, 0, 0],
      PALETTE.stageHouse,
    );
  }
  structure.quadFacing(
    [-w, 0, depth],
    [w, 0, depth],
    [w, top, depth],
    [-w, top, depth],
    [0, 0, -1],
    PALETTE.stageHouse,
  );
  // Ceilings.
  structure.ringTop(0, R, top, -HALF_PI, HALF_PI, SEGMENTS, PALETTE.ceiling, true);
  structure.quadFacing(
    [-w, top, 0],
    [w, top, 0],
    [w, top, depth],
    [-w, top, depth],
    [0, -1, 0],
    PALETTE.ceiling,
  );
  // Cove light rings and stage battens just under the ceiling.
  for (const r of [7.5, 12.5, 17.5])
    lights.ringTop(
      r - 0.15,
      r + 0.15,
      top - 0.02,
      -HALF_PI + 0.05,
      HALF_PI - 0.05,
      SEGMENTS,
      PALETTE.cove,
      true,
    );
  for (const z of [2, 5, 8]) lights.box([0, top - 0.05, z], [2 * w - 2, 0.06, 0.25], PALETTE.cove);
}

/** One theatre seat, facing +z (the sitter looks along +z), cushion centred on the origin. */
function buildSeat(): GeometryBuilder {
  const g = new GeometryBuilder();
  g.box([0, 0.21, -0.02], [0.14, 0.42, 0.3], PALETTE.seatFrame);
  g.box([0, 0.45, 0.02], [0.5, 0.1, 0.46], PALETTE.fabric);
  g.box([0, 0.78, -0.22], [0.5, 0.62, 0.08], PALETTE.fabricDark);
  g.box([0, 0.78, -0.265], [0.52, 0.64, 0.02], PALETTE.seatFrame);
  for (const s of [-1, 1]) g.box([s * 0.28, 0.6, 0], [0.05, 0.05, 0.42], PALETTE.seatFrame);
  return g;
}
