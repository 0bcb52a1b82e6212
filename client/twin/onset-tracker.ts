// The onset definition is shared with the server, which finds the same onsets in each segment's PCM.
export { ONSET_DEFAULTS, OnsetTracker, type OnsetOptions } from '../../common/audio-onsets.ts';
