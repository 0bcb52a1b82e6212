import { REQUIRED_AVATAR_MORPH_TARGETS } from '../../../common/avatar.ts';

// Reads just enough of a binary glTF (GLB, glTF 2.0 §4.4) to check an avatar: the container
// header, the chunk table and the JSON chunk's meshes. No geometry is decoded.

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;

export type AvatarErrorCode = 'glb_invalid' | 'glb_truncated' | 'avatar_missing_morph_targets';

/** An avatar upload that cannot be used. The message says what is wrong, for the person uploading. */
export class AvatarError extends Error {
  readonly code: AvatarErrorCode;
  readonly retryable = false;
  /** For `avatar_missing_morph_targets`: the required targets the file does not have. */
  readonly missing: readonly string[];
  constructor(code: AvatarErrorCode, message: string, opts: { cause?: unknown; missing?: string[] } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AvatarError';
    this.code = code;
    this.missing = opts.missing ?? [];
  }
}

export interface GlbSummary {
  /** Every morph target name found (mesh `extras.targetNames`, or a primitive's `extras.targetNames`). */
  morphTargets: string[];
  /** Required targets (visemes and blinks) that are not there, in REQUIRED_AVATAR_MORPH_TARGETS order. */
  missing: string[];
  meshes: number;
  /** Primitives with morph targets but no names for them (such targets cannot be identified). */
  unnamedTargetPrimitives: number;
}

interface GltfPrimitive {
  targets?: unknown[];
  extras?: { targetNames?: unknown };
}

interface GltfMesh {
  primitives?: GltfPrimitive[];
  extras?: { targetNames?: unknown };
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : [];
}

/** Parses the GLB container and returns its JSON chunk, parsed. Throws AvatarError. */
export function readGlbJson(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.byteLength < HEADER_BYTES)
    throw new AvatarError(
      'glb_invalid',
      `Not a GLB file: ${bytes.byteLength} bytes is shorter than a GLB header`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== GLB_MAGIC)
    throw new AvatarError('glb_invalid', 'Not a GLB file: it does not start with the "glTF" magic bytes');
  const version = view.getUint32(4, true);
  if (version !== 2)
    throw new AvatarError('glb_invalid', `Unsupported GLB version ${version} (only glTF 2.0)`);
  const length = view.getUint32(8, true);
  if (length > bytes.byteLength)
    throw new AvatarError(
      'glb_truncated',
      `The GLB file is truncated: its header says ${length} bytes, ${bytes.byteLength} arrived`,
    );
  if (length < bytes.byteLength)
    throw new AvatarError(
      'glb_invalid',
      `The GLB header says ${length} bytes but the upload has ${bytes.byteLength} (extra data after the file)`,
    );
  let json: Record<string, unknown> | null = null;
  let offset = HEADER_BYTES;
  let index = 0;
  while (offset < length) {
    if (offset + CHUNK_HEADER_BYTES > length)
      throw new AvatarError('glb_truncated', `The GLB file is truncated inside the header of chunk ${index}`);
    const chunkLength = view.getUint32(offset, true);
    const chunkType = view.getUint32(offset + 4, true);
    const start = offset + CHUNK_HEADER_BYTES;
    if (start + chunkLength > length)
      throw new AvatarError(
        'glb_truncated',
        `The GLB file is truncated: chunk ${index} needs ${chunkLength} bytes, ${length - start} remain`,
      );
    if (index === 0) {
      if (chunkType !== CHUNK_JSON)
        throw new AvatarError('glb_invalid', 'Not a valid GLB file: the first chunk is not the JSON chunk');
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text.decode(bytes.subarray(start, start + chunkLength)));
      } catch (err) {
        throw new AvatarError(
          'glb_invalid',
          `The GLB's JSON chunk is not valid JSON: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new AvatarError('glb_invalid', "The GLB's JSON chunk is not a glTF object");
      json = parsed as Record<string, unknown>;
    }
    // Later chunks (BIN, or types this reader does not know, which the spec says to skip) are not read.
    offset = start + chunkLength;
    index++;
  }
  if (!json) throw new AvatarError('glb_invalid', 'Not a valid GLB file: it has no JSON chunk');
  const asset = json['asset'] as { version?: unknown } | undefined;
  if (typeof asset?.version !== 'string' || !asset.version.startsWith('2.'))
    throw new AvatarError('glb_invalid', 'Not a glTF 2.0 asset: "asset.version" must be "2.x"');
  return json;
}

/**
 * Checks a GLB avatar for the morph targets the twin drives: the 15 Oculus visemes
 * (`viseme_sil` … `viseme_U`) and `eyeBlinkLeft` / `eyeBlinkRight`. Throws AvatarError for a file
 * that is not a GLB; returns the summary (with `missing`) otherwise.
 */
export function inspectAvatarGlb(bytes: Uint8Array): GlbSummary {
  const json = readGlbJson(bytes);
  const meshes = Array.isArray(json['meshes']) ? (json['meshes'] as GltfMesh[]) : [];
  const found = new Set<string>();
  let unnamed = 0;
  for (const mesh of meshes) {
    if (typeof mesh !== 'object' || mesh === null) continue;
    const meshNames = names(mesh.extras?.targetNames);
    for (const n of meshNames) found.add(n);
    for (const prim of Array.isArray(mesh.primitives) ? mesh.primitives : []) {
      if (typeof prim !== 'object' || prim === null) continue;
      const primNames = names(prim.extras?.targetNames);
      for (const n of primNames) found.add(n);
      const targets = Array.isArray(prim.targets) ? prim.targets.length : 0;
      if (targets > 0 && meshNames.length === 0 && primNames.length === 0) unnamed++;
    }
  }
  return {
    morphTargets: [...found].sort(),
    missing: REQUIRED_AVATAR_MORPH_TARGETS.filter((n) => !found.has(n)),
    meshes: meshes.length,
    unnamedTargetPrimitives: unnamed,
  };
}
