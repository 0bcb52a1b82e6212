import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { PersonaError } from '../errors.ts';
import { SENSITIVE_TOPIC_IDS } from '../guardrails/topics.ts';
import { defaultTwinLogger } from '../logger.ts';
import { parseCorpusFile } from './parse-corpus-file.ts';
import { PERSONA_KNOWN_FIELDS, consentSchema, personaJsonSchema } from './schema.ts';
import type { ConsentRecord, CorpusDocument, LoadedPersona, PersonaWarning } from './types.ts';
import { parseOrThrow } from './zod-error.ts';

async function readText(path: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PersonaError(file, `cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PersonaError(file, `is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

function unknownFields(data: unknown, known: ReadonlySet<string>): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  return Object.keys(data).filter((k) => !known.has(k));
}

async function loadDocuments(dir: string, warnings: PersonaWarning[]): Promise<CorpusDocument[]> {
  const corpusDir = join(dir, 'corpus');
  let entries: string[];
  try {
    if (!(await stat(corpusDir)).isDirectory())
      throw new PersonaError('corpus/', 'must be a folder of Markdown documents');
    entries = await readdir(corpusDir);
  } catch (err) {
    if (err instanceof PersonaError) throw err;
    throw new PersonaError('corpus/', 'folder not found (approved documents go in corpus/*.md)', {
      cause: err,
    });
  }
  const files = entries.filter((f) => f.toLowerCase().endsWith('.md')).sort();
  if (files.length === 0) throw new PersonaError('corpus/', 'contains no approved documents (*.md)');
  const documents: CorpusDocument[] = [];
  const byHash = new Map<string, string>();
  for (const file of files) {
    const label = `corpus/${file}`;
    const raw = (await readText(join(corpusDir, file), label)) ?? '';
    const built = parseCorpusFile(file, raw);
    const twin = byHash.get(built.document.hash);
    if (twin)
      warnings.push({
        file: label,
        message: `has the same body as corpus/${twin} (sha256 ${built.document.hash.slice(0, 12)})`,
      });
    byHash.set(built.document.hash, file);
    warnings.push(...built.warnings);
    documents.push(built.document);
  }
  return documents;
}

/**
 * Loads and validates a persona folder: persona.json, corpus/*.md, optional consent.json.
 * Throws PersonaError naming the file and field; returns warnings (also logged) for what was ignored.
 */
export async function loadPersona(dirInput: string, opts: { logger?: Logger } = {}): Promise<LoadedPersona> {
  const dir = resolve(dirInput);
  const log = (opts.logger ?? defaultTwinLogger()).child({ module: 'twin.persona' });
  const warnings: PersonaWarning[] = [];

  const personaText = await readText(join(dir, 'persona.json'), 'persona.json');
  if (personaText === undefined) throw new PersonaError('persona.json', `not found in ${dir}`);
  const personaData = parseJson(personaText, 'persona.json');
  const p = parseOrThrow(personaJsonSchema, personaData, 'persona.json', 'field');
  for (const field of unknownFields(personaData, PERSONA_KNOWN_FIELDS)) {
    warnings.push({ file: 'persona.json', message: `field "${field}" is not known and was ignored` });
  }

  const documents = await loadDocuments(dir, warnings);

  let consent: ConsentRecord | undefined;
  const consentText = await readText(join(dir, 'consent.json'), 'consent.json');
  if (consentText !== undefined) {
    consent = parseOrThrow(consentSchema, parseJson(consentText, 'consent.json'), 'consent.json', 'field');
    if (consent.subject !== p.id) {
      throw new PersonaError(
        'consent.json',
        `field "subject" must be the persona id "${p.id}", got ${JSON.stringify(consent.subject)}`,
        {
          field: 'subject',
        },
      );
    }
  }

  for (const w of warnings) log.warn({ persona: p.id, file: w.file, detail: w.message }, 'persona warning');

  const persona: LoadedPersona = {
    dir,
    id: p.id,
    name: p.name,
    title: p.title,
    deferral: p.deferral ?? `I don't have an approved position from ${p.name} on that.`,
    escalation: p.escalation ?? `I've passed your question to ${p.name}'s team.`,
    disclosure:
      p.disclosure ?? `I'm an AI twin of ${p.name}, and I can only share statements ${p.name} has approved.`,
    sensitiveTopics: p.sensitiveTopics ?? [...SENSITIVE_TOPIC_IDS],
    documents,
    warnings,
  };
  if (p.organization !== undefined) persona.organization = p.organization;
  if (p.greeting !== undefined) persona.greeting = p.greeting;
  if (p.voice !== undefined)
    persona.voice =
      p.voice.rate === undefined
        ? { provider: p.voice.provider, voice: p.voice.voice }
        : { ...p.voice, rate: p.voice.rate };
  if (p.avatar !== undefined) persona.avatar = p.avatar;
  if (consent !== undefined) persona.consent = consent;
  return persona;
}
