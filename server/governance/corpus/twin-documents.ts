// Governance uses the twin engine's own corpus parser, so an uploaded document is validated,
// normalised, hashed and split exactly as loadPersona does for corpus/*.md files.
import { buildDocument, parseCorpusFile, type CorpusDocument } from '../../twin/index.ts';

/** The provenance of one version: what the front matter says (and the body) without the sentences. */
export interface DocumentContent {
  title: string;
  date: string;
  source: string;
  approvedBy: string;
  topics: string[];
  declaredVersion: number | null;
  body: string;
  hash: string;
}

export interface ParsedUpload {
  content: DocumentContent;
  warnings: string[];
}

/**
 * Parses an uploaded Markdown document (YAML front matter + approved text) with the twin engine's
 * own rules. Throws PersonaError whose message names the file and the field, e.g.
 * `corpus/a.md: front matter "date" must be an ISO date (yyyy-mm-dd), got "March"`.
 */
export function parseCorpusMarkdown(file: string, markdown: string): ParsedUpload {
  const parsed = parseCorpusFile(file, markdown);
  return {
    content: contentOf(parsed.document, parsed.declaredVersion),
    warnings: parsed.warnings.map((w) => `${w.file}: ${w.message}`),
  };
}

/** The content fields of a document the twin engine loaded from a folder. */
export function contentOf(doc: CorpusDocument, declaredVersion: number | null): DocumentContent {
  return {
    title: doc.title,
    date: doc.date,
    source: doc.source,
    approvedBy: doc.approvedBy,
    topics: [...doc.topics],
    declaredVersion,
    body: doc.body,
    hash: doc.hash,
  };
}

/**
 * The CorpusDocument the twin brain expects for a stored version (sentences recomputed by the
 * engine, so they always match the splitter in use). `version` is the registry's version number,
 * which citations then carry.
 */
export function toCorpusDocument(file: string, version: number, c: DocumentContent): CorpusDocument {
  const { document } = buildDocument(
    file,
    {
      title: c.title,
      date: c.date,
      source: c.source,
      approvedBy: c.approvedBy,
      topics: [...c.topics],
      version,
    },
    c.body,
  );
  return document;
}
