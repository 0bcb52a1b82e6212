import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntryDto,
  CorpusDiffDto,
  CorpusDocumentDto,
  CorpusListResponse,
  CorpusVersionDto,
  PersonaListResponse,
} from '../../common/governance.ts';
import { createGovernance, type CorpusChangedEvent } from '../../server/governance/index.ts';
import { admin, govClient, joinAs, staffClient, type Call } from '../../server/governance/testing/http.ts';
import { createTwinBrain, loadPersona } from '../../server/twin/index.ts';
import { postOnOwnConnection } from '../helpers/raw-post.ts';
import { requestJson, startTestServer, type TestPodium } from '../helpers/server.ts';

const PERSONA = 'marisol-quennell';
const PERSONA_DIR = new URL('../../assets/personas/marisol-quennell/', import.meta.url).pathname;

let podium: TestPodium;
let comms: Call;
let auditor: Call;
const events: CorpusChangedEvent[] = [];

beforeAll(async () => {
  podium = await startTestServer({ env: { PODIUM_MEDIA: 'none' } });
  comms = (await staffClient(podium, 'Rafael Alvarez', ['comms'])).call;
  auditor = (await staffClient(podium, 'Audit office', ['auditor'])).call;
  podium.governance.events.on('corpus.changed', (e) => events.push(e));
});
afterAll(() => podium?.close());

