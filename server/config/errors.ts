/** One bad environment variable: which, what is wrong with it, and what would be accepted. */
export interface ConfigIssue {
  name: string;
  problem: string;
  expected: string;
}

/** The environment cannot run Podium. Never retryable: the operator has to change something. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  readonly retryable = false;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(formatIssues(issues), options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Human-readable, one line per variable, meant for stderr at start. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((i) => `  - ${i.name}: ${i.problem} (expected ${i.expected})`);
  const noun = issues.length === 1 ? 'setting' : 'settings';
  return `Podium cannot start: ${issues.length} bad ${noun}\n${lines.join('\n')}`;
}
