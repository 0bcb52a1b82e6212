import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../store/index.ts';
import { loadPersona, type LoadedPersona } from '../../twin/index.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { CorpusRegistry, ImportedVersion } from '../corpus/corpus-registry.ts';
import type { PersonaRegistry } from './persona-registry.ts';

export interface PersonaImportResult {
  /** Personas seen for the first time (their documents became version 1, approved). */
  imported: string[];
  /** Known personas whose persona.json changed. */
  updated: string[];
  /** New document versions (pending for known personas), per persona. */
  versions: { personaId: string; file: string; version: number; status: 'approved' | 'pending' }[];
  /** Folders the twin engine refused (the message names the file and field). */
  failed: { dir: string; message: string }[];
}

export interface ImportPersonasOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  personas: PersonaRegistry;
  corpus: CorpusRegistry;
  personasDir: string;
  log: Logger;
}

/**
 * Imports every persona folder (`personasDir/<id>/persona.json` + `corpus/*.md`), validated by the
 * twin engine's loadPersona. Idempotent: a persona's first import registers it and its documents as
 * version 1, approved; later starts add a pending version only for a document whose content changed
 * on disk (or a new file). The registry is the authority afterwards: a withdrawn document is not
 * brought back by a restart, and deleting a file withdraws nothing.
 */
export async function importPersonaFolders(opts: ImportPersonasOptions): Promise<PersonaImportResult> {
  const log = opts.log.child({ module: 'governance.personas' });
  const result: PersonaImportResult = { imported: [], updated: [], versions: [], failed: [] };
  let dirs: string[];
  try {
    dirs = (await readdir(opts.personasDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch (err) {
    log.warn({ err, personasDir: opts.personasDir }, 'personas folder not readable; no persona imported');
    return result;
  }
  for (const dir of dirs) {
    let persona: LoadedPersona;
    try {
      persona = await loadPersona(join(opts.personasDir, dir), { logger: opts.log });
    } catch (err) {
      result.failed.push({ dir, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const done = await opts.db.transaction().execute(async (t) => {
      const profile = await opts.personas.importProfile(t, persona, dir);
      const corpus = await opts.corpus.importDocuments(
        t,
        persona.id,
        persona.documents,
        profile.change === 'imported',
      );
      return { profile, corpus };
    });
    for (const a of [done.profile.appended, done.corpus.appended])
      if (a) opts.audit.announce(a, 'governance');
    if (done.profile.change === 'imported') result.imported.push(persona.id);
    if (done.profile.change === 'updated') result.updated.push(persona.id);
    result.versions.push(
      ...done.corpus.imported.map((v: ImportedVersion) => ({ personaId: persona.id, ...v })),
    );
    if (done.profile.change) await opts.personas.announceProfile(persona.id, done.profile.change);
    opts.corpus.announceImport(persona.id, done.corpus.imported);
  }
  for (const f of result.failed)
    log.error({ persona: f.dir, problem: f.message }, 'persona folder not imported');
  if (result.imported.length > 0) log.info({ personas: result.imported }, 'personas imported from folders');
  const pending = result.versions.filter((v) => v.status === 'pending');
  if (pending.length > 0)
    log.warn(
      { versions: pending.map((v) => `${v.personaId}/${v.file} v${v.version}`) },
      'corpus files changed on disk: new versions wait for approval',
    );
  return result;
}
