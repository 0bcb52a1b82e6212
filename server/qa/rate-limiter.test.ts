import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

function clock(startMs = 1_000_000) {
  const c = { nowMs: startMs, now: () => c.nowMs };
  return c;
}

describe('RateLimiter', () => {
  it('allows the limit within a window, then says when to retry', () => {
    const c = clock();
    const rl = new RateLimiter({ limit: 5, windowMs: 60_000 }, c.now);
    for (let i = 0; i < 5; i++) {
      expect(rl.take('ada')).toEqual({ ok: true });
      c.nowMs += 1_000;
    }
    // The first request was 5 s ago: the window frees a slot in 55 s.
    expect(rl.take('ada')).toEqual({ ok: false, retryAfterMs: 55_000 });
    c.nowMs += 54_999;
    expect(rl.take('ada')).toEqual({ ok: false, retryAfterMs: 1 });
    c.nowMs += 1;
    expect(rl.take('ada')).toEqual({ ok: true });
    expect(rl.take('ada').ok).toBe(false);
  });

  it('keeps people apart', () => {
    const c = clock();
    const rl = new RateLimiter({ limit: 2, windowMs: 1_000 }, c.now);
    expect(rl.take('a').ok && rl.take('a').ok).toBe(true);
    expect(rl.take('a').ok).toBe(false);
    expect(rl.take('b').ok).toBe(true);
  });

  it('slides: refused requests do not extend the wait', () => {
    const c = clock();
    const rl = new RateLimiter({ limit: 1, windowMs: 10_000 }, c.now);
    expect(rl.take('x').ok).toBe(true);
    for (let i = 0; i < 9; i++) {
      c.nowMs += 1_000;
      expect(rl.take('x').ok).toBe(false);
    }
    c.nowMs += 1_000;
    expect(rl.take('x').ok).toBe(true);
  });

  it('forgets idle keys', () => {
    const c = clock();
    const rl = new RateLimiter({ limit: 3, windowMs: 1_000 }, c.now);
    for (let i = 0; i < 500; i++) rl.take(`p${i}`);
    expect(rl.size).toBe(500);
    c.nowMs += 2_000;
    for (let i = 0; i < 600; i++) rl.take('busy');
    expect(rl.size).toBe(1);
  });

  it('refuses a nonsensical rule', () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError);
  });
});
