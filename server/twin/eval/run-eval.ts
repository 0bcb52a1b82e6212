import type { TwinBrain } from '../types.ts';
import type { EvalCase } from './cases.ts';
import { summarize, type EvalResult } from './metrics.ts';

/** Asks every case in order; `onResult` sees each result as it arrives (the CLI streams them). */
export async function runEval(
  brain: TwinBrain,
  cases: readonly EvalCase[],
  opts: { onResult?: (r: EvalResult) => void; signal?: AbortSignal; now?: Date } = {},
): Promise<{ results: EvalResult[]; summary: Record<string, unknown> }> {
  const results: EvalResult[] = [];
  for (const c of cases) {
    const answer = await brain.ask(c.question, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
    const r = { case: c, answer };
    results.push(r);
    opts.onResult?.(r);
  }
  return { results, summary: summarize(results) };
}
