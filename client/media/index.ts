export { MediaSession, type Credentials, type MediaSessionOptions } from './media-session.ts';
export { SpatialVoices } from './spatial-voices.ts';
export type { ConnectionPhase, MediaSessionEvents, TwinParticipantInfo } from './events.ts';
