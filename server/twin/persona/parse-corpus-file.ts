import { buildDocument } from '../corpus/build-document.ts';
import { PersonaError } from '../errors.ts';
import { splitFrontMatter } from './front-matter.ts';
import { FRONT_MATTER_KNOWN_FIELDS, frontMatterSchema } from './schema.ts';
import type { CorpusDocument, PersonaWarning } from './types.ts';
import { parseOrThrow } from './zod-error.ts';

export interface ParsedCorpusFile {
  document: CorpusDocument;
  /** The front matter's own `version`, when it declares one. */
  declaredVersion: number | null;
  warnings: PersonaWarning[];
}

/**
 * One approved document (`corpus/<file>`: YAML front matter + approved text), validated, normalised,
 * hashed and split into sentences — the one parser for a persona folder and for uploads to the
 * corpus registry. Throws PersonaError naming the file and field.
 */
export function parseCorpusFile(file: string, raw: string): ParsedCorpusFile {
  const label = `corpus/${file}`;
  const { data, body } = splitFrontMatter(raw, label);
  const fm = parseOrThrow(frontMatterSchema, data, label, 'front matter');
  const warnings: PersonaWarning[] = [];
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    for (const field of Object.keys(data)) {
      if (!FRONT_MATTER_KNOWN_FIELDS.has(field))
        warnings.push({ file: label, message: `front matter field "${field}" is not known and was ignored` });
    }
  }
  const built = buildDocument(
    file,
    {
      title: fm.title,
      date: fm.date,
      source: fm.source,
      approvedBy: fm.approved_by,
      topics: fm.topics ?? [],
      version: fm.version ?? 1,
    },
    body,
  );
  if (built.document.body.trim().length === 0)
    throw new PersonaError(label, 'has no approved text after the front matter');
  if (!built.document.sentences.some((s) => s.kind === 'sentence'))
    throw new PersonaError(label, 'has no sentences after the front matter (headings only)');
  warnings.push(...built.warnings);
  return { document: built.document, declaredVersion: fm.version ?? null, warnings };
}
