/**
 * Accumulates flat-shaded, vertex-coloured geometry so the whole static hall becomes a handful of
 * meshes (one draw call each) instead of dozens. Babylon-free: `toArrays()` feeds VertexData.
 *
 * Winding: Babylon is left-handed and treats counter-clockwise triangles (seen from the front) as
 * front faces, e.g. CreatePlane's (-1,-1,0) (1,-1,0) (1,1,0) faces -z. `quad(a, b, c, d)` takes
 * its corners counter-clockwise as seen from the side that should be visible.
 */
export type V3 = readonly [number, number, number];
export type Rgb = readonly [number, number, number];

export class GeometryBuilder {
  private readonly positions: number[] = [];
  private readonly normals: number[] = [];
  private readonly colors: number[] = [];
  private readonly indices: number[] = [];

  get vertexCount(): number {
    return this.positions.length / 3;
  }

  /** A flat quad; corners counter-clockwise seen from the front. */
  quad(a: V3, b: V3, c: V3, d: V3, color: Rgb): void {
    // Front-facing normal in this winding convention is (c - a) × (b - a) for triangle abc and
    // (d - a) × (c - a) for acd; summing both keeps it right when two corners coincide (a
    // fan's centre).
    const [n1x, n1y, n1z] = cross(c, a, b, a);
    const [n2x, n2y, n2z] = cross(d, a, c, a);
    let nx = n1x + n2x;
    let ny = n1y + n2y;
    let nz = n1z + n2z;
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len;
    ny /= len;
    nz /= len;
    const base = this.vertexCount;
    for (const p of [a, b, c, d]) {
      this.positions.push(p[0], p[1], p[2]);
      this.normals.push(nx, ny, nz);
      this.colors.push(color[0], color[1], color[2], 1);
    }
    this.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }

  /** A flat quad made visible from the side `facing` points to, whatever the corner order. */
  quadFacing(a: V3, b: V3, c: V3, d: V3, facing: V3, color: Rgb): void {
    const [x1, y1, z1] = cross(c, a, b, a);
    const [x2, y2, z2] = cross(d, a, c, a);
    const dot = (x1 + x2) * facing[0] + (y1 + y2) * facing[1] + (z1 + z2) * facing[2];
    if (dot >= 0) this.quad(a, b, c, d, color);
    else this.quad(a, d, c, b, color);
  }

  /**
   * A box (optionally turned by `yawRad` about its centre's vertical axis) with all six faces
   * outward.
   */
  box(center: V3, size: V3, color: Rgb, yawRad = 0): void {
    const [cx, cy, cz] = center;
    const hx = size[0] / 2;
    const hy = size[1] / 2;
    const hz = size[2] / 2;
    const sin = Math.sin(yawRad);
    const cos = Math.cos(yawRad);
    // Corner in the box's frame → world (left-handed yaw: +z turns towards +x).
    const p = (x: number, y: number, z: number): V3 => [
      cx + x * cos + z * sin,
      cy + y,
      cz - x * sin + z * cos,
    ];
    const lbf = p(-hx, -hy, -hz);
    const rbf = p(hx, -hy, -hz);
    const rtf = p(hx, hy, -hz);
    const ltf = p(-hx, hy, -hz);
    const lbb = p(-hx, -hy, hz);
    const rbb = p(hx, -hy, hz);
    const rtb = p(hx, hy, hz);
    const ltb = p(-hx, hy, hz);
    this.quad(lbf, rbf, rtf, ltf, color); // -z
    this.quad(rbb, lbb, ltb, rtb, color); // +z
    this.quad(rbf, rbb, rtb, rtf, color); // +x
    this.quad(lbb, lbf, ltf, ltb, color); // -x
    this.quad(ltf, rtf, rtb, ltb, color); // +y
    this.quad(lbb, rbb, rbf, lbf, color); // -y
  }

  /**
   * The top of an annular sector at height `y`: radii [rIn, rOut], angles [a0, a1] measured from
   * the -z axis towards +x (the hall's convention: a point is (r·sin a, y, -r·cos a)).
   */
  ringTop(
    rIn: number,
    rOut: number,
    y: number,
    a0: number,
    a1: number,
    segments: number,
    color: Rgb,
    facingDown = false,
  ): void {
    for (let i = 0; i < segments; i++) {
      const t0 = a0 + ((a1 - a0) * i) / segments;
      const t1 = a0 + ((a1 - a0) * (i + 1)) / segments;
      // Seen from above (+y), counter-clockwise (normal +y; checked in the unit test).
      if (facingDown)
        this.quad(polar(rIn, y, t0), polar(rIn, y, t1), polar(rOut, y, t1), polar(rOut, y, t0), color);
      else this.quad(polar(rIn, y, t1), polar(rIn, y, t0), polar(rOut, y, t0), polar(rOut, y, t1), color);
    }
  }

  /**
   * A vertical cylindrical band at radius `r` from y0 to y1. `inward` faces the centre (a back
   * wall seen from inside); otherwise it faces outwards (a riser seen from the stage).
   */
  ringWall(
    r: number,
    y0: number,
    y1: number,
    a0: number,
    a1: number,
    segments: number,
    inward: boolean,
    color: Rgb,
  ): void {
    for (let i = 0; i < segments; i++) {
      const t0 = a0 + ((a1 - a0) * i) / segments;
      const t1 = a0 + ((a1 - a0) * (i + 1)) / segments;
      if (inward) this.quad(polar(r, y0, t1), polar(r, y0, t0), polar(r, y1, t0), polar(r, y1, t1), color);
      else this.quad(polar(r, y0, t0), polar(r, y0, t1), polar(r, y1, t1), polar(r, y1, t0), color);
    }
  }

  /** Arrays for Babylon's VertexData (positions, normals, RGBA colours, indices). */
  toArrays(): { positions: Float32Array; normals: Float32Array; colors: Float32Array; indices: Uint32Array } {
    return {
      positions: new Float32Array(this.positions),
      normals: new Float32Array(this.normals),
      colors: new Float32Array(this.colors),
      indices: new Uint32Array(this.indices),
    };
  }
}

/** (p - o) × (q - r). */
function cross(p: V3, o: V3, q: V3, r: V3): [number, number, number] {
  const ux = p[0] - o[0];
  const uy = p[1] - o[1];
  const uz = p[2] - o[2];
  const vx = q[0] - r[0];
  const vy = q[1] - r[1];
  const vz = q[2] - r[2];
  return [uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx];
}

export function polar(r: number, y: number, a: number): V3 {
  return [r * Math.sin(a), y, -r * Math.cos(a)];
}

/** '#rrggbb' → linear-ish 0..1 triple (vertex colours are multiplied as is). */
export function hex(color: string): Rgb {
  const n = Number.parseInt(color.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
