// The AI twin on the stage: avatar (loaded lazily), lip-sync on the heard audio, captions.
export { captionPanelPositionFor, TwinStage, type TwinStageOptions } from './twin-stage.ts';
export { installTwinDebugApi, type TwinDebugApi } from './debug-hook.ts';
