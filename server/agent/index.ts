// The twin as a LiveKit participant (participant/) and as the app server runs it (runtime/).
export {
  connectTwinParticipant,
  twinToken,
  type SpeakOptions,
  type SpeakResult,
  type TwinAgentState,
  type TwinParticipant,
  type TwinParticipantOptions,
} from './participant/index.ts';
export { createTwinRuntime, type TwinRuntime, type TwinRuntimeOptions } from './runtime/twin-runtime.ts';
export {
  RoomTwin,
  type RoomTwinOptions,
  type RoomTwinStatus,
  type TwinSpeechEvent,
  type TwinVoice,
} from './runtime/room-twin.ts';
export {
  VoiceQuestions,
  VOICE_QUESTION_MAX_BYTES,
  VOICE_QUESTION_MAX_SECONDS,
  type VoiceQuestionsOptions,
} from './speech-in/voice-questions.ts';
export { voiceRoutes, type VoiceRouteDeps } from './http/voice-route.ts';
export { BOOTH_INFIX, boothRoomName, VoiceAsks, type VoiceAsksOptions } from './speech-in/voice-asks.ts';
export { BoothListener, type BoothListenerOptions } from './speech-in/booth.ts';
