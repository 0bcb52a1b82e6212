import { TokenVerifier } from 'livekit-server-sdk';
import { SfuError } from '../errors.ts';
import { normaliseClaims, type VerifiedClaims } from './grants.ts';

/** Verifies LiveKit access tokens (HS256, `iss` = API key) signed with the SFU's key/secret. */
export class AccessTokenVerifier {
  private readonly verifier: TokenVerifier;

  constructor(apiKey: string, apiSecret: string) {
    this.verifier = new TokenVerifier(apiKey, apiSecret);
  }

  /** Resolves the token's claims or rejects with an `unauthenticated` SfuError saying why. */
  async verify(token: string | undefined): Promise<VerifiedClaims> {
    if (!token) throw new SfuError('unauthenticated', 'no access token provided');
    if (token.length > 16 * 1024) throw new SfuError('unauthenticated', 'access token too large');
    try {
      return normaliseClaims(await this.verifier.verify(token));
    } catch (err) {
      throw new SfuError('unauthenticated', `invalid access token: ${describeJwtError(err)}`, { cause: err });
    }
  }
}

function describeJwtError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'token expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature verification failed';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return (err as Error).message;
    default:
      return err instanceof Error ? err.message : 'unverifiable';
  }
}

/** The bearer token from an `Authorization` header, if any. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1]?.trim() || undefined;
}
