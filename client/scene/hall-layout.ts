/**
 * The town hall's floor plan as plain numbers, shared by the geometry builder, desktop locomotion,
 * VR teleport targets and the seat picker. Babylon's left-handed frame: +y up, the audience looks
 * towards +z. The stage's front edge lies on z = 0; the seating is a semicircular amphitheatre of
 * rising tiers centred on the origin, with its entrance platform at the back (top).
 */
export interface HallLayout {
  /** Radius of the flat floor in front of the stage (the pit), m. */
  pitRadiusM: number;
  /** Radius of the first row of seats, m. */
  firstRowRadiusM: number;
  /** Radial distance between rows, m. */
  rowDepthM: number;
  rows: number;
  /** Height each tier rises above the one in front, m. */
  tierRiseM: number;
  /** Seats span ±this angle from the hall's axis (0 = straight back from the stage). */
  seatArcHalfRad: number;
  /** Angles of the radial aisles (between seat blocks), radians from the axis. */
  aisleAnglesRad: readonly number[];
  aisleWidthM: number;
  seatWidthM: number;
  /** Inner radius of the curved back wall, m. */
  wallRadiusM: number;
  stage: { halfWidthM: number; depthM: number; heightM: number };
  /** Where the twin will stand (on the stage, facing the audience). */
  twinMark: { x: number; z: number };
  podium: { x: number; z: number };
  /** The big screen on the back wall of the stage house. */
  screen: { widthM: number; heightM: number; bottomAboveStageM: number; z: number };
  ceilingM: number;
}

export const DEFAULT_HALL: Readonly<HallLayout> = {
  pitRadiusM: 5.2,
  firstRowRadiusM: 6,
  rowDepthM: 1.2,
  rows: 10,
  tierRiseM: 0.38,
  seatArcHalfRad: (80 * Math.PI) / 180,
  aisleAnglesRad: [(-27 * Math.PI) / 180, (27 * Math.PI) / 180],
  aisleWidthM: 1.3,
  seatWidthM: 0.62,
  wallRadiusM: 20,
  stage: { halfWidthM: 12, depthM: 10, heightM: 1 },
  twinMark: { x: 0, z: 3 },
  podium: { x: -4.2, z: 2.4 },
  screen: { widthM: 14, heightM: 7.875, bottomAboveStageM: 2.6, z: 9.85 },
  ceilingM: 12,
};

export interface Seat {
  index: number;
  row: number;
  /** Centre of the seat cushion on the floor of its tier. */
  x: number;
  /** Floor height of the seat's tier. */
  y: number;
  z: number;
  /** Rotation about +y so the seat faces the stage. */
  yawRad: number;
}

/** Radius of row `row`'s seat centres. */
export function rowRadius(layout: HallLayout, row: number): number {
  return layout.firstRowRadiusM + row * layout.rowDepthM;
}

/** Floor height of the tier that holds row `row` (row 0 is one step above the pit). */
export function tierHeight(layout: HallLayout, row: number): number {
  return (row + 1) * layout.tierRiseM;
}

/** Outer radius of the last tier, where the entrance platform starts. */
export function backPlatformRadius(layout: HallLayout): number {
  return rowRadius(layout, layout.rows - 1) + layout.rowDepthM / 2;
}

export function backPlatformHeight(layout: HallLayout): number {
  return tierHeight(layout, layout.rows);
}

/** Every seat, front row first, left to right; all face the centre of the stage front. */
export function computeSeats(layout: HallLayout): Seat[] {
  const seats: Seat[] = [];
  for (let row = 0; row < layout.rows; row++) {
    const r = rowRadius(layout, row);
    const y = tierHeight(layout, row);
    // Seat blocks between the arc's ends and the aisles; each block is filled from its centre so
    // the gaps at aisles are exactly aisleWidthM whatever the radius.
    const edges = [-layout.seatArcHalfRad, ...layout.aisleAnglesRad, layout.seatArcHalfRad];
    for (let b = 0; b + 1 < edges.length; b++) {
      const halfAisle = layout.aisleWidthM / 2 / r;
      const start = (edges[b] ?? 0) + (b === 0 ? 0 : halfAisle);
      const end = (edges[b + 1] ?? 0) - (b + 2 === edges.length ? 0 : halfAisle);
      const arcM = (end - start) * r;
      const count = Math.floor(arcM / layout.seatWidthM);
      if (count <= 0) continue;
      const step = layout.seatWidthM / r;
      const first = (start + end) / 2 - ((count - 1) * step) / 2;
      for (let i = 0; i < count; i++) {
        const a = first + i * step;
        const x = r * Math.sin(a);
        const z = -r * Math.cos(a);
        // Facing the origin: forward (sin yaw, cos yaw) must point along (-x, -z).
        seats.push({ index: seats.length, row, x, y, z, yawRad: Math.atan2(-x, -z) });
      }
    }
  }
  return seats;
}

/** True when (x, z) is on the stage platform. */
export function onStage(layout: HallLayout, x: number, z: number): boolean {
  return z >= 0 && z <= layout.stage.depthM && Math.abs(x) <= layout.stage.halfWidthM;
}

/** Height of the walkable floor at (x, z): stage, pit, tier or back platform. */
export function floorHeightAt(layout: HallLayout, x: number, z: number): number {
  if (z >= 0) return onStage(layout, x, z) ? layout.stage.heightM : 0;
  const r = Math.hypot(x, z);
  if (r < layout.firstRowRadiusM - layout.rowDepthM / 2) return 0;
  const row = Math.floor((r - (layout.firstRowRadiusM - layout.rowDepthM / 2)) / layout.rowDepthM);
  return tierHeight(layout, Math.min(row, layout.rows));
}

/** Keeps a walker's (x, z) inside the hall's walls, with `marginM` clearance. Writes into `out`. */
export function clampToHall(
  layout: HallLayout,
  x: number,
  z: number,
  marginM: number,
  out: { x: number; z: number },
): { x: number; z: number } {
  if (z >= 0) {
    // The stage house: a rectangle behind the stage line.
    out.x = Math.max(-layout.stage.halfWidthM + marginM, Math.min(layout.stage.halfWidthM - marginM, x));
    out.z = Math.min(z, layout.stage.depthM - marginM);
    return out;
  }
  const maxR = layout.wallRadiusM - marginM;
  const r = Math.hypot(x, z);
  if (r > maxR) {
    out.x = (x / r) * maxR;
    out.z = (z / r) * maxR;
  } else {
    out.x = x;
    out.z = z;
  }
  return out;
}

/**
 * Where people arrive: on the entrance platform at the back, facing the stage. `spread` in
 * [-1, 1] spreads arrivals along the platform (±35°) so people do not stand inside each other;
 * 0 is the middle.
 */
export function entrancePoint(
  layout: HallLayout,
  spread = 0,
): { x: number; y: number; z: number; yawRad: number } {
  const r = (backPlatformRadius(layout) + layout.wallRadiusM) / 2;
  const a = Math.max(-1, Math.min(1, spread)) * ((35 * Math.PI) / 180);
  const x = r * Math.sin(a);
  const z = -r * Math.cos(a);
  return { x, y: backPlatformHeight(layout), z, yawRad: Math.atan2(-x, -z) };
}
