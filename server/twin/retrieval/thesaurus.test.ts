import { describe, expect, it } from 'vitest';
import { measureTerms } from './measure.ts';
import { parseThesaurus, workplaceThesaurus } from './thesaurus.ts';

describe('workplace thesaurus', () => {
  it('loads the built-in file with every entry folded to one term', () => {
    const t = workplaceThesaurus();
    expect(t.get('monei')?.get('budget')).toBe(0.65);
    expect(t.get('job')?.get('role')).toBe(0.65);
    // Synonym-group words fold to their group's term.
    expect(t.get('job')?.has('job')).toBe(false);
  });

  it('rejects bad files with the group and the entry named', () => {
    expect(() => parseThesaurus('groups: [[money, "trade fair"]]')).toThrow(
      /groups\[0\]: "trade fair" must fold to one term/,
    );
    expect(() => parseThesaurus('groups: nope')).toThrow(/"groups" must be a list/);
    expect(() => parseThesaurus('credit: 2\ngroups: []')).toThrow(/"credit" must be a number/);
    expect(() => parseThesaurus('groups: [[money, 3]]')).toThrow(/entries must be non-empty strings/);
  });
});

describe('measurements', () => {
  it('tags a figure with a unit by kind', () => {
    expect(measureTerms('For flights of eight hours or more')).toEqual(['#duration']);
    expect(measureTerms('within 50 kilometres of an office')).toEqual(['#length']);
    expect(measureTerms('up to 500 euros per employee')).toEqual(['#money']);
    expect(measureTerms('it costs €40')).toEqual(['#money']);
    expect(measureTerms('Business class is not permitted.')).toEqual([]);
  });
});
