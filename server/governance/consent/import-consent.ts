import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { formatZodError } from '../../http/index.ts';
import type { ConsentRegistry } from './registry.ts';
import { consentFileSchema } from './schema.ts';

export interface ImportResult {
  imported: string[];
  skipped: string[];
  failed: { dir: string; message: string }[];
}

/**
 * Imports each persona's consent.json (under `personasDir/<persona>/`) the first time the registry
 * has no record for that persona. After that the registry is the authority: editing the file does
 * not change consent, and a revoked consent is never brought back by a restart.
 */
export async function importConsentFiles(
  registry: ConsentRegistry,
  personasDir: string,
  log: Logger,
): Promise<ImportResult> {
  const result: ImportResult = { imported: [], skipped: [], failed: [] };
  let dirs: string[];
  try {
    dirs = (await readdir(personasDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (err) {
    log.warn({ err, personasDir }, 'personas folder not readable; no consent imported');
    return result;
  }
  for (const dir of dirs.sort()) {
    const file = join(personasDir, dir, 'consent.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue; // a persona without consent.json (rehearsal only)
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      result.failed.push({ dir, message: `consent.json is not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const parsed = consentFileSchema.safeParse(data);
    if (!parsed.success) {
      result.failed.push({ dir, message: `consent.json: ${formatZodError(parsed.error, data)}` });
      continue;
    }
    const c = parsed.data;
    if ((await registry.list(c.subject)).length > 0) {
      result.skipped.push(c.subject);
      continue;
    }
    const record = await registry.record(
      {
        personaId: c.subject,
        grantedBy: c.grantedBy,
        delegates: c.delegates,
        signedBy: c.grantedBy,
        signedAt: c.signedAt,
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        scope: c.scope,
      },
      'system',
      'consent.json',
    );
    if (c.revokedAt !== null) {
      await registry.revoke(
        record.id,
        { revokedBy: c.grantedBy, reason: 'revoked in consent.json' },
        'system',
      );
    }
    result.imported.push(c.subject);
  }
  for (const f of result.failed)
    log.error({ persona: f.dir, problem: f.message }, 'consent.json not imported');
  if (result.imported.length > 0)
    log.info({ personas: result.imported }, 'consent imported from consent.json');
  return result;
}
