export { SrtpOutbound } from './outbound.ts';
export { RolloverCounter } from './rollover.ts';
export {
  createSrtpSealer,
  SRTP_AEAD_AES_128_GCM,
  SRTP_AES128_CM_HMAC_SHA1_80,
  type SrtpSealer,
  type SrtpSessionKeys,
} from './sealer.ts';
