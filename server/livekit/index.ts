export { LivekitError, type LivekitErrorCode } from './errors.ts';
export { canSpeak, grantsFor } from './grants.ts';
export {
  createParticipantCounter,
  createRoomServiceClient,
  type ParticipantCounter,
  type RoomServiceOptions,
} from './participant-counter.ts';
export {
  ROLE_ATTRIBUTE,
  mintParticipantToken,
  type LivekitKeys,
  type ParticipantTokenRequest,
} from './tokens.ts';
export { sameOriginWsUrl, toHttpUrl } from './urls.ts';
export { startEmbeddedSfu } from './embedded-sfu.ts';