function markdown(fm: Record<string, string>, body: string): string {
  const lines = Object.entries(fm).map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

const RECHARGE = markdown(
  {
    title: '"Quiet Fridays in August"',
    date: '2026-06-02',
    source: '"All-hands, 2 June 2026"',
    approved_by: '"Marisol Quennell"',
    topics: '[quiet fridays, meetings]',
  },
  'Every Friday in August is a Quiet Friday: no internal meetings are scheduled on those days.\n\nTeams use the time for focused work and learning.',
);

/** Governance trail entries (kind governance) whose event starts with `prefix`, oldest first. */
async function trail(prefix: string): Promise<Record<string, unknown>[]> {
  const res = await auditor<{ entries: AuditEntryDto[] }>('GET', '/audit/entries?from=0&limit=1000');
  expect(res.status).toBe(200);
  return res.body.entries
    .map((e) => e.entry)
    .filter((e) => e['kind'] === 'governance' && String(e['event']).startsWith(prefix));
}

describe('corpus import on first start', () => {
  it('registers the demo persona and its documents as version 1, approved', async () => {
    expect(podium.governance.personaImport.imported).toEqual([PERSONA]);
    expect(podium.governance.personaImport.failed).toEqual([]);
    const loaded = await loadPersona(PERSONA_DIR, { logger: pino({ level: 'silent' }) });
    const list = await comms<CorpusListResponse>('GET', `/personas/${PERSONA}/corpus`);
    expect(list.status).toBe(200);
    expect(list.body.documents).toHaveLength(loaded.documents.length);
    for (const d of list.body.documents) {
      expect(d).toMatchObject({ activeVersion: 1, pendingVersions: [], versionCount: 1 });
      expect(d.latest).toMatchObject({
        status: 'approved',
        inUse: true,
        origin: 'folder',
        uploadedBy: 'system',
      });
    }
    const personas = await comms<PersonaListResponse>('GET', '/personas');
    expect(personas.body.personas.find((p) => p.id === PERSONA)?.corpus).toEqual({
      documents: loaded.documents.length,
      active: loaded.documents.length,
      pendingVersions: 0,
      withdrawn: 0,
    });
  });

  it('gives the twin runtime the same documents the engine loads from the folder', async () => {
    const loaded = await loadPersona(PERSONA_DIR, { logger: pino({ level: 'silent' }) });
    const active = await podium.governance.corpus.activeDocuments(PERSONA);
    // Same content, hash, sentences; the version is the registry's (a file's front matter may declare another).
    expect(active).toEqual(loaded.documents.map((d) => ({ ...d, version: 1 })));
    const declared = podium.governance.personaImport.versions.length;
    expect(declared).toBe(loaded.documents.length);
  });

  it('logs the import in the audit trail', async () => {
    const imported = await trail('persona.imported');
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({ actor: 'system', subject: { personaId: PERSONA } });
    const corpus = await trail('corpus.imported');
    expect(corpus).toHaveLength(1);
    expect((corpus[0]!['data'] as { documents: unknown[] }).documents).toHaveLength(
      podium.governance.personaImport.versions.length,
    );
  });
});

describe('upload, approve, withdraw', () => {
  it('uploads a new document as pending; approval puts it in use', async () => {
    events.length = 0;
    const up = await comms<CorpusVersionDto>('POST', `/personas/${PERSONA}/corpus`, {
      file: 'quiet-fridays.md',
      markdown: RECHARGE,
      note: 'From the June all-hands',
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      file: 'quiet-fridays.md',
      version: 1,
      status: 'pending',
      inUse: false,
      origin: 'upload',
      title: 'Quiet Fridays in August',
      date: '2026-06-02',
      approvedBy: 'Marisol Quennell',
      topics: ['quiet fridays', 'meetings'],
      note: 'From the June all-hands',
      approval: null,
    });
    expect(up.body.uploadedBy).toMatch(/^staff:st_\w+ \(Rafael Alvarez\)$/);
    expect(up.body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events).toEqual([
      expect.objectContaining({ personaId: PERSONA, change: 'uploaded', activeChanged: false }),
    ]);
    let active = await podium.governance.corpus.activeDocuments(PERSONA);
    expect(active.map((d) => d.file)).not.toContain('quiet-fridays.md');

    const ok = await comms<CorpusVersionDto>(
      'POST',
      `/personas/${PERSONA}/corpus/quiet-fridays.md/versions/1/approve`,
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', inUse: true });
    expect(ok.body.approval?.by).toMatch(/Rafael Alvarez/);
    expect(events.at(-1)).toMatchObject({
      change: 'approved',
      files: ['quiet-fridays.md'],
      version: 1,
      activeChanged: true,
    });
    active = await podium.governance.corpus.activeDocuments(PERSONA);
    const doc = active.find((d) => d.file === 'quiet-fridays.md');
    expect(doc).toMatchObject({ version: 1, hash: up.body.hash, title: 'Quiet Fridays in August' });
  });

  it('an edit becomes version 2, pending; the old version stays in use until it is approved', async () => {
    const edited = RECHARGE.replace('no internal meetings', 'no internal meetings or reviews');
    const up = await comms<CorpusVersionDto>('POST', `/personas/${PERSONA}/corpus`, {
      file: 'quiet-fridays.md',
      markdown: edited,
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ version: 2, status: 'pending', inUse: false });
    let doc = (await podium.governance.corpus.activeDocuments(PERSONA)).find(
      (d) => d.file === 'quiet-fridays.md',
    );
    expect(doc?.version).toBe(1);

    const ok = await comms<CorpusVersionDto>(
      'POST',
      `/personas/${PERSONA}/corpus/quiet-fridays.md/versions/2/approve`,
    );
    expect(ok.body).toMatchObject({ version: 2, status: 'approved', inUse: true });
    doc = (await podium.governance.corpus.activeDocuments(PERSONA)).find(
      (d) => d.file === 'quiet-fridays.md',
    );
    expect(doc?.version).toBe(2);
    expect(doc?.body).toContain('no internal meetings or reviews');

    const history = await auditor<CorpusDocumentDto>('GET', `/personas/${PERSONA}/corpus/quiet-fridays.md`);
    expect(history.status).toBe(200);
    expect(history.body.activeVersion).toBe(2);
    expect(history.body.versions.map((v) => [v.version, v.status, v.inUse])).toEqual([
      [1, 'approved', false],
      [2, 'approved', true],
    ]);
    expect(history.body.versions[0]!.body).toContain('no internal meetings are scheduled');

    const one = await auditor<CorpusVersionDto>(
      'GET',
      `/personas/${PERSONA}/corpus/quiet-fridays.md/versions/1`,
    );
    expect(one.body).toMatchObject({ version: 1, hash: history.body.versions[0]!.hash });
    expect((await podium.governance.corpus.version(PERSONA, 'quiet-fridays.md', 2)).body).toBe(doc?.body);
  });

  it('diffs two versions line by line', async () => {
    const d = await auditor<CorpusDiffDto>(
      'GET',
      `/personas/${PERSONA}/corpus/quiet-fridays.md/diff?from=1&to=2`,
    );
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ from: 1, to: 2, added: 1, removed: 1, minimal: true });
    expect(d.body.unified).toContain(
      '--- a/quiet-fridays.md (version 1)\n+++ b/quiet-fridays.md (version 2)\n@@',
    );
    expect(d.body.unified).toContain(
      '-Every Friday in August is a Quiet Friday: no internal meetings are scheduled on those days.\n' +
        '+Every Friday in August is a Quiet Friday: no internal meetings or reviews are scheduled on those days.',
    );
    // Defaults: the newest version against the one before it.
    const def = await auditor<CorpusDiffDto>('GET', `/personas/${PERSONA}/corpus/quiet-fridays.md/diff`);
    expect(def.body.unified).toBe(d.body.unified);
    const same = await auditor<CorpusDiffDto>(
      'GET',
      `/personas/${PERSONA}/corpus/quiet-fridays.md/diff?from=2&to=2`,
    );
    expect(same.body).toMatchObject({ unified: '', hunks: [], added: 0, removed: 0 });
    expect(
      (await auditor('GET', `/personas/${PERSONA}/corpus/quiet-fridays.md/diff?from=1&to=9`)).status,
    ).toBe(404);
    expect(
      (await auditor('GET', `/personas/${PERSONA}/corpus/quiet-fridays.md/diff?from=x`)).body.error?.message,
    ).toBe('from: must be a version number (1, 2, …)');
  });

  it('withdrawing a version puts the earlier approved one back; withdrawing the document stops it at once', async () => {
    events.length = 0;
    const one = await comms<CorpusDocumentDto>(
      'POST',
      `/personas/${PERSONA}/corpus/quiet-fridays.md/withdraw`,
      {
        reason: 'Reviews are still on',
        version: 2,
      },
    );
    expect(one.status).toBe(200);
    expect(one.body.activeVersion).toBe(1);
    expect(one.body.versions[1]).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'Reviews are still on' },
    });
    expect(
      (await podium.governance.corpus.activeDocuments(PERSONA)).find((d) => d.file === 'quiet-fridays.md')
        ?.version,
    ).toBe(1);

    const all = await comms<CorpusDocumentDto>(
      'POST',
      `/personas/${PERSONA}/corpus/quiet-fridays.md/withdraw`,
      {
        reason: 'Quiet Fridays are cancelled',
      },
    );
    expect(all.body.activeVersion).toBeNull();
    expect(all.body.versions.map((v) => v.status)).toEqual(['withdrawn', 'withdrawn']);
    expect(all.body.versions[0]!.withdrawal?.reason).toBe('Quiet Fridays are cancelled');
    expect(all.body.versions[1]!.withdrawal?.reason).toBe('Reviews are still on');
    expect(events.map((e) => [e.change, e.activeChanged])).toEqual([
      ['withdrawn', true],
      ['withdrawn', true],
    ]);
    const active = await podium.governance.corpus.activeDocuments(PERSONA);
    expect(active.map((d) => d.file)).not.toContain('quiet-fridays.md');
    const history = await auditor<CorpusDocumentDto>('GET', `/personas/${PERSONA}/corpus/quiet-fridays.md`);
    expect(history.body.versions).toHaveLength(2);

    const again = await comms('POST', `/personas/${PERSONA}/corpus/quiet-fridays.md/withdraw`, {
      reason: 'again',
    });
    expect(again.status).toBe(409);
    const approve = await comms('POST', `/personas/${PERSONA}/corpus/quiet-fridays.md/versions/1/approve`);
    expect(approve.status).toBe(409);
    expect(approve.body.error?.message).toBe(
      'quiet-fridays.md version 1 is withdrawn; only a pending version can be approved',
    );
  });

  it('a withdrawn demo document leaves the brain at once', async () => {
    const before = await podium.governance.corpus.activeDocuments(PERSONA);
    const target = before[0]!.file;
    const res = await comms<CorpusDocumentDto>('POST', `/personas/${PERSONA}/corpus/${target}/withdraw`, {
      reason: 'Superseded by the new policy',
    });
    expect(res.status).toBe(200);
    const after = await podium.governance.corpus.activeDocuments(PERSONA);
    expect(after.map((d) => d.file)).toEqual(before.map((d) => d.file).filter((f) => f !== target));
  });

  it('re-uploading a withdrawn document starts a new pending version', async () => {
    const up = await comms<CorpusVersionDto>('POST', `/personas/${PERSONA}/corpus`, {
      file: 'quiet-fridays.md',
      markdown: RECHARGE,
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ version: 3, status: 'pending' });
    const dup = await comms('POST', `/personas/${PERSONA}/corpus`, {
      file: 'quiet-fridays.md',
      markdown: RECHARGE,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error?.message).toBe(
      'quiet-fridays.md is identical to version 3 (pending); nothing to upload',
    );
  });

  it('accepts text/markdown with ?file= and refuses an approval older than the version in use', async () => {
    const url = (q: string) => `/api/governance/personas/${PERSONA}/corpus${q}`;
    const headers = { ...podium.adminHeaders, 'content-type': 'text/markdown; charset=utf-8' };
    const text = (body: string) => body.replace('2026-06-02', '2026-06-03');
    const r1 = await requestJson<CorpusVersionDto>(podium.url, url('?file=hybrid-note.md&note=first'), {
      method: 'POST',
      headers,
      body: text(RECHARGE),
    });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ file: 'hybrid-note.md', version: 1, note: 'first', uploadedBy: 'admin' });
    const r2 = await requestJson<CorpusVersionDto>(podium.url, url('?file=hybrid-note.md'), {
      method: 'POST',
      headers,
      body: text(RECHARGE).replace('learning', 'learning and rest'),
    });
    expect(r2.body.version).toBe(2);
    const a = admin(podium);
    expect((await a('POST', `/personas/${PERSONA}/corpus/hybrid-note.md/versions/2/approve`)).status).toBe(
      200,
    );
    const old = await a('POST', `/personas/${PERSONA}/corpus/hybrid-note.md/versions/1/approve`);
    expect(old.status).toBe(409);
    expect(old.body.error?.message).toBe(
      'hybrid-note.md version 1 is older than version 2, which is approved and in use',
    );
    const noFile = await requestJson(podium.url, url(''), { method: 'POST', headers, body: RECHARGE });
    expect(noFile.status).toBe(400);
    expect((noFile.body as { error: { message: string } }).error.message).toBe(
      'file: is required (send ?file=name.md with a text/markdown body)',
    );
  });

  it('records every change in the audit trail with actor and provenance', async () => {
    const uploads = await trail('corpus.uploaded');
    expect(uploads.length).toBe(5);
    expect(uploads[0]).toMatchObject({
      subject: { personaId: PERSONA, file: 'quiet-fridays.md' },
      data: {
        version: 1,
        title: 'Quiet Fridays in August',
        date: '2026-06-02',
        note: 'From the June all-hands',
      },
    });
    expect(String(uploads[0]!['actor'])).toMatch(/Rafael Alvarez/);
    const approvals = await trail('corpus.approved');
    expect(approvals.map((e) => (e['data'] as { version: number }).version)).toEqual([1, 2, 2]);
    expect(approvals[1]).toMatchObject({ data: { replaces: 1 } });
    const withdrawals = await trail('corpus.withdrawn');
    expect(withdrawals.map((e) => e['data'])).toEqual([
      { versions: [2], reason: 'Reviews are still on', activeBefore: 2, activeAfter: 1 },
      { versions: [1], reason: 'Quiet Fridays are cancelled', activeBefore: 1, activeAfter: null },
      expect.objectContaining({ versions: [1], reason: 'Superseded by the new policy', activeAfter: null }),
    ]);
    const verify = await auditor<{ ok: boolean }>('GET', '/audit/verify');
    expect(verify.body.ok).toBe(true);
  });
});

