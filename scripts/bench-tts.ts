/**
 * TTS benchmark: Festival's real-time factor and first-sentence latency, warm (a long-lived process,
 * as the agent runs it) and cold (a process started for the sentence). Progress on stderr; the last
 * stdout line is the JSON result.
 *
 *   node --import tsx scripts/bench-tts.ts [--rounds 3] [--cold 5]
 */
import { cpus, loadavg } from 'node:os';
import { FESTIVAL_DEFAULT_VOICE, FestivalTts } from '../server/speech/index.ts';
import { numberArg as arg, log, percentile, round1 } from './bench-kit.ts';

// Typical first sentences of an answer: short, so the twin starts speaking fast.
const FIRST_SENTENCES = [
  'Thanks for the question.',
  'Yes, we are hiring in every office this year.',
  'Our revenue grew 42 percent over the last quarter.',
  'That decision was made by the whole leadership team.',
  'I cannot share details about that yet.',
  'Great question, and one we hear a lot.',
  'The new office opens in March.',
  'We will publish the full results next week.',
];

async function main(): Promise<void> {
  const rounds = arg('rounds', 3);
  const coldRuns = arg('cold', 5);

  const warm = new FestivalTts();
  const available = await warm.isAvailable();
  if (!available.ok) {
    log(`festival unavailable: ${available.reason}`);
    process.exitCode = 1;
    return;
  }
  // One unmeasured sentence so caches (lexicon, JIT of the resampler) are in the state they are in a running agent.
  await warm.synthesize('Warming up.');

  const latencies: number[] = [];
  let synthMs = 0;
  let audioMs = 0;
  for (let r = 0; r < rounds; r++) {
    for (const text of FIRST_SENTENCES) {
      const t0 = performance.now();
      const seg = await warm.synthesize(text);
      const ms = performance.now() - t0;
      latencies.push(ms);
      synthMs += ms;
      audioMs += seg.durationMs;
    }
    log(
      `warm round ${r + 1}/${rounds}: p50 ${round1(percentile(latencies, 50))} ms, rtf ${(synthMs / audioMs).toFixed(3)}`,
    );
  }
  // Real-time factor on longer text too: a paragraph-sized answer sentence.
  const long =
    'Over the past year we opened two offices, doubled the support team, shipped the new platform to every customer, and still finished the year ahead of plan.';
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const seg = await warm.synthesize(long);
    synthMs += performance.now() - t0;
    audioMs += seg.durationMs;
  }
  await warm.close();

  const cold: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    const tts = new FestivalTts();
    const t0 = performance.now();
    await tts.synthesize(FIRST_SENTENCES[i % FIRST_SENTENCES.length] as string);
    cold.push(performance.now() - t0);
    await tts.close();
    log(`cold ${i + 1}/${coldRuns}: ${round1(cold[cold.length - 1] as number)} ms`);
  }

  const result = {
    bench: 'tts',
    metrics: {
      tts_rtf: { value: Math.round((synthMs / audioMs) * 1000) / 1000, unit: 'ratio', goal: '<= 0.1' },
      first_sentence_ms_p50: { value: round1(percentile(latencies, 50)), unit: 'ms', goal: '<= 300' },
      first_sentence_ms_p95: { value: round1(percentile(latencies, 95)), unit: 'ms', goal: '<= 500' },
      cold_first_sentence_ms_p50: { value: round1(percentile(cold, 50)), unit: 'ms' },
      cold_first_sentence_ms_p95: { value: round1(percentile(cold, 95)), unit: 'ms' },
    },
    conditions: {
      engine: `festival ${FESTIVAL_DEFAULT_VOICE}`,
      output: '48 kHz mono s16 (resampled in-process from 32 kHz; included in the times)',
      warm: 'one long-lived festival process; latency = synthesize() call to 48 kHz segment with timings',
      cold: 'new process per sentence, including start-up and voice load',
      sentences: latencies.length,
      cold_runs: coldRuns,
      audio_seconds: round1(audioMs / 1000),
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      load_average_1m: round1(loadavg()[0] ?? 0),
      node: process.version,
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
