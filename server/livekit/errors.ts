export type LivekitErrorCode = 'reserved_identity' | 'unreachable' | 'sfu_unavailable';

export class LivekitError extends Error {
  readonly code: LivekitErrorCode;
  readonly retryable: boolean;

  constructor(code: LivekitErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LivekitError';
    this.code = code;
    this.retryable = code === 'unreachable';
  }
}
