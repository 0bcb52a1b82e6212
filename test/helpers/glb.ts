// Builds and rewrites binary glTF (GLB) files for avatar upload tests.

function pad4(bytes: Uint8Array, fill: number): Uint8Array {
  const padded = new Uint8Array(Math.ceil(bytes.byteLength / 4) * 4).fill(fill);
  padded.set(bytes);
  return padded;
}

/** A GLB container holding `json` (and an optional BIN chunk). */
export function buildGlb(json: unknown, bin?: Uint8Array): Buffer {
  const jsonChunk = pad4(new TextEncoder().encode(JSON.stringify(json)), 0x20);
  const binChunk = bin ? pad4(bin, 0) : null;
  const length = 12 + 8 + jsonChunk.byteLength + (binChunk ? 8 + binChunk.byteLength : 0);
  const out = Buffer.alloc(length);
  out.writeUInt32LE(0x46546c67, 0);
  out.writeUInt32LE(2, 4);
  out.writeUInt32LE(length, 8);
  out.writeUInt32LE(jsonChunk.byteLength, 12);
  out.writeUInt32LE(0x4e4f534a, 16);
  out.set(jsonChunk, 20);
  if (binChunk) {
    const at = 20 + jsonChunk.byteLength;
    out.writeUInt32LE(binChunk.byteLength, at);
    out.writeUInt32LE(0x004e4942, at + 4);
    out.set(binChunk, at + 8);
  }
  return out;
}

/** Splits a GLB into its parsed JSON and its BIN chunk. */
export function splitGlb(glb: Uint8Array): { json: Record<string, unknown>; bin: Uint8Array | undefined } {
  const buf = Buffer.from(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLength = buf.readUInt32LE(12);
  const json = JSON.parse(buf.toString('utf8', 20, 20 + jsonLength)) as Record<string, unknown>;
  const at = 20 + jsonLength;
  const bin = at + 8 <= buf.length ? buf.subarray(at + 8, at + 8 + buf.readUInt32LE(at)) : undefined;
  return { json, bin };
}

/** The same GLB with its JSON changed by `mutate` (geometry untouched). */
export function rewriteGlbJson(glb: Uint8Array, mutate: (json: Record<string, unknown>) => void): Buffer {
  const { json, bin } = splitGlb(glb);
  mutate(json);
  return buildGlb(json, bin);
}
