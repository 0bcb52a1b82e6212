import { scanForInstruction } from '../guardrails/instruction-scan.ts';
import type { CorpusDocument, CorpusSentence, PersonaWarning } from '../persona/types.ts';
import { contentHash, normalizeBody } from './normalize.ts';
import { splitSentences } from './sentences.ts';

export interface DocumentMeta {
  title: string;
  date: string;
  source: string;
  approvedBy: string;
  topics: string[];
  version: number;
}

/**
 * Normalises an approved body, hashes it, splits it into sentences and flags sentences that read
 * as instructions to a model (indirect prompt injection): those are kept for audit but excluded
 * from retrieval, and reported as warnings.
 */
export function buildDocument(
  file: string,
  meta: DocumentMeta,
  rawBody: string,
): { document: CorpusDocument; warnings: PersonaWarning[] } {
  const body = normalizeBody(rawBody);
  const warnings: PersonaWarning[] = [];
  const sentences: CorpusSentence[] = splitSentences(body).map((span) => {
    const finding =
      span.kind === 'sentence' ? scanForInstruction(body.slice(span.start, span.end)) : undefined;
    if (!finding) return { ...span };
    const preview = body.slice(span.start, Math.min(span.end, span.start + 80));
    warnings.push({
      file: `corpus/${file}`,
      message: `characters ${span.start}-${span.end} read as an instruction to a model (${finding.reason}), excluded from retrieval: "${preview}${span.end - span.start > 80 ? '…' : ''}"`,
    });
    return { ...span, excluded: `instruction:${finding.reason}` };
  });
  return { document: { file, ...meta, hash: contentHash(body), body, sentences }, warnings };
}
