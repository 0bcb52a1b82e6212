import { describe, expect, it } from 'vitest';
import {
  clampToHall,
  computeSeats,
  DEFAULT_HALL,
  entrancePoint,
  floorHeightAt,
  onStage,
  tierHeight,
} from './hall-layout.ts';

describe('hall layout', () => {
  const seats = computeSeats(DEFAULT_HALL);

  it('seats at least 200 people, front row first', () => {
    expect(seats.length).toBeGreaterThanOrEqual(200);
    expect(seats[0]?.row).toBe(0);
    expect(seats.at(-1)?.row).toBe(DEFAULT_HALL.rows - 1);
    seats.forEach((s, i) => expect(s.index).toBe(i));
  });

  it('puts every seat on its tier, behind the stage line, facing the stage', () => {
    for (const s of seats) {
      expect(s.z).toBeLessThan(0);
      expect(s.y).toBeCloseTo(tierHeight(DEFAULT_HALL, s.row), 6);
      expect(floorHeightAt(DEFAULT_HALL, s.x, s.z)).toBeCloseTo(s.y, 6);
      // Forward (sin yaw, cos yaw) points at the origin.
      const toCentre = Math.atan2(-s.x, -s.z);
      expect(Math.abs(s.yawRad - toCentre)).toBeLessThan(1e-9);
    }
  });

  it('keeps seats apart and leaves the aisles free', () => {
    for (let i = 0; i < seats.length; i++) {
      const a = seats[i]!;
      for (let j = i + 1; j < seats.length; j++) {
        const b = seats[j]!;
        if (a.row !== b.row) continue;
        expect(Math.hypot(a.x - b.x, a.z - b.z)).toBeGreaterThan(DEFAULT_HALL.seatWidthM * 0.99);
      }
      const r = Math.hypot(a.x, a.z);
      const angle = Math.atan2(a.x, -a.z);
      for (const aisle of DEFAULT_HALL.aisleAnglesRad) {
        // Arc distance from the aisle's centre line is at least half the aisle plus half a seat.
        expect(Math.abs(angle - aisle) * r).toBeGreaterThan(DEFAULT_HALL.aisleWidthM / 2 + 0.3);
      }
    }
  });

  it('knows the floor: pit, stage, tiers and back platform', () => {
    expect(floorHeightAt(DEFAULT_HALL, 0, -2)).toBe(0);
    expect(floorHeightAt(DEFAULT_HALL, 0, 3)).toBe(DEFAULT_HALL.stage.heightM);
    expect(onStage(DEFAULT_HALL, 0, 3)).toBe(true);
    expect(onStage(DEFAULT_HALL, 0, -0.1)).toBe(false);
    const back = entrancePoint(DEFAULT_HALL);
    expect(floorHeightAt(DEFAULT_HALL, back.x, back.z)).toBeCloseTo(back.y, 6);
    expect(back.y).toBeGreaterThan(tierHeight(DEFAULT_HALL, DEFAULT_HALL.rows - 1));
  });

  it('spreads arrivals along the entrance platform, all facing the stage', () => {
    const spots = [-1, -0.5, 0, 0.5, 1, 7].map((s) => entrancePoint(DEFAULT_HALL, s));
    for (const p of spots) {
      expect(floorHeightAt(DEFAULT_HALL, p.x, p.z)).toBeCloseTo(p.y, 6);
      expect(Math.hypot(p.x, p.z)).toBeLessThan(DEFAULT_HALL.wallRadiusM);
      expect(Math.abs(p.yawRad - Math.atan2(-p.x, -p.z))).toBeLessThan(1e-9);
    }
    expect(spots[0]!.x).toBeLessThan(-5);
    expect(spots[4]!.x).toBeGreaterThan(5);
    // Out-of-range spreads clamp to the ends.
    expect(spots[5]).toEqual(spots[4]);
  });

  it('clamps walkers inside the walls', () => {
    const out = { x: 0, z: 0 };
    clampToHall(DEFAULT_HALL, 0, -50, 0.5, out);
    expect(out.z).toBeCloseTo(-(DEFAULT_HALL.wallRadiusM - 0.5), 6);
    clampToHall(DEFAULT_HALL, 40, 5, 0.5, out);
    expect(out.x).toBeCloseTo(DEFAULT_HALL.stage.halfWidthM - 0.5, 6);
    clampToHall(DEFAULT_HALL, 1, -3, 0.5, out);
    expect(out).toEqual({ x: 1, z: -3 });
  });
});
