import type { ConsentDecisionDto, ConsentModality } from '../../../common/governance.ts';
import type { GovernanceEvents } from '../events.ts';
import type { ConsentRegistry } from './registry.ts';

export interface WatchConsentOptions {
  personaId: string;
  room?: string;
  modality?: ConsentModality;
  topic?: string;
  /** Stops watching. */
  signal?: AbortSignal;
  /** A failed re-check (database down): the watcher keeps the last decision and reports here. */
  onError?: (err: unknown) => void;
}

/**
 * Calls `onChange` with the consent decision for a persona in a room and modality: once right away,
 * then every time it flips (revocation, expiry, a new record), as soon as `consent.changed` fires.
 * Returns the function that stops watching.
 *
 * @example
 * const stop = watchConsent(gov.consent, gov.events, { personaId, room, modality: 'voice' }, (d) => {
 *   if (!d.inForce) agent.silence(d.reason);
 * });
 */
export function watchConsent(
  registry: ConsentRegistry,
  events: GovernanceEvents,
  opts: WatchConsentOptions,
  onChange: (decision: ConsentDecisionDto) => void,
): () => void {
  let last: ConsentDecisionDto | null = null;
  let stopped = false;
  // Re-checks run one at a time, in order, so a stale answer never overwrites a newer one.
  let chain: Promise<void> = Promise.resolve();
  const check = () => {
    chain = chain.then(async () => {
      if (stopped) return;
      try {
        const d = await registry.consentInForce({
          personaId: opts.personaId,
          ...(opts.room !== undefined ? { room: opts.room } : {}),
          ...(opts.modality !== undefined ? { modality: opts.modality } : {}),
          ...(opts.topic !== undefined ? { topic: opts.topic } : {}),
        });
        if (stopped) return;
        if (
          last === null ||
          last.inForce !== d.inForce ||
          last.reason !== d.reason ||
          last.recordId !== d.recordId
        ) {
          last = d;
          onChange(d);
        }
      } catch (err) {
        opts.onError?.(err);
      }
    });
  };
  const off = events.on('consent.changed', (e) => {
    if (e.personaId === opts.personaId) check();
  });
  const stop = () => {
    stopped = true;
    off();
    opts.signal?.removeEventListener('abort', stop);
  };
  if (opts.signal?.aborted) stop();
  else opts.signal?.addEventListener('abort', stop, { once: true });
  check();
  return stop;
}
