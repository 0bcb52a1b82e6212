// Rehearse a twin from the command line.
//   npm run twin -- ask --persona DIR "question"
//   npm run --silent twin -- eval --persona DIR --cases FILE.jsonl
// stdout carries results only (eval: one JSON object per case, then {"summary": …}); logs go to stderr.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import {
  createTwinBrain,
  consentInForce,
  loadPersona,
  PersonaError,
  TwinError,
  type TwinAnswer,
} from '../server/twin/index.ts';
import { parseCases, runEval } from '../server/twin/eval/index.ts';

const USAGE = `usage:
  npm run twin -- ask --persona DIR "question"
  npm run --silent twin -- eval --persona DIR --cases FILE.jsonl

options:
  --persona DIR    persona folder (persona.json, corpus/*.md, optional consent.json)
  --cases FILE     JSON Lines, one {"id","question",…} per line (eval)
  --room ID        room to check the consent record against (default: any)
  --now DATE       when the question is asked, yyyy-mm-dd ("this year" is read against it; default: today)
  --extractive     ignore OPENAI_* settings and use the embedded extractive composer
  --json           ask: print the full answer as JSON
`;

class UsageError extends Error {}

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function printAnswer(answer: TwinAnswer): void {
  const lines = [
    `decision: ${answer.decision} (${answer.reason}${answer.topic ? `, topic ${answer.topic}` : ''})`,
    '',
    answer.text,
    '',
  ];
  answer.citations.forEach((c, i) => {
    lines.push(
      `[${i + 1}] ${c.doc} — "${c.title}", ${c.date} (v${c.version}, sha256 ${c.hash.slice(0, 12)}…, chars ${c.start}-${c.end})`,
    );
    lines.push(`    "${c.quote.replace(/\s+/g, ' ')}"`);
  });
  if (answer.fallback)
    lines.push(`(generative reply discarded: ${answer.fallback}; extractive answer given)`);
  lines.push(`mode: ${answer.mode}, ${answer.latencyMs} ms`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        persona: { type: 'string' },
        cases: { type: 'string' },
        room: { type: 'string' },
        now: { type: 'string' },
        extractive: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const [command, ...rest] = positionals;
  if (command !== 'ask' && command !== 'eval')
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  if (!values.persona) throw new UsageError('--persona DIR is required');
  if (command === 'ask' && (rest.length !== 1 || rest[0]!.trim().length === 0))
    throw new UsageError('ask takes exactly one question (quote it)');
  if (command === 'eval' && (!values.cases || rest.length > 0))
    throw new UsageError('eval takes --cases FILE.jsonl and no question');

  let now: Date | undefined;
  if (values.now !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.now) || Number.isNaN(Date.parse(values.now)))
      throw new UsageError(`--now must be a date yyyy-mm-dd, got "${values.now}"`);
    now = new Date(`${values.now}T12:00:00Z`);
  }

  const logger = pino({ name: 'twin-cli', level: process.env['LOG_LEVEL'] ?? 'warn' }, pino.destination(2));
  const persona = await loadPersona(values.persona, { logger });
  const consent = consentInForce(persona.consent, {
    at: new Date(),
    modality: 'statements',
    ...(values.room ? { room: values.room } : {}),
  });
  if (!consent.inForce)
    process.stderr.write(`rehearsal: no consent record in force (${consent.reason}); nothing is spoken\n`);
  const brain = await createTwinBrain({
    persona,
    logger,
    ...(values.extractive ? { openai: false as const } : {}),
  });
  process.stderr.write(
    `persona ${persona.id}: ${persona.documents.length} documents, ${brain.mode} composer${brain.hybridRetrieval ? ', hybrid retrieval' : ''}\n`,
  );

  if (command === 'ask') {
    const answer = await brain.ask(rest[0]!, now ? { now } : {});
    if (values.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else printAnswer(answer);
    return;
  }
  let text: string;
  try {
    text = await readFile(values.cases!, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --cases ${values.cases}: ${(err as Error).message}`);
  }
  const cases = parseCases(text, values.cases!);
  const { summary } = await runEval(brain, cases, {
    ...(now ? { now } : {}),
    onResult: ({ case: c, answer }) => {
      const line = {
        id: c.id,
        decision: answer.decision,
        text: answer.text,
        citations: answer.citations.map(({ doc, title, date, quote }) => ({ doc, title, date, quote })),
        latency_ms: answer.latencyMs,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify({ summary })}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) fail(`error: ${err.message}\n\n${USAGE}`, 2);
  if (err instanceof PersonaError) fail(err.toString(), 1);
  if (err instanceof TwinError) fail(`${err.name}: ${err.message}`, 1);
  fail(`twin: unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1);
});
