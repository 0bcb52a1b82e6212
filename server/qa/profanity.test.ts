import { describe, expect, it } from 'vitest';
import { checkProfanity, normalizeForFilter } from './profanity.ts';

const flagged = (text: string) => checkProfanity(text).flagged;

describe('profanity filter', () => {
  it('flags listed words and their common endings', () => {
    for (const text of [
      'What the fuck is going on?',
      'This plan is bullshit',
      'Fucking finally',
      'Why is the roadmap so shitty?',
      'Total bastards',
      'Stop being such a dickhead',
      'MOTHERFUCKER',
      'are we retarded',
    ]) {
      expect(flagged(text), text).toBe(true);
    }
    expect(checkProfanity('holy shit, fuck this').matches.sort()).toEqual(['fuck', 'shit']);
  });

  it('sees through leetspeak, repeats, masking, separators, spacing and look-alikes', () => {
    for (const text of [
      'sh1t happens',
      '$hit',
      '5h!t',
      'fuuuuuck',
      'f*ck that',
      'f**k',
      'b*tch',
      'f.u.c.k',
      'f-u-c-k this',
      'what the f u c k',
      'ＦＵＣＫ',
      'fuсk', // Cyrillic с
      'fü©k'.replace('©', 'c'),
      'f\u200Buck',
      'a$$hole',
      '@sshole',
    ]) {
      expect(flagged(text), text).toBe(true);
    }
  });

  it('leaves ordinary words alone, including ones that contain a listed word', () => {
    for (const text of [
      'When does the Scunthorpe office open?',
      'Can we assess the class schedule?',
      'I assume the assessment covers Essex and Sussex',
      'Shiitake mushrooms in the cafeteria?',
      'Is the cocktail party still on?',
      'Let’s hit the targets: what is the plan?',
      'Is it a hit?',
      'Dickens reading group',
      'Will the therapist benefit stay?',
      'Analysis of the Q3 numbers',
      'Spicy food at the offsite, please',
      'Pass the hat, then the hole in one',
      'Why did shipping slip? A chink in the supply chain?',
      'f u n stuff',
      'U S A expansion',
      'Hello!!! Is 2024 going well?',
      '',
    ]) {
      expect(flagged(text), text).toBe(false);
    }
  });

  it('normalizes what it checks', () => {
    expect(normalizeForFilter('Zoë  F U C K')).toBe('zoe  fuck');
    expect(normalizeForFilter('ﬁne')).toBe('fine');
  });
});
