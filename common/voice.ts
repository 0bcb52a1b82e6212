/**
 * Voice questions (push-to-talk): published into a booth room (VoiceAskDto below) or, as the
 * fallback, a 16-bit mono WAV posted to `POST /api/rooms/:roomId/voice-question`; either way the
 * server answers with the transcript, which the asker confirms or edits and then submits as an
 * ordinary question.
 */
export interface VoiceTranscriptDto {
  text: string;
  words: { word: string; startMs: number; endMs: number; confidence?: number }[];
  /** Length of the speech found by the VAD. */
  speechMs: number;
  /** Which transcriber: `pocketsphinx` (embedded) or `openai`. */
  provider: string;
}

/**
 * `POST /api/rooms/:roomId/voice-ask`: a private booth room for one voice question. The client joins
 * `livekit.url` with `livekit.token` (booth only: may publish a microphone, subscribes to nothing),
 * publishes the microphone while the talk button is held, then calls
 * `POST /api/rooms/:roomId/voice-ask/:askId/finish` for the VoiceTranscriptDto.
 */
export interface VoiceAskDto {
  askId: string;
  livekit: { url: string; token: string };
}
