import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_AVATAR_MORPH_TARGETS } from '../../common/avatar.ts';
import type {
  AuditEntryDto,
  AvatarUploadResponse,
  PersonaDetailDto,
  PersonaListResponse,
} from '../../common/governance.ts';
import type { PersonaChangedEvent } from '../../server/governance/index.ts';
import { govClient, joinAs, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { rewriteGlbJson } from '../helpers/glb.ts';
import { postOnOwnConnection } from '../helpers/raw-post.ts';
import { startTestServer, type TestPodium } from '../helpers/server.ts';

const PERSONA = 'marisol-quennell';
const AVATARS = new URL('../../assets/avatars/', import.meta.url).pathname;
const MALE = readFileSync(join(AVATARS, 'rocketbox_male_adult_08_facial.glb'));
const FEMALE = readFileSync(join(AVATARS, 'rocketbox_female_adult_01_facial.glb'));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let podium: TestPodium;
let comms: { call: Call; token: string };
let auditor: Call;
const changes: PersonaChangedEvent[] = [];

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  comms = await staffClient(podium, 'Rafael Alvarez', ['comms']);
  auditor = (await staffClient(podium, 'Audit office', ['auditor'])).call;
  podium.governance.events.on('persona.changed', (e) => changes.push(e));
});
afterAll(() => podium?.close());

