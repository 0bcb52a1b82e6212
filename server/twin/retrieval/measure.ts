// Dimension adjectives ("long flights", "an expensive hotel") are usually answered by a measurement,
// not by the adjective: "flights of eight hours or more", "up to 180 euros a night". A sentence that
// states a figure with a unit of the right kind carries a pseudo-term ("#duration"), and the
// adjective counts it as a similar word (partial credit; see expansion.ts).

export type MeasureKind = 'duration' | 'length' | 'money';

const NUMBER = String.raw`(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|a few|several|a couple of)`;
const UNITS: Record<MeasureKind, string> = {
  duration: String.raw`(?:seconds?|minutes?|hours?|days?|working days?|business days?|weeks?|fortnights?|months?|years?)`,
  length: String.raw`(?:km|kilomet(?:re|er)s?|met(?:re|er)s?|miles?|cm|centimet(?:re|er)s?)`,
  money: String.raw`(?:euros?|dollars?|pounds?|usd|eur|gbp|cents?)`,
};
const MEASURE_RE = Object.fromEntries(
  (Object.keys(UNITS) as MeasureKind[]).map((k) => [
    k,
    new RegExp(String.raw`\b${NUMBER}(?:\s+|-)(?:\w+\s+)?${UNITS[k]}\b`, 'i'),
  ]),
) as Record<MeasureKind, RegExp>;
const CURRENCY_SIGN_RE = /[€$£]\s?\d/;

/** The pseudo-term of a measure kind, as stored in a sentence's terms. */
export const measureTerm = (kind: MeasureKind): string => `#${kind}`;

/** Pseudo-terms for the kinds of measurement a text states ("eight hours" → #duration). */
export function measureTerms(text: string): string[] {
  const out: string[] = [];
  for (const kind of Object.keys(MEASURE_RE) as MeasureKind[])
    if (MEASURE_RE[kind].test(text) || (kind === 'money' && CURRENCY_SIGN_RE.test(text)))
      out.push(measureTerm(kind));
  return out;
}

/** Dimension adjectives (as written, lower case) → the measurements that can answer them. */
export const MEASURE_ADJECTIVES: ReadonlyMap<string, readonly MeasureKind[]> = new Map<
  string,
  readonly MeasureKind[]
>([
  ...['long', 'longer', 'short', 'shorter', 'lengthy', 'brief'].map(
    (w) => [w, ['duration', 'length']] as const,
  ),
  ...['far', 'farther', 'further', 'distant', 'nearby'].map((w) => [w, ['length', 'duration']] as const),
  ...['expensive', 'cheap', 'cheaper', 'costly', 'pricey', 'affordable'].map((w) => [w, ['money']] as const),
]);
