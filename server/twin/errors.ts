/** Base error of the twin brain: every failure carries a machine code, a retry hint and its cause. */
export class TwinError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, opts: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TwinError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
  }
}

/**
 * A persona folder that cannot be used. The message names the file and the field, e.g.
 * `corpus/benefits.md: front matter "date" must be an ISO date (yyyy-mm-dd), got "March"`.
 */
export class PersonaError extends TwinError {
  readonly file: string;
  readonly field: string | undefined;
  constructor(file: string, message: string, opts: { field?: string; cause?: unknown } = {}) {
    super('persona_invalid', `${file}: ${message}`, opts.cause === undefined ? {} : { cause: opts.cause });
    this.name = 'PersonaError';
    this.file = file;
    this.field = opts.field;
  }
  override toString(): string {
    return `PersonaError: ${this.message}`;
  }
}

/** A model provider (chat or embeddings) failed; the brain falls back to the embedded path. */
export class ProviderError extends TwinError {
  constructor(message: string, opts: { retryable?: boolean; cause?: unknown } = {}) {
    super('provider_failed', message, opts);
    this.name = 'ProviderError';
  }
}
