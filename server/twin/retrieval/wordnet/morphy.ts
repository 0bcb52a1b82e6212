import { IRREGULAR } from '../irregular.ts';
import type { Pos, WordNetDatabase } from './database.ts';

// WordNet's "morphy" detachment rules: the base forms an inflected word may come from, per part
// of speech. Irregular forms come from our own table (the package ships no exception lists).
const RULES: Record<Pos, readonly (readonly [string, string])[]> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

// The irregular table is mostly verbs ("kept" → keep); these are its plural nouns and comparatives,
// so that "kept" is never read as the noun "keep" (a livelihood).
const IRREGULAR_NOUNS = new Set(['children', 'men', 'women', 'mice', 'feet', 'teeth', 'geese']);
const IRREGULAR_ADJECTIVES = new Set([
  'better',
  'best',
  'worse',
  'worst',
  'larger',
  'largest',
  'greater',
  'greatest',
]);

function irregularPos(word: string): Pos {
  if (IRREGULAR_NOUNS.has(word)) return 'n';
  return IRREGULAR_ADJECTIVES.has(word) ? 'a' : 'v';
}

/**
 * Base forms of a lower-case word that WordNet lists in the given part of speech, the word itself
 * first ("planned" → plan as a verb). "Bother" is never read as a comparative of "both", nor
 * "number" of "numb".
 */
export function baseForms(db: WordNetDatabase, word: string, pos: Pos): string[] {
  const out: string[] = [];
  const add = (w: string) => {
    if (w.length > 1 && !out.includes(w) && db.lemma(w, pos)) out.push(w);
  };
  add(word);
  const irregular = IRREGULAR.get(word);
  if (irregular && irregularPos(word) === pos) add(irregular);
  // Detach only from a word this part of speech does not list; comparatives only from a word no
  // part of speech lists ("bother", "number" and "manager" are not comparatives).
  if (db.lemma(word, pos) || (pos === 'a' && db.has(word))) return out;
  for (const [suffix, repl] of RULES[pos]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix))
      add(word.slice(0, word.length - suffix.length) + repl);
  }
  // Doubled final consonant before -ed/-ing ("planned", "shipping").
  const doubled = /^(.*([bdgklmnprtz]))\2(?:ed|ing)$/.exec(word);
  if (doubled && pos === 'v') add(doubled[1]!);
  return out;
}
