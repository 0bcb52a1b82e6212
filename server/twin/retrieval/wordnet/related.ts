import { POSES, type Pointer, type WordNetDatabase } from './database.ts';
import { baseForms } from './morphy.ts';

/**
 * How much a related word counts as evidence for the asked word, by relation. A synonym in one of
 * the word's common senses is nearly the same statement; the same word family (parent/parental,
 * heavy/weight) close to it; a more specific word in the passage ("money" asked, "fund" stated)
 * supports it less, and a more general one ("tulips" asked, "flowers" stated) least.
 */
export const RELATION_CREDIT = {
  synonym: 0.8,
  derived: 0.75,
  similar: 0.6,
  hyponym: 0.6,
  hypernym: 0.5,
} as const;

// Senses are listed most frequent first; rarer senses are weaker evidence, and past the third a
// word's meaning is too far from how people use it to count at all.
// An inflected form read back to its lemma ("glasses" → "glass") is nearly, not exactly, the word.
const BASE_FORM_CREDIT = 0.9;
const SENSE_FACTOR = [1, 0.9, 0.8];
// A concept with many kinds under it ("person", "activity") says little about any one of them.
const MAX_HYPONYMS = 25;

const DERIVATION = new Set(['+', '\\', '=', '<']);
const SIMILAR = new Set(['&', '^', '$']);
const HYPERNYM = new Set(['@', '@i']);
const HYPONYM = new Set(['~', '~i']);

function targetWords(db: WordNetDatabase, p: Pointer): string[] {
  const t = db.synset(p.pos, p.offset);
  return p.target > 0 ? [t.words[p.target - 1]!] : t.words;
}

/**
 * Words WordNet relates to a (lower-case, possibly inflected) word, each with the credit it earns
 * as evidence for the word: synonyms, word-family members (derivations, pertainyms, attributes),
 * similar adjectives and verb groups, direct hyponyms and hypernyms — in the word's three most
 * common senses per part of speech. Antonyms are never included. Collocations keep their "_".
 */
export function relatedWords(db: WordNetDatabase, word: string): Map<string, number> {
  const out = new Map<string, number>();
  const put = (w: string, credit: number) => {
    if (w === word) return;
    if ((out.get(w) ?? 0) < credit) out.set(w, Number(credit.toFixed(3)));
  };
  for (const pos of POSES) {
    for (const base of baseForms(db, word, pos)) {
      if (base !== word) put(base, BASE_FORM_CREDIT);
      const senses = db.lemma(base, pos)!.senses.slice(0, SENSE_FACTOR.length);
      senses.forEach((offset, rank) => {
        const f = SENSE_FACTOR[rank]!;
        const s = db.synset(pos, offset);
        const self = s.words.indexOf(base) + 1;
        for (const w of s.words) if (w !== base) put(w, RELATION_CREDIT.synonym * f);
        const hyponyms = s.pointers.filter((p) => HYPONYM.has(p.symbol)).length;
        for (const p of s.pointers) {
          if (DERIVATION.has(p.symbol)) {
            // Lexical pointers belong to one word of the synset: the asked word's own family counts
            // fully, a synonym's family as much as the synonym.
            const via = p.source === 0 || p.source === self ? 1 : RELATION_CREDIT.synonym;
            for (const w of targetWords(db, p)) put(w, RELATION_CREDIT.derived * via * f);
          } else if (p.source !== 0 && p.source !== self) continue;
          else if (SIMILAR.has(p.symbol))
            for (const w of targetWords(db, p)) put(w, RELATION_CREDIT.similar * f);
          else if (HYPERNYM.has(p.symbol))
            for (const w of targetWords(db, p)) put(w, RELATION_CREDIT.hypernym * f);
          else if (HYPONYM.has(p.symbol) && hyponyms <= MAX_HYPONYMS)
            for (const w of targetWords(db, p)) put(w, RELATION_CREDIT.hyponym * f);
        }
      });
    }
  }
  return out;
}

/**
 * Opposites of a word in its three most common senses per part of speech: WordNet's direct
 * antonyms ("significant" ↔ "insignificant", "soft" ↔ "hard") and, for an adjective that is a
 * satellite of a head adjective, the head's antonyms ("tiny" → small ↔ large).
 */
export function oppositeWords(db: WordNetDatabase, word: string): Set<string> {
  const out = new Set<string>();
  for (const pos of POSES) {
    for (const base of baseForms(db, word, pos)) {
      for (const offset of db.lemma(base, pos)!.senses.slice(0, SENSE_FACTOR.length)) {
        const s = db.synset(pos, offset);
        const self = s.words.indexOf(base) + 1;
        for (const p of s.pointers) {
          if (p.symbol === '!' && (p.source === 0 || p.source === self))
            for (const w of targetWords(db, p)) out.add(w);
          if (p.symbol === '&' && pos === 'a') {
            const head = db.synset(p.pos, p.offset);
            for (const hp of head.pointers)
              if (hp.symbol === '!') for (const w of targetWords(db, hp)) out.add(w);
          }
        }
      }
    }
  }
  out.delete(word);
  return out;
}
