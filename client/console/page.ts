import type { PrincipalDto } from '../../common/governance.ts';
import { ApiError } from '../lobby/api-error.ts';
import type { PageId } from './access.ts';
import type { GovApi } from './gov-api.ts';

/** What a page gets from the shell while it is shown. */
export interface PageContext {
  api: GovApi;
  principal: PrincipalDto;
  /** Aborted when the person leaves the page: stop polls, drop late answers. */
  signal: AbortSignal;
  /** A polite status line ("Paused town-hall."). */
  notify(message: string): void;
  /** Shows an error in the page's alert region (an ApiError's message and status). */
  fail(err: unknown): void;
  /** Clears the alert region. */
  clearError(): void;
}

export interface ConsolePage {
  id: PageId;
  title: string;
  /** Fills `root`; may keep updating it until `ctx.signal` aborts. */
  render(root: HTMLElement, ctx: PageContext): void | Promise<void>;
}

/** A message for a failed request, naming the server's code ("… (403 forbidden)"). */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.status ? `${err.message} (${err.status} ${err.code})` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Calls `fn` now and then every `intervalMs` until `signal` aborts; a failing call is reported once
 * per failure streak and the loop keeps going (the next success clears nothing: the page decides).
 */
export function poll(
  fn: (signal: AbortSignal) => Promise<void>,
  intervalMs: number,
  signal: AbortSignal,
  onError: (err: unknown) => void,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (signal.aborted) return;
    try {
      await fn(signal);
    } catch (err) {
      if (!signal.aborted) onError(err);
    }
    if (!signal.aborted) timer = setTimeout(() => void tick(), intervalMs);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  void tick();
}

/**
 * Runs a button's action: disables it meanwhile, reports errors through the page, and returns the
 * action's result (undefined when it failed).
 */
export async function act<T>(
  ctx: PageContext,
  btn: HTMLButtonElement | null,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  if (btn) btn.disabled = true;
  ctx.clearError();
  try {
    return await fn();
  } catch (err) {
    ctx.fail(err);
    return undefined;
  } finally {
    if (btn) btn.disabled = false;
  }
}
