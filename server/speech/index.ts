// Speech for the twin: text -> 48 kHz audio with word/phone times -> timeline; audio -> text; VAD.
export { SpeechError, type SpeechErrorCode } from './errors.ts';

export {
  SPEECH_SAMPLE_RATE_HZ,
  type Availability,
  type SpeechSegment,
  type SpokenPhone,
  type SpokenWord,
  type SynthesizeOptions,
  type TimingQuality,
  type TtsCapabilities,
  type TtsProvider,
} from './tts/types.ts';
export { speakSentences, type SpeakSentencesOptions } from './tts/speak-sentences.ts';
export { trimLeadingSilence } from './tts/trim-silence.ts';
export { splitSentences, type SentenceSpan } from './tts/sentences.ts';
export { FallbackTts, type FallbackOptions } from './tts/fallback.ts';
export {
  FestivalTts,
  FESTIVAL_DEFAULT_VOICE,
  FESTIVAL_INSTALL_HINT,
  type FestivalTtsOptions,
} from './tts/festival/festival-tts.ts';
export { OpenAiTts, openAiTtsFromEnv, type OpenAiTtsOptions } from './tts/openai/openai-tts.ts';
export type { OpenAiSpeechEnv } from './engine/openai.ts';

export {
  STT_SAMPLE_RATE_HZ,
  type SttCapabilities,
  type SttProvider,
  type TranscribeOptions,
  type TranscribedWord,
  type Transcript,
} from './stt/types.ts';
export {
  PocketsphinxStt,
  POCKETSPHINX_INSTALL_HINT,
  type PocketsphinxSttOptions,
} from './stt/pocketsphinx/pocketsphinx-stt.ts';
export { OpenAiStt, openAiSttFromEnv, type OpenAiSttOptions } from './stt/openai-stt.ts';

export {
  SileroVad,
  VadStream,
  vadEvents,
  VAD_FRAME_SAMPLES,
  type SileroVadOptions,
  type SpeechRegion,
  type VadStreamOptions,
} from './vad/silero.ts';
export type { VadEvent, VadOptions } from './vad/segmenter.ts';

export { buildTimelineSegment, type TimelineContext } from './visemes/build-timeline.ts';
export { planVisemes, type VisemePlanOptions } from './visemes/plan.ts';
export { planGestures, type GestureContext } from './visemes/gestures.ts';
export { visemesForPhone, FESTIVAL_US_PHONES } from './visemes/phone-table.ts';

export { Resampler, resamplePcm, type ResamplerOptions } from './audio/resample.ts';
export {
  concatInt16,
  decodeWav,
  encodeWav,
  int16FromBytes,
  int16ToBytes,
  rms,
  samplesToMs,
  type PcmAudio,
} from './audio/pcm.ts';

export { createSpeechStack, type SpeechStack } from './defaults.ts';
