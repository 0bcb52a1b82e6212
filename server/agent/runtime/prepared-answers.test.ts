import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { TwinAnswer, TwinBrain } from '../../twin/index.ts';
import { PreparedAnswers, type PreparedAnswer } from './prepared-answers.ts';

const log = pino({ level: 'silent' });

/** A preparation whose speech abort can be observed. */
function prepared(text: string, preparedAtMs = Date.now()): PreparedAnswer {
  const abort = new AbortController();
  return {
    questionText: text,
    brain: {} as TwinBrain,
    answer: { text: `answer to ${text}` } as TwinAnswer,
    spoken: `answer to ${text}`,
    speech: { text, chunks: [text], first: new Promise(() => undefined), abort },
    preparedAtMs,
  };
}

function harness(max = 3, maxAgeMs = 60_000) {
  const calls: string[] = [];
  const made: PreparedAnswer[] = [];
  const gates: (() => void)[] = [];
  let hold = false;
  const cache = new PreparedAnswers({
    max,
    maxAgeMs,
    log,
    prepare: async (id, text) => {
      calls.push(`${id}:${text}`);
      if (hold) await new Promise<void>((r) => gates.push(r));
      const p = prepared(text);
      made.push(p);
      return p;
    },
  });
  return {
    cache,
    calls,
    made,
    hold: (on: boolean) => (hold = on),
    release: () => gates.splice(0).forEach((g) => g()),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('PreparedAnswers', () => {
  it('prepares once per question text and hands the preparation out once', async () => {
    const h = harness();
    h.cache.want('q1', 'How long is parental leave?');
    h.cache.want('q1', 'How long is parental leave?');
    await tick();
    expect(h.calls).toEqual(['q1:How long is parental leave?']);
    const p = await h.cache.take('q1', 'How long is parental leave?');
    expect(p?.spoken).toBe('answer to How long is parental leave?');
    expect(await h.cache.take('q1', 'How long is parental leave?')).toBeNull();
    expect(h.cache.size).toBe(0);
  });

  it('does not use a preparation for an edited question, and stops its synthesis', async () => {
    const h = harness();
    h.cache.want('q1', 'old text');
    await tick();
    expect(await h.cache.take('q1', 'new text')).toBeNull();
    expect(h.made[0]!.speech!.abort.signal.aborted).toBe(true);
  });

  it('re-prepares when the text changes before the question goes live', async () => {
    const h = harness();
    h.cache.want('q1', 'old text');
    h.cache.want('q1', 'new text');
    await tick();
    expect((await h.cache.take('q1', 'new text'))?.questionText).toBe('new text');
  });

  it('keeps at most `max`, dropping the oldest and stopping its synthesis', async () => {
    const h = harness(2);
    for (const id of ['a', 'b', 'c']) h.cache.want(id, id);
    await tick();
    await tick();
    expect(h.cache.size).toBe(2);
    expect(h.calls).toEqual(['b:b', 'c:c']);
    expect(await h.cache.take('a', 'a')).toBeNull();
    expect(await h.cache.take('c', 'c')).not.toBeNull();
  });

  it('runs preparations one at a time; taking one still waiting for its turn gives null at once', async () => {
    const h = harness();
    h.hold(true);
    h.cache.want('a', 'a');
    h.cache.want('b', 'b');
    await tick();
    expect(h.calls).toEqual(['a:a']);
    // b has not started: working it out now beats waiting behind a.
    expect(await h.cache.take('b', 'b')).toBeNull();
    // a is under way: taking it waits for it.
    const taking = h.cache.take('a', 'a');
    h.release();
    expect((await taking)?.questionText).toBe('a');
    await tick();
    expect(h.calls).toEqual(['a:a']);
  });

  it('drops a preparation that is too old', async () => {
    const h = harness(3, 0);
    h.cache.want('q1', 'text');
    await tick();
    await new Promise((r) => setTimeout(r, 5));
    expect(await h.cache.take('q1', 'text')).toBeNull();
    expect(h.made[0]!.speech!.abort.signal.aborted).toBe(true);
  });

  it('clear() stops every preparation, and a failed preparation is just absent', async () => {
    const h = harness();
    h.cache.want('a', 'a');
    h.cache.want('b', 'b');
    await tick();
    await tick();
    h.cache.clear();
    await tick();
    expect(h.made.every((p) => p.speech!.abort.signal.aborted)).toBe(true);
    expect(h.cache.size).toBe(0);
    const failing = new PreparedAnswers({
      max: 2,
      maxAgeMs: 1000,
      log,
      prepare: () => Promise.reject(new Error('brain down')),
    });
    failing.want('x', 'x');
    await tick();
    expect(await failing.take('x', 'x')).toBeNull();
  });
});
