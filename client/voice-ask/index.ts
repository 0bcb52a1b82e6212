export { VoiceAsk, type VoiceAskOptions, type VoiceAskPath, type VoiceAskPhase } from './voice-ask.ts';
export { BoothSetupError, VoiceBooth } from './booth.ts';
