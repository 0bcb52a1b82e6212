import { describe, expect, it } from 'vitest';
import { latencyStats, percentile } from './metrics-latency.ts';

describe('percentile', () => {
  it('interpolates between ranks like percentile_cont', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95)).toBeCloseTo(95.5, 9);
    expect(percentile([10, 20], 0)).toBe(10);
    expect(percentile([10, 20], 1)).toBe(20);
  });

  it('sorts its input and rounds to whole milliseconds', () => {
    expect(latencyStats([300, 100, 200.4])).toEqual({ samples: 3, p50Ms: 200, p95Ms: 290 });
    expect(latencyStats([])).toEqual({ samples: 0, p50Ms: null, p95Ms: null });
  });
});
