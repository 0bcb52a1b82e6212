import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { TwinError } from '../errors.ts';
import { analyze } from './analyze.ts';

/** Folded question term → folded related terms, each with the credit it earns as evidence. */
export type Thesaurus = ReadonlyMap<string, ReadonlyMap<string, number>>;

const FILE = new URL('./workplace-thesaurus.yaml', import.meta.url);
const DEFAULT_CREDIT = 0.65;

/** The single folded term a thesaurus entry stands for, or an error naming the entry. */
function foldEntry(entry: unknown, where: string): string {
  if (typeof entry !== 'string' || entry.trim().length === 0)
    throw new TwinError('thesaurus_invalid', `${where}: entries must be non-empty strings`);
  const tokens = analyze(entry).filter((t) => t.kind === 'content');
  if (tokens.length !== 1)
    throw new TwinError(
      'thesaurus_invalid',
      `${where}: "${entry}" must fold to one term (a word or a synonym-group phrase), got ${tokens.length}`,
    );
  return tokens[0]!.term;
}

/**
 * Parses the workplace thesaurus (see workplace-thesaurus.yaml): groups of related all-hands words,
 * each word partial evidence for the others. Errors name the group and the entry.
 */
export function parseThesaurus(text: string, file = 'workplace-thesaurus.yaml'): Thesaurus {
  const doc = parse(text) as { credit?: unknown; groups?: unknown } | null;
  const credit = doc?.credit ?? DEFAULT_CREDIT;
  if (typeof credit !== 'number' || !(credit > 0 && credit < 1))
    throw new TwinError('thesaurus_invalid', `${file}: "credit" must be a number between 0 and 1`);
  if (!Array.isArray(doc?.groups))
    throw new TwinError('thesaurus_invalid', `${file}: "groups" must be a list of word lists`);
  const out = new Map<string, Map<string, number>>();
  doc.groups.forEach((group: unknown, i) => {
    const where = `${file}: groups[${i}]`;
    if (!Array.isArray(group)) throw new TwinError('thesaurus_invalid', `${where}: must be a list of words`);
    const terms = [...new Set(group.map((e) => foldEntry(e, where)))];
    for (const a of terms) {
      const related = out.get(a) ?? new Map<string, number>();
      for (const b of terms) if (b !== a) related.set(b, credit);
      out.set(a, related);
    }
  });
  return out;
}

let shared: Thesaurus | undefined;

/** The built-in workplace thesaurus, read once per process. */
export function workplaceThesaurus(): Thesaurus {
  shared ??= parseThesaurus(readFileSync(FILE, 'utf8'));
  return shared;
}
