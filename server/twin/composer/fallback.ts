import type { Logger } from 'pino';
import { VerificationShortfall } from './generative.ts';
import type { Composer, ComposeRequest, Composition } from './types.ts';

/**
 * Tries the primary composer and falls back to the other on any failure (provider down, timeout,
 * verification shortfall). Cancellation is not a failure: it propagates.
 */
export function withFallback(primary: Composer, fallback: Composer, logger: Logger): Composer {
  return {
    mode: primary.mode,
    async compose(request: ComposeRequest): Promise<Composition> {
      try {
        return await primary.compose(request);
      } catch (err) {
        if (request.signal?.aborted) throw err;
        const reason = err instanceof VerificationShortfall ? 'verification' : 'provider-error';
        logger.warn({ err, reason, primary: primary.mode, fallback: fallback.mode }, 'composer fell back');
        const composed = await fallback.compose(request);
        return {
          ...composed,
          fallback: reason,
          ...(err instanceof VerificationShortfall ? { verification: err.checks } : {}),
        };
      }
    },
  };
}
