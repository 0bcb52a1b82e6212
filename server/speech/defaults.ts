import type { Logger } from 'pino';
import type { OpenAiSpeechEnv } from './engine/openai.ts';
import { openAiSttFromEnv, type OpenAiStt } from './stt/openai-stt.ts';
import { PocketsphinxStt } from './stt/pocketsphinx/pocketsphinx-stt.ts';
import type { SttProvider } from './stt/types.ts';
import { FallbackTts } from './tts/fallback.ts';
import { FestivalTts, type FestivalTtsOptions } from './tts/festival/festival-tts.ts';
import { openAiTtsFromEnv } from './tts/openai/openai-tts.ts';
import type { TtsProvider } from './tts/types.ts';

export interface SpeechStack {
  /** OpenAI TTS falling back to Festival when configured; Festival alone otherwise. */
  tts: TtsProvider;
  /** The warm Festival instance (also the timing reference for OpenAI TTS). */
  festival: FestivalTts;
  /** OpenAI transcription when configured, pocketsphinx otherwise. */
  stt: SttProvider;
  close(): Promise<void>;
}

/**
 * The speech providers the environment asks for: embedded defaults (Festival, pocketsphinx) unless
 * OPENAI_API_KEY or OPENAI_BASE_URL is set. Same code path either way; only configuration differs.
 */
export function createSpeechStack(
  env: OpenAiSpeechEnv,
  options: { logger?: Logger; festival?: FestivalTtsOptions } = {},
): SpeechStack {
  const logger = options.logger;
  const festival = new FestivalTts({ ...options.festival, ...(logger ? { logger } : {}) });
  const openAiTts = openAiTtsFromEnv(env, { timingReference: festival, ...(logger ? { logger } : {}) });
  const tts = openAiTts ? new FallbackTts([openAiTts, festival], logger ? { logger } : {}) : festival;
  const openAiStt: OpenAiStt | null = openAiSttFromEnv(env, logger ? { logger } : {});
  const stt: SttProvider = openAiStt ?? new PocketsphinxStt(logger ? { logger } : {});
  return {
    tts,
    festival,
    stt,
    async close() {
      await Promise.all([tts.close(), stt.close()]);
      if (tts !== festival) await festival.close();
    },
  };
}
