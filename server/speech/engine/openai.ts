import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAI } from 'openai';
import { SpeechError } from '../errors.ts';

/** Environment variables the OpenAI-compatible speech providers read. */
export interface OpenAiSpeechEnv {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_TTS_MODEL?: string | undefined;
  OPENAI_TTS_VOICE?: string | undefined;
  OPENAI_STT_MODEL?: string | undefined;
}

export interface OpenAiConnection {
  apiKey?: string;
  /** e.g. `https://api.openai.com/v1` or a compatible server's `/v1` URL. */
  baseURL?: string;
  timeoutMs?: number;
  /** Retries of connection errors, 408/409/429 and 5xx, with the SDK's backoff. */
  maxRetries?: number;
}

/** True when the environment asks for OpenAI-compatible speech (a key or a base URL is set). */
export function openAiConfigured(env: OpenAiSpeechEnv): boolean {
  return Boolean(env.OPENAI_API_KEY?.trim() || env.OPENAI_BASE_URL?.trim());
}

/** An SDK client; a compatible server reached by base URL alone gets a placeholder key. */
export function createOpenAiClient(conn: OpenAiConnection): OpenAI {
  return new OpenAI({
    apiKey: conn.apiKey?.trim() || 'not-needed',
    ...(conn.baseURL ? { baseURL: conn.baseURL } : {}),
    timeout: conn.timeoutMs ?? 30_000,
    maxRetries: conn.maxRetries ?? 2,
  });
}

/** The SDK's per-request options for a call's signal and time limit. */
export function requestOptions(o: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined }): {
  signal?: AbortSignal;
  timeout?: number;
} {
  return { ...(o.signal ? { signal: o.signal } : {}), ...(o.timeoutMs ? { timeout: o.timeoutMs } : {}) };
}

/** Maps the SDK's errors onto SpeechError codes, keeping the original as `cause`. */
export function fromOpenAiError(err: unknown, what: string): SpeechError {
  if (err instanceof SpeechError) return err;
  if (err instanceof APIUserAbortError)
    return new SpeechError('aborted', `${what} was cancelled`, { cause: err });
  if (err instanceof APIConnectionTimeoutError) {
    return new SpeechError('timeout', `${what} timed out`, { retryable: true, cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new SpeechError('provider_failed', `${what}: cannot reach the server`, {
      retryable: true,
      cause: err,
    });
  }
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new SpeechError('provider_failed', `${what} failed with HTTP ${status}: ${err.message}`, {
      retryable,
      cause: err,
    });
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return new SpeechError('aborted', `${what} was cancelled`, { cause: err });
  }
  return new SpeechError('provider_failed', `${what} failed: ${String(err)}`, { cause: err });
}