describe('validation', () => {
  const upload = (body: unknown) => comms('POST', `/personas/${PERSONA}/corpus`, body);
  const good = { file: 'x.md', markdown: RECHARGE };

  it('names the front matter field that is wrong', async () => {
    const cases: [unknown, string][] = [
      [
        { ...good, markdown: RECHARGE.replace(/title: .*\n/, '') },
        'corpus/x.md: front matter "title" is required',
      ],
      [
        { ...good, markdown: RECHARGE.replace('2026-06-02', 'June') },
        'corpus/x.md: front matter "date" must be an ISO date (yyyy-mm-dd), got "June"',
      ],
      [{ ...good, markdown: 'Just text.' }, 'corpus/x.md: missing YAML front matter'],
      [
        { ...good, markdown: RECHARGE.split('---\n').slice(0, 2).join('---\n') + '---\n' },
        'has no approved text',
      ],
      [{ ...good, markdown: RECHARGE.replace('topics: [', 'topics: [[') }, 'front matter is not valid YAML'],
    ];
    for (const [body, message] of cases) {
      const res = await upload(body);
      expect(res.status, message).toBe(400);
      expect(res.body.error?.code).toBe('invalid_request');
      expect(res.body.error?.message).toContain(message);
    }
  });

  it('refuses bad file names, missing fields, unknown fields, empty bodies and unknown personas', async () => {
    expect((await upload({ ...good, file: '../etc/passwd' })).body.error?.message).toMatch(
      /^file: must be a file name/,
    );
    expect((await upload({ ...good, file: 'notes.txt' })).body.error?.message).toMatch(
      /^file: must be a file name/,
    );
    expect((await upload({ file: 'x.md' })).body.error?.message).toBe('markdown: is required');
    expect((await upload({ ...good, extra: 1 })).body.error?.message).toBe('body: unknown field "extra"');
    expect((await upload({ ...good, markdown: '' })).body.error?.message).toBe('markdown: must not be empty');
    const unknown = await comms('POST', '/personas/nobody-here/corpus', good);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toBe('Persona nobody-here not found');
    expect((await comms('GET', `/personas/${PERSONA}/corpus/missing.md`)).status).toBe(404);
    expect((await comms('GET', '/personas/Not_Kebab/corpus')).status).toBe(400);
    expect((await comms('POST', `/personas/${PERSONA}/corpus/missing.md/versions/1/approve`)).status).toBe(
      404,
    );
    expect(
      (await comms('POST', `/personas/${PERSONA}/corpus/missing.md/withdraw`, {})).body.error?.message,
    ).toBe('reason: is required');
  });

  it('refuses form posts (415) and bodies over 512 KiB (413), and stores nothing', async () => {
    const form = await requestJson(podium.url, `/api/governance/personas/${PERSONA}/corpus`, {
      method: 'POST',
      headers: { ...podium.adminHeaders, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'file=x.md',
    });
    expect(form.status).toBe(415);
    const big = RECHARGE + 'Long paragraph of approved text. '.repeat(17_000);
    const res = await postOnOwnConnection(
      `${podium.url}/api/governance/personas/${PERSONA}/corpus`,
      { ...podium.adminHeaders, 'content-type': 'application/json' },
      JSON.stringify({ file: 'big.md', markdown: big }),
    );
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: { code: 'payload_too_large', message: 'Request body is larger than 512 KiB' },
    });
    // A document just under the limit is fine (larger than the 64 KiB JSON default).
    const large = RECHARGE + 'Long paragraph of approved text. '.repeat(6_000);
    expect((await upload({ file: 'large.md', markdown: large })).status).toBe(201);
    expect((await comms('GET', `/personas/${PERSONA}/corpus/big.md`)).status).toBe(404);
  });
});

