import type { TwinAnswer, TwinDecision } from '../types.ts';
import type { EvalCase } from './cases.ts';

export interface EvalResult {
  case: EvalCase;
  answer: TwinAnswer;
}

/** Nearest-rank percentile of a list of numbers (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

const words = (text: string) => text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
const pct = (n: number, d: number) => (d === 0 ? null : Number(((100 * n) / d).toFixed(1)));

/** True when the answer is an answer citing one of the case's correct documents first. */
export function answeredFromRightDoc(r: EvalResult): boolean {
  const first = r.answer.citations[0];
  return r.answer.decision === 'answer' && first !== undefined && (r.case.docs ?? []).includes(first.doc);
}

/** True when some quote of the answer contains one of the gold answer strings. */
export function quotesGoldAnswer(r: EvalResult): boolean {
  return (
    r.answer.decision === 'answer' &&
    r.answer.citations.some((c) => (r.case.answers ?? []).some((a) => c.quote.includes(a)))
  );
}

function precisionRecall(results: readonly EvalResult[], decision: TwinDecision) {
  const predicted = results.filter((r) => r.answer.decision === decision);
  const actual = results.filter((r) => r.case.expect === decision);
  const hit = predicted.filter((r) => r.case.expect === decision).length;
  return {
    precision_pct: pct(hit, predicted.length),
    recall_pct: pct(hit, actual.length),
    predicted: predicted.length,
    expected: actual.length,
  };
}

/** Summary line of an evaluation run: counts, latency, and accuracy figures when cases carry `expect`. */
export function summarize(results: readonly EvalResult[]): Record<string, unknown> {
  const latencies = results.map((r) => r.answer.latencyMs);
  const decisions = { answer: 0, decline: 0, escalate: 0 };
  for (const r of results) decisions[r.answer.decision]++;
  const summary: Record<string, unknown> = {
    cases: results.length,
    decisions,
    latency_ms: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: percentile(latencies, 100),
    },
  };
  const answers = results.filter((r) => r.answer.decision === 'answer');
  let total = 0;
  let outside = 0;
  let unframed = 0;
  for (const r of answers) {
    for (const s of r.answer.segments) {
      const n = words(s.text).length;
      total += n;
      if (s.kind !== 'quote') outside += n;
      if (s.kind !== 'quote' && s.kind !== 'framing' && s.kind !== 'notice') unframed += n;
    }
  }
  summary['answer_words_outside_quotes_pct'] = pct(outside, total);
  summary['answer_words_outside_quotes_and_framing'] = unframed;
  const expected = results.filter((r) => r.case.expect !== undefined);
  if (expected.length > 0) {
    const answerable = expected.filter((r) => r.case.expect === 'answer');
    summary['accuracy_pct'] = pct(
      expected.filter((r) => r.answer.decision === r.case.expect).length,
      expected.length,
    );
    summary['answered_correct_source_pct'] = pct(
      answerable.filter(answeredFromRightDoc).length,
      answerable.length,
    );
    if (answerable.some((r) => (r.case.answers ?? []).length > 0)) {
      summary['answered_with_gold_quote_pct'] = pct(
        answerable.filter(quotesGoldAnswer).length,
        answerable.length,
      );
    }
    summary['decline'] = precisionRecall(expected, 'decline');
    summary['escalate'] = precisionRecall(expected, 'escalate');
    const categories = new Map<string, EvalResult[]>();
    for (const r of expected)
      if (r.case.category) categories.set(r.case.category, [...(categories.get(r.case.category) ?? []), r]);
    if (categories.size > 0) {
      summary['by_category'] = Object.fromEntries(
        [...categories].map(([c, rs]) => [
          c,
          {
            cases: rs.length,
            as_expected_pct: pct(rs.filter((r) => r.answer.decision === r.case.expect).length, rs.length),
          },
        ]),
      );
    }
  }
  return summary;
}
