export { VoiceAsk, type VoiceAskOptions, type VoiceAskPhase } from './voice-ask.ts';
