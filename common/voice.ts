/**
 * Voice questions (push-to-talk): the client posts a 16-bit mono WAV to
 * `POST /api/rooms/:roomId/voice-question`; the server answers with the transcript, which the asker
 * confirms or edits and then submits as an ordinary question.
 */
export interface VoiceTranscriptDto {
  text: string;
  words: { word: string; startMs: number; endMs: number; confidence?: number }[];
  /** Length of the speech found by the VAD. */
  speechMs: number;
  /** Which transcriber: `pocketsphinx` (embedded) or `openai`. */
  provider: string;
}
