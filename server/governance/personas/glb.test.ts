import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_AVATAR_MORPH_TARGETS } from '../../../common/avatar.ts';
import { buildGlb, rewriteGlbJson } from '../../../test/helpers/glb.ts';
import { AvatarError, inspectAvatarGlb } from './glb.ts';

const ROCKETBOX = new URL('../../../assets/avatars/rocketbox_male_adult_08_facial.glb', import.meta.url);

function avatarError(fn: () => unknown): AvatarError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AvatarError) return err;
    throw err;
  }
  throw new Error('expected a AvatarError');
}

describe('inspectAvatarGlb', () => {
  it('finds every viseme and blink target in the Rocketbox avatar', () => {
    const summary = inspectAvatarGlb(readFileSync(ROCKETBOX));
    expect(summary.missing).toEqual([]);
    expect(summary.morphTargets).toEqual(expect.arrayContaining([...REQUIRED_AVATAR_MORPH_TARGETS]));
    expect(summary.meshes).toBeGreaterThan(0);
  });

  it('lists exactly the targets that were renamed away', () => {
    const renamed = rewriteGlbJson(readFileSync(ROCKETBOX), (json) => {
      for (const mesh of json['meshes'] as { extras?: { targetNames?: string[] } }[]) {
        const names = mesh.extras?.targetNames;
        if (names)
          mesh.extras!.targetNames = names.map((n) =>
            n === 'viseme_PP' ? 'mouthPP' : n === 'eyeBlinkRight' ? 'blinkR' : n,
          );
      }
    });
    expect(inspectAvatarGlb(renamed).missing).toEqual(['viseme_PP', 'eyeBlinkRight']);
  });

  it('reads names given on primitives and counts unnamed targets', () => {
    const json = {
      asset: { version: '2.0' },
      meshes: [
        {
          primitives: [
            { attributes: {}, targets: [{}, {}], extras: { targetNames: ['viseme_aa', 'viseme_E'] } },
          ],
        },
        { primitives: [{ attributes: {}, targets: [{}] }] },
      ],
    };
    const s = inspectAvatarGlb(buildGlb(json));
    expect(s.morphTargets).toEqual(['viseme_E', 'viseme_aa']);
    expect(s.unnamedTargetPrimitives).toBe(1);
    expect(s.missing).toHaveLength(REQUIRED_AVATAR_MORPH_TARGETS.length - 2);
  });

  it('refuses what is not a GLB, and says why', () => {
    expect(avatarError(() => inspectAvatarGlb(Buffer.from('{"asset":{"version":"2.0"}}'))).message).toMatch(
      /magic bytes/,
    );
    expect(avatarError(() => inspectAvatarGlb(Buffer.alloc(4))).message).toMatch(/shorter than a GLB header/);
    const glb = buildGlb({ asset: { version: '2.0' } });
    expect(avatarError(() => inspectAvatarGlb(glb.subarray(0, glb.length - 2))).code).toBe('glb_truncated');
    const v1 = Buffer.from(glb);
    v1.writeUInt32LE(1, 4);
    expect(avatarError(() => inspectAvatarGlb(v1)).message).toMatch(/version 1/);
    expect(avatarError(() => inspectAvatarGlb(buildGlb({ asset: { version: '1.0' } }))).message).toMatch(
      /2\.0/,
    );
    const badJson = Buffer.from(glb);
    badJson.write('!', 20);
    expect(avatarError(() => inspectAvatarGlb(badJson)).message).toMatch(/not valid JSON/);
  });

  it('refuses a real avatar cut short', () => {
    const bytes = readFileSync(ROCKETBOX);
    const err = avatarError(() => inspectAvatarGlb(bytes.subarray(0, 100_000)));
    expect(err.code).toBe('glb_truncated');
    expect(err.message).toContain(`header says ${bytes.length} bytes, 100000 arrived`);
  });
});
