import { describe, expect, it } from 'vitest';
import { GeometryBuilder, hex } from './geometry-builder.ts';

/** Normal of every quad (4 vertices each) as [x, y, z] and its first vertex. */
function quads(b: GeometryBuilder): { n: number[]; p: number[] }[] {
  const { normals, positions, indices } = b.toArrays();
  const out: { n: number[]; p: number[] }[] = [];
  for (let v = 0; v < normals.length / 3; v += 4) {
    out.push({ n: [...normals.slice(v * 3, v * 3 + 3)], p: [...positions.slice(v * 3, v * 3 + 3)] });
  }
  expect(indices.length).toBe(out.length * 6);
  return out;
}

describe('GeometryBuilder', () => {
  it('matches Babylon CreatePlane: corners (-1,-1) (1,-1) (1,1) (-1,1) face -z', () => {
    const b = new GeometryBuilder();
    b.quad([-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0], [1, 1, 1]);
    expect(quads(b)[0]?.n).toEqual([0, 0, -1]);
  });

  it('orders corners to face a requested side', () => {
    const b = new GeometryBuilder();
    b.quadFacing([0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]);
    b.quadFacing([0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, -1], [1, 1, 1]);
    expect(quads(b).map((q) => q.n[2])).toEqual([1, -1]);
  });

  it('builds boxes with every face pointing outwards, also when turned', () => {
    for (const yaw of [0, 0.7, -2]) {
      const b = new GeometryBuilder();
      b.box([3, 2, -1], [1, 2, 3], [1, 0, 0], yaw);
      for (const q of quads(b)) {
        const [nx, ny, nz] = q.n as [number, number, number];
        const [px, py, pz] = q.p as [number, number, number];
        // The vector from the centre to a face's corner has a positive component along its normal.
        expect((px - 3) * nx + (py - 2) * ny + (pz + 1) * nz).toBeGreaterThan(0);
      }
    }
  });

  it('faces ring tops up, back walls inwards and risers outwards', () => {
    const b = new GeometryBuilder();
    b.ringTop(5, 6, 1, -1, 1, 8, [1, 1, 1]);
    for (const q of quads(b)) expect(q.n[1]).toBeCloseTo(1, 6);
    const fan = new GeometryBuilder();
    fan.ringTop(0, 5, 0, -1, 1, 8, [1, 1, 1]);
    for (const q of quads(fan)) expect(q.n[1]).toBeCloseTo(1, 6);
    const ceiling = new GeometryBuilder();
    ceiling.ringTop(0, 6, 10, -1, 1, 8, [1, 1, 1], true);
    for (const q of quads(ceiling)) expect(q.n[1]).toBeCloseTo(-1, 6);

    const wall = new GeometryBuilder();
    wall.ringWall(20, 0, 10, -1.5, 1.5, 12, true, [1, 1, 1]);
    for (const q of quads(wall)) expect(q.n[0]! * q.p[0]! + q.n[2]! * q.p[2]!).toBeLessThan(0);

    const riser = new GeometryBuilder();
    riser.ringWall(6, 0, 0.4, -1.5, 1.5, 12, false, [1, 1, 1]);
    for (const q of quads(riser)) expect(q.n[0]! * q.p[0]! + q.n[2]! * q.p[2]!).toBeGreaterThan(0);
  });

  it('parses hex colours', () => {
    expect(hex('#ff8000')).toEqual([1, 128 / 255, 0]);
  });
});
