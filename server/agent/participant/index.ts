// The twin's LiveKit participant: joins as an AGENT, speaks segments with a timeline and captions, can be
// interrupted, and re-joins on its own. The orchestration (questions, brain, audit) lives elsewhere.
export { connectTwinParticipant } from './twin-participant.ts';
export { twinToken, twinIdentity, type TwinTokenRequest } from './token.ts';
export { TwinParticipantError, type TwinParticipantErrorCode } from './errors.ts';
export { DEFAULT_RECONNECT_DELAYS_MS } from './connection.ts';
export {
  AGENT_STATE_ATTRIBUTE,
  AI_MARKER_ATTRIBUTE,
  PERSONA_ATTRIBUTE,
  TRANSCRIPTION_ATTRIBUTES,
  TRANSCRIPTION_TOPIC,
  TWIN_AGENT_STATES,
  TWIN_TRACK_NAME,
  type SpeakOptions,
  type SpeakResult,
  type TwinAgentState,
  type TwinParticipant,
  type TwinParticipantEvents,
  type TwinParticipantOptions,
} from './types.ts';
