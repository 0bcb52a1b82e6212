export type GovernanceErrorCode =
  | 'not_found'
  | 'invalid_transition'
  | 'invalid_request'
  | 'conflict'
  | 'forbidden'
  | 'audit_key_unreadable'
  | 'audit_corrupt'
  | 'consent_signer_unknown';

/** A governance rule or record refused the request. Messages are written for the person who sees them. */
export class GovernanceError extends Error {
  readonly code: GovernanceErrorCode;
  readonly retryable: boolean;

  constructor(
    code: GovernanceErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GovernanceError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** HTTP status for each code, used by the governance routes' error mapping. */
export const GOVERNANCE_STATUS: Readonly<Record<GovernanceErrorCode, 400 | 403 | 404 | 409 | 500>> = {
  not_found: 404,
  invalid_transition: 409,
  invalid_request: 400,
  conflict: 409,
  forbidden: 403,
  audit_key_unreadable: 500,
  audit_corrupt: 500,
  consent_signer_unknown: 400,
};
