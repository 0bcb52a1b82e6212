// Small pieces every benchmark script uses: flags, percentiles, rounding, progress on stderr.

/** `--name N` from the command line: a non-negative whole number, else `fallback`. */
export function numberArg(name: string, fallback: number, opts: { allowZero?: boolean } = {}): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  const ok = Number.isFinite(v) && (opts.allowZero ? v >= 0 : v > 0);
  return ok ? Math.floor(v) : fallback;
}

/** Nearest-rank percentile (`p` in 0..100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Progress goes to stderr: stdout's last line is the JSON result. */
export const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
