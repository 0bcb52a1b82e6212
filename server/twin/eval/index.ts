// Evaluation helpers shared by the CLI, the integration tests and the bench script.
export { parseCases, type EvalCase } from './cases.ts';
export { answeredFromRightDoc, percentile, quotesGoldAnswer, summarize, type EvalResult } from './metrics.ts';
export { runEval } from './run-eval.ts';