function upload(
  bytes: Uint8Array,
  opts: { persona?: string; type?: string | null; token?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${opts.token ?? comms.token}` };
  if (opts.type !== null) headers['content-type'] = opts.type ?? 'model/gltf-binary';
  return fetch(new URL(`/api/governance/personas/${opts.persona ?? PERSONA}/avatar`, podium.url), {
    method: 'POST',
    headers,
    body: new Blob([new Uint8Array(bytes)]),
  });
}

const avatarPath = `/api/personas/${PERSONA}/avatar.glb`;

describe('personas', () => {
  it('lists the imported demo persona with persona.json’s avatar model', async () => {
    const list = await comms.call<PersonaListResponse>('GET', '/personas');
    expect(list.status).toBe(200);
    const p = list.body.personas.find((x) => x.id === PERSONA);
    expect(p).toMatchObject({
      name: 'Marisol Quennell',
      title: 'Chief Executive Officer',
      organization: 'Korrowin Labs (fictional)',
      folder: PERSONA,
      avatar: {
        url: '/assets/avatars/rocketbox_female_adult_01_facial.glb',
        source: 'persona.json',
        sha256: null,
      },
    });
    expect(p?.corpus.active).toBeGreaterThanOrEqual(40);

    const detail = await auditor<PersonaDetailDto>('GET', `/personas/${PERSONA}`);
    expect(detail.body).toMatchObject({
      id: PERSONA,
      disclosure: "I'm an AI twin of Marisol Quennell, and I can only share statements Marisol has approved.",
      voice: { provider: 'festival', voice: 'cmu_us_slt_arctic_hts', rate: 1 },
      avatarUploads: [],
    });
    expect(detail.body.sensitiveTopics).toHaveLength(7);
    expect((await auditor('GET', '/personas/nobody-here')).status).toBe(404);
  });

  it('redirects the public avatar URL to persona.json’s model before any upload', async () => {
    const res = await fetch(new URL(avatarPath, podium.url), { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/assets/avatars/rocketbox_female_adult_01_facial.glb');
    const missing = await fetch(new URL('/api/personas/nobody-here/avatar.glb', podium.url));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('avatar upload', () => {
  it('accepts a Rocketbox GLB, stores it by hash and serves it publicly with an ETag', async () => {
    changes.length = 0;
    const res = await upload(MALE);
    expect(res.status).toBe(201);
    const body = (await res.json()) as AvatarUploadResponse;
    const hash = sha256(MALE);
    expect(body).toMatchObject({
      personaId: PERSONA,
      changed: true,
      avatar: {
        source: 'upload',
        sha256: hash,
        bytes: MALE.length,
        url: `${avatarPath}?v=${hash.slice(0, 16)}`,
      },
    });
    expect(body.morphTargets).toEqual(expect.arrayContaining([...REQUIRED_AVATAR_MORPH_TARGETS]));
    expect(body.avatar.uploadedBy).toMatch(/Rafael Alvarez/);
    expect(existsSync(join(podium.dataDir, 'avatars', PERSONA, `${hash}.glb`))).toBe(true);
    expect(changes).toEqual([
      expect.objectContaining({ personaId: PERSONA, change: 'avatar', avatarUrl: body.avatar.url }),
    ]);

    const get = await fetch(new URL(avatarPath, podium.url));
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('model/gltf-binary');
    expect(get.headers.get('etag')).toBe(`"${hash}"`);
    expect(get.headers.get('cache-control')).toBe('public, no-cache');
    expect(sha256(new Uint8Array(await get.arrayBuffer()))).toBe(hash);

    const again = await fetch(new URL(avatarPath, podium.url), { headers: { 'if-none-match': `"${hash}"` } });
    expect(again.status).toBe(304);
    const versioned = await fetch(new URL(body.avatar.url, podium.url), { method: 'HEAD' });
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(versioned.headers.get('content-length')).toBe(String(MALE.length));

    const detail = await auditor<PersonaDetailDto>('GET', `/personas/${PERSONA}`);
    expect(detail.body.avatar).toMatchObject({ source: 'upload', sha256: hash });
    expect(detail.body.avatarUploads).toEqual([expect.objectContaining({ sha256: hash, current: true })]);
  });

  it('uploading the current file again changes nothing; another file replaces it', async () => {
    const same = await upload(MALE, { type: 'application/octet-stream' });
    expect(same.status).toBe(200);
    expect(((await same.json()) as AvatarUploadResponse).changed).toBe(false);
    const other = await upload(FEMALE);
    expect(other.status).toBe(201);
    const get = await fetch(new URL(avatarPath, podium.url));
    expect(get.headers.get('etag')).toBe(`"${sha256(FEMALE)}"`);
    const detail = await auditor<PersonaDetailDto>('GET', `/personas/${PERSONA}`);
    expect(detail.body.avatarUploads.map((u) => [u.sha256, u.current])).toEqual([
      [sha256(MALE), false],
      [sha256(FEMALE), true],
    ]);
  });

  it('refuses an avatar whose visemes or blinks are renamed, listing exactly what is missing', async () => {
    const renamed = rewriteGlbJson(MALE, (json) => {
      for (const mesh of json['meshes'] as { extras?: { targetNames?: string[] } }[]) {
        const names = mesh.extras?.targetNames;
        if (!names) continue;
        mesh.extras!.targetNames = names.map((n) =>
          n === 'viseme_TH' ? 'TH' : n === 'viseme_U' ? 'U' : n === 'eyeBlinkLeft' ? 'blink_L' : n,
        );
      }
    });
    const res = await upload(renamed);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; missing: string[] } };
    expect(body.error.code).toBe('avatar_missing_morph_targets');
    expect(body.error.missing).toEqual(['viseme_TH', 'viseme_U', 'eyeBlinkLeft']);
    expect(body.error.message).toBe(
      'The avatar lacks 3 morph target(s) the twin needs: viseme_TH, viseme_U, eyeBlinkLeft',
    );
    expect(existsSync(join(podium.dataDir, 'avatars', PERSONA, `${sha256(renamed)}.glb`))).toBe(false);
  });

  it('refuses truncated files, non-GLB files, wrong types, empty and oversized bodies with clear errors', async () => {
    const truncated = await upload(MALE.subarray(0, 1_000_000));
    expect(truncated.status).toBe(400);
    expect(await truncated.json()).toEqual({
      error: {
        code: 'glb_truncated',
        message: `The GLB file is truncated: its header says ${MALE.length} bytes, 1000000 arrived`,
      },
    });
    const png = await upload(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect(png.status).toBe(400);
    expect(((await png.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'glb_invalid',
      message: 'Not a GLB file: it does not start with the "glTF" magic bytes',
    });
    const gltfJson = await upload(Buffer.from('{"asset":{"version":"2.0"}}'), { type: 'model/gltf+json' });
    expect(gltfJson.status).toBe(415);
    // Refused before the body is read: the server answers, drains briefly, then closes that
    // connection, so such requests go on a connection of their own.
    const untyped = await postOnOwnConnection(
      `${podium.url}/api/governance/personas/${PERSONA}/avatar`,
      { Authorization: `Bearer ${comms.token}` },
      MALE,
    );
    expect(untyped.status).toBe(415);
    const empty = await upload(new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe(
      'body: the GLB file is empty',
    );
    const unknown = await upload(MALE, { persona: 'nobody-here' });
    expect(unknown.status).toBe(404);

    const huge = await postOnOwnConnection(
      `${podium.url}/api/governance/personas/${PERSONA}/avatar`,
      { Authorization: `Bearer ${comms.token}`, 'content-type': 'model/gltf-binary' },
      new Uint8Array(21 * 1024 * 1024),
    );
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({
      error: { code: 'payload_too_large', message: 'Request body is larger than 20480 KiB' },
    });
    // The avatar in use did not change.
    const get = await fetch(new URL(avatarPath, podium.url), { method: 'HEAD' });
    expect(get.headers.get('etag')).toBe(`"${sha256(FEMALE)}"`);
  });

  it('is for comms and the admin only', async () => {
    // Refused before the body is read: on connections of their own (see the test above).
    const refused = (headers: Record<string, string>) =>
      postOnOwnConnection(
        `${podium.url}/api/governance/personas/${PERSONA}/avatar`,
        { ...headers, 'content-type': 'model/gltf-binary' },
        MALE,
      );
    const auditorToken = (await staffClient(podium, 'Auditor two', ['auditor'])).token;
    expect((await refused({ Authorization: `Bearer ${auditorToken}` })).status).toBe(403);
    expect((await refused({})).status).toBe(401);
    for (const role of ['attendee', 'moderator'] as const) {
      const { cookie } = await joinAs(podium, role, `A ${role}`);
      expect((await refused({ cookie })).status, role).toBe(403);
      const asRole = govClient(podium, { cookie });
      expect((await asRole('GET', '/personas')).status, role).toBe(403);
      expect((await asRole('GET', `/personas/${PERSONA}`)).status, role).toBe(403);
    }
    const admin = await fetch(new URL(`/api/governance/personas/${PERSONA}/avatar`, podium.url), {
      method: 'POST',
      headers: { ...podium.adminHeaders, 'content-type': 'model/gltf-binary' },
      body: new Blob([new Uint8Array(MALE)]),
    });
    expect(admin.status).toBe(201);
  });

  it('records each avatar change in the audit trail', async () => {
    const res = await auditor<{ entries: AuditEntryDto[] }>('GET', '/audit/entries?from=0&limit=1000');
    const avatar = res.body.entries
      .map((e) => e.entry)
      .filter((e) => e['kind'] === 'governance' && e['event'] === 'persona.avatar-changed');
    expect(avatar.map((e) => (e['data'] as { sha256: string }).sha256)).toEqual([
      sha256(MALE),
      sha256(FEMALE),
      sha256(MALE),
    ]);
    expect(avatar[0]).toMatchObject({
      subject: { personaId: PERSONA },
      data: { previous: null, bytes: MALE.length },
    });
    expect(avatar[2]!['actor']).toBe('admin');
  });
});
