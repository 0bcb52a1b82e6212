import { TwinError } from '../errors.ts';

/** One evaluation case; only `id` and `question` are required, the rest enables accuracy figures. */
export interface EvalCase {
  id: string;
  question: string;
  expect?: 'answer' | 'decline' | 'escalate';
  /** Corpus files any of which is a correct source (expect = answer). */
  docs?: string[];
  category?: string;
  /** Gold answer strings (SQuAD): a correct answer quotes one of them. */
  answers?: string[];
}

const EXPECTS = new Set(['answer', 'decline', 'escalate']);

/** Parses JSON Lines of cases; errors name the file and line. Blank lines are skipped. */
export function parseCases(text: string, file: string): EvalCase[] {
  const cases: EvalCase[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim().length === 0) return;
    const where = `${file}:${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new TwinError('eval_case_invalid', `${where}: not valid JSON (${(err as Error).message})`, {
        cause: err,
      });
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw new TwinError('eval_case_invalid', `${where}: must be a JSON object`);
    const r = row as Record<string, unknown>;
    const id = typeof r['id'] === 'string' || typeof r['id'] === 'number' ? String(r['id']) : undefined;
    const question =
      typeof r['question'] === 'string'
        ? r['question']
        : typeof r['prompt'] === 'string'
          ? r['prompt']
          : undefined;
    if (id === undefined) throw new TwinError('eval_case_invalid', `${where}: "id" is required (string)`);
    if (question === undefined)
      throw new TwinError('eval_case_invalid', `${where}: "question" is required (string)`);
    const c: EvalCase = { id, question };
    if (typeof r['expect'] === 'string') {
      if (!EXPECTS.has(r['expect']))
        throw new TwinError(
          'eval_case_invalid',
          `${where}: "expect" must be answer, decline or escalate, got ${JSON.stringify(r['expect'])}`,
        );
      c.expect = r['expect'] as EvalCase['expect'] & string;
    }
    if (Array.isArray(r['docs'])) c.docs = r['docs'].filter((d): d is string => typeof d === 'string');
    if (typeof r['category'] === 'string') c.category = r['category'];
    if (Array.isArray(r['answers']))
      c.answers = r['answers'].filter((d): d is string => typeof d === 'string');
    cases.push(c);
  });
  return cases;
}