describe('who may', () => {
  it('refuses attendees and moderators, and lets auditors read but not change', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/personas'],
      ['GET', `/personas/${PERSONA}`],
      ['GET', `/personas/${PERSONA}/corpus`],
      ['GET', `/personas/${PERSONA}/corpus/quiet-fridays.md`],
      ['GET', `/personas/${PERSONA}/corpus/quiet-fridays.md/diff`],
      ['POST', `/personas/${PERSONA}/corpus`, { file: 'y.md', markdown: RECHARGE }],
      ['POST', `/personas/${PERSONA}/corpus/quiet-fridays.md/versions/3/approve`],
      ['POST', `/personas/${PERSONA}/corpus/quiet-fridays.md/withdraw`, { reason: 'no' }],
    ];
    for (const role of ['attendee', 'moderator'] as const) {
      const { cookie } = await joinAs(podium, role, `A ${role}`);
      const asRole = govClient(podium, { cookie });
      for (const [method, path, body] of routes) {
        const res = await asRole(method, path, body);
        expect(res.status, `${role} ${method} ${path}`).toBe(403);
      }
    }
    const nobody = govClient(podium, {});
    expect((await nobody('GET', `/personas/${PERSONA}/corpus`)).status).toBe(401);
    for (const [method, path, body] of routes) {
      const res = await auditor(method, path, body);
      expect(res.status, `auditor ${method} ${path}`).toBe(method === 'GET' ? 200 : 403);
    }
    const control = (await staffClient(podium, 'Stage manager', ['control'])).call;
    expect(
      (await control('POST', `/personas/${PERSONA}/corpus/quiet-fridays.md/versions/3/approve`)).status,
    ).toBe(403);
    // Nothing changed: version 3 is still pending.
    const doc = await auditor<CorpusDocumentDto>('GET', `/personas/${PERSONA}/corpus/quiet-fridays.md`);
    expect(doc.body.versions.at(-1)?.status).toBe('pending');
    expect((await auditor('GET', `/personas/${PERSONA}/corpus/y.md`)).status).toBe(404);
  });
});

