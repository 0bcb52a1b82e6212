import type { Citation, Composer, ComposeRequest, Composition, Segment } from './types.ts';
import { framingFor, noApprovedPositionNotice } from './framing.ts';

/** Builds the citation list, reusing an entry when the same span is cited twice. */
export class CitationList {
  readonly items: Citation[] = [];
  constructor(private readonly request: ComposeRequest) {}
  add(docIndex: number, start: number, end: number): number {
    const doc = this.request.persona.documents[docIndex]!;
    const found = this.items.findIndex((c) => c.doc === doc.file && c.start === start && c.end === end);
    if (found >= 0) return found;
    this.items.push({
      doc: doc.file,
      title: doc.title,
      date: doc.date,
      quote: doc.body.slice(start, end),
      start,
      end,
      version: doc.version,
      hash: doc.hash,
    });
    return this.items.length - 1;
  }
}

/**
 * The default composer: approved sentences quoted verbatim, introduced by framing built from the
 * source's title and date. It has no way to state anything that is not in the corpus.
 */
export function extractiveComposer(): Composer {
  return {
    mode: 'extractive',
    compose(request: ComposeRequest): Promise<Composition> {
      const citations = new CitationList(request);
      const segments: Segment[] = [];
      const framed = new Set<number>();
      let lastDoc: number | undefined;
      const quoted = new Set<string>();
      for (const part of request.parts) {
        if (part.passages.length === 0) {
          segments.push({
            kind: 'notice',
            text: noApprovedPositionNotice(part.ordinal, request.parts.length),
          });
          lastDoc = undefined;
          continue;
        }
        for (const p of part.passages) {
          const key = `${p.docIndex}:${p.start}:${p.end}`;
          if (quoted.has(key)) continue; // two parts answered by the same sentence: say it once
          quoted.add(key);
          if (lastDoc !== p.docIndex) {
            segments.push({
              kind: 'framing',
              text: framingFor(request.persona.documents[p.docIndex]!, framed.has(p.docIndex)),
            });
            framed.add(p.docIndex);
          }
          const index = citations.add(p.docIndex, p.start, p.end);
          segments.push({ kind: 'quote', text: citations.items[index]!.quote, citations: [index] });
          lastDoc = p.docIndex;
        }
      }
      return Promise.resolve({
        mode: 'extractive',
        text: segments.map((s) => s.text).join(' '),
        segments,
        citations: citations.items,
      });
    },
  };
}
