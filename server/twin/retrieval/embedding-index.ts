import type { EmbeddingProvider } from '../llm/types.ts';
import type { LexicalIndex } from './lexical-index.ts';

// Vectors per (model, document hash): a document that has not changed is never embedded twice,
// across brains in the same process (a persona reload re-embeds only edited documents).
const cache = new Map<string, Float32Array[]>();

/** Number of cached documents (for tests and diagnostics). */
export function embeddingCacheSize(): number {
  return cache.size;
}

function normalise(v: readonly number[]): Float32Array {
  const out = Float32Array.from(v);
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/** Dense retrieval over the same sentences as the lexical index. */
export class EmbeddingIndex {
  private constructor(
    private readonly provider: EmbeddingProvider,
    private readonly vectors: Float32Array[],
  ) {}

  /** Embeds every retrievable sentence (title as context), reusing cached documents. */
  static async build(
    lexical: LexicalIndex,
    provider: EmbeddingProvider,
    signal?: AbortSignal,
  ): Promise<EmbeddingIndex> {
    const vectors: Float32Array[] = new Array<Float32Array>(lexical.sentences.length);
    const byDoc = new Map<number, number[]>();
    for (const s of lexical.sentences) byDoc.set(s.docIndex, [...(byDoc.get(s.docIndex) ?? []), s.id]);
    for (const [docIndex, ids] of byDoc) {
      const doc = lexical.documents[docIndex]!;
      const key = `${provider.model}:${doc.hash}`;
      let docVectors = cache.get(key);
      if (!docVectors || docVectors.length !== ids.length) {
        const texts = ids.map((id) => {
          const s = lexical.sentences[id]!;
          return `${doc.title}: ${doc.body.slice(s.start, s.end)}`;
        });
        const raw: number[][] = [];
        for (let i = 0; i < texts.length; i += 64) {
          raw.push(...(await provider.embed(texts.slice(i, i + 64), signal ? { signal } : {})));
        }
        docVectors = raw.map(normalise);
        cache.set(key, docVectors);
      }
      ids.forEach((id, i) => (vectors[id] = docVectors[i]!));
    }
    return new EmbeddingIndex(provider, vectors);
  }

  /** Sentence ids by cosine similarity to the question, best first. */
  async query(
    question: string,
    limit: number,
    signal?: AbortSignal,
  ): Promise<{ id: number; similarity: number }[]> {
    const [q] = await this.provider.embed([question], signal ? { signal } : {});
    if (!q) return [];
    const qv = normalise(q);
    return this.vectors
      .map((v, id) => ({ id, similarity: dot(qv, v) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, limit);
  }
}