describe('re-import from the folder', () => {
  it('adds a pending version for a changed or new file, and never brings back a withdrawn one', async () => {
    // A second governance instance on the test server's database (as a second app instance would
    // be), importing from a folder of its own.
    const root = mkdtempSync(join(tmpdir(), 'podium-personas-'));
    const log = pino({ level: 'silent' });
    const open = () =>
      createGovernance({
        db: podium.store.db,
        log,
        dataDir: podium.dataDir,
        sessionSecret: podium.config.sessionSecret,
        podiumVersion: '0.0.0-test',
        personasDir: root,
      });
    try {
      cpSync(
        new URL('../../server/twin/persona/fixtures/pat-doe/', import.meta.url).pathname,
        join(root, 'pat-doe'),
        {
          recursive: true,
        },
      );
      const first = await open();
      const files = (await first.corpus.activeDocuments('pat-doe')).map((d) => d.file);
      expect(first.personaImport.imported).toEqual(['pat-doe']);
      expect(first.personaImport.versions.every((v) => v.status === 'approved' && v.version === 1)).toBe(
        true,
      );
      await first.corpus.withdraw('pat-doe', files[0]!, { reason: 'outdated' }, 'admin');
      await first.close();

      // Unchanged folder: nothing happens.
      const second = await open();
      expect(second.personaImport).toEqual({ imported: [], updated: [], versions: [], failed: [] });
      await second.close();

      // Edit one file (and the withdrawn one is untouched), add a new one, change persona.json.
      const corpusDir = join(root, 'pat-doe', 'corpus');
      const editedFile = files[1]!;
      const edited = readFileSync(join(corpusDir, editedFile), 'utf8').replace(
        /\n*$/,
        '\n\nOne more approved sentence.\n',
      );
      writeFileSync(join(corpusDir, editedFile), edited);
      writeFileSync(join(corpusDir, 'zz-new.md'), RECHARGE);
      const personaJson = JSON.parse(readFileSync(join(root, 'pat-doe', 'persona.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      writeFileSync(
        join(root, 'pat-doe', 'persona.json'),
        JSON.stringify({ ...personaJson, title: 'Chief Pat' }),
      );
      const changed: CorpusChangedEvent[] = [];
      const third = await open();
      third.events.on('corpus.changed', (e) => changed.push(e));
      expect(third.personaImport.updated).toEqual(['pat-doe']);
      expect(third.personaImport.versions).toEqual([
        expect.objectContaining({ file: editedFile, version: 2, status: 'pending' }),
        expect.objectContaining({ file: 'zz-new.md', version: 1, status: 'pending' }),
      ]);
      const active = (await third.corpus.activeDocuments('pat-doe')).map((d) => [d.file, d.version]);
      expect(active).toEqual(files.slice(1).map((f) => [f, 1]));
      expect((await third.personas.get('pat-doe')).title).toBe('Chief Pat');
      expect((await third.corpus.document('pat-doe', editedFile)).versions[1]).toMatchObject({
        origin: 'folder',
        uploadedBy: 'system',
        note: 'changed on disk',
      });
      await third.corpus.approve('pat-doe', editedFile, 2, 'admin');
      expect(changed).toEqual([expect.objectContaining({ change: 'approved', activeChanged: true })]);
      await third.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

// Last: loading WordNet for the brain blocks this process (client and server) for seconds, which
// would let the server's keep-alive timer close sockets the test client is about to reuse.
describe('the twin quotes the registry', () => {
  it('answers from an approved upload, citing the registry version and hash', async () => {
    const up = await comms<CorpusVersionDto>('POST', `/personas/${PERSONA}/corpus`, {
      file: 'summer-hours.md',
      markdown: RECHARGE.replace('Quiet Fridays in August', 'Summer hours').replace(
        'Every Friday in August is a Quiet Friday: no internal meetings are scheduled on those days.',
        'During July the offices close at three in the afternoon on Thursdays.',
      ),
    });
    expect(up.status).toBe(201);
    expect(
      (await comms('POST', `/personas/${PERSONA}/corpus/summer-hours.md/versions/1/approve`)).status,
    ).toBe(200);
    const active = await podium.governance.corpus.activeDocuments(PERSONA);
    const loaded = await loadPersona(PERSONA_DIR, { logger: pino({ level: 'silent' }) });
    const brain = await createTwinBrain({ persona: { ...loaded, documents: active }, openai: false });
    const answer = await brain.ask('When do the offices close on Thursdays in July?', {
      now: new Date('2026-07-01'),
    });
    expect(answer.decision).toBe('answer');
    expect(answer.citations[0]).toMatchObject({ doc: 'summer-hours.md', version: 1, hash: up.body.hash });
    // The withdrawn document is not quoted.
    const quiet = await brain.ask('Are there meetings on Fridays in August?', {
      now: new Date('2026-07-01'),
    });
    expect(quiet.citations.map((c) => c.doc)).not.toContain('quiet-fridays.md');
  });
});
