import type { ScheduleEvent } from './onset-log.ts';
import type { TwinStage } from './twin-stage.ts';

/** The twin's test/bench hook on `window.podiumTwin` (test mode only). Times are performance.now() ms. */
export interface TwinDebugApi {
  readonly version: 1;
  present(): boolean;
  identity(): string | null;
  /** The agent state from `lk.agent.state`. */
  state(): string;
  /** The avatar finished loading (and the error when it failed). */
  loaded(): boolean;
  loadError(): string | null;
  /** Names of the face morph targets bound (visemes and blinks). */
  morphTargets(): string[];
  /** Sum of the non-silence viseme weights applied in the last frame. */
  visemeWeightSum(): number;
  /**
   * When the mouth opened after a rest (evaluated between frames as a fast display would show it; PP
   * and FF count as closed), and when the twin's audio started after a silence (as heard).
   */
  mouthOnsets(): number[];
  audioOnsets(): number[];
  /** Timeline arrivals and anchorings since the last clearOnsets(), for diagnosing offsets. */
  scheduleEvents(): ScheduleEvent[];
  /** Times the voice analysis fell behind (a frame stall longer than its window) and lost samples. */
  audioGaps(): number;
  clearOnsets(): void;
  /** The DOM caption as shown (prefix included), '' when hidden. */
  captionText(): string;
  /** The VR caption panel's text and whether the panel is shown. */
  panelCaption(): { text: string; visible: boolean };
  /** How far the hologram has materialised, 0 (gone) … 1 (fully shown). */
  reveal(): number;
  /** The disclosure label on the avatar, null while not shown. */
  label(): string | null;
  /** The utterance being scheduled: id, how it was anchored, and the interrupt point if any. */
  utterance(): { id: string; anchor: string | null; heardUntilMs: number | null } | null;
}

declare global {
  interface Window {
    podiumTwin?: TwinDebugApi;
  }
}

export function installTwinDebugApi(stage: TwinStage): () => void {
  const api: TwinDebugApi = {
    version: 1,
    present: () => stage.present,
    identity: () => stage.twinIdentity,
    state: () => stage.agentState,
    loaded: () => stage.loaded,
    loadError: () => stage.error,
    morphTargets: () => stage.morphTargetNames(),
    visemeWeightSum: () => stage.visemeWeightSum,
    mouthOnsets: () => [...stage.onsets.mouthMs],
    audioOnsets: () => [...stage.onsets.audioMs],
    scheduleEvents: () => stage.onsets.events.map((e) => ({ ...e })),
    audioGaps: () => stage.audioGaps,
    clearOnsets: () => stage.onsets.clear(),
    captionText: () => stage.captionText,
    panelCaption: () => ({ text: stage.panelText, visible: stage.panelVisible }),
    label: () => stage.labelText,
    reveal: () => stage.revealFraction,
    utterance: () => {
      const s = stage.schedule;
      const id = s.utteranceId;
      return id === null ? null : { id, anchor: s.anchorSource, heardUntilMs: s.heardUntilMs };
    },
  };
  stage.onsets.enabled = true;
  window.podiumTwin = api;
  return () => {
    stage.onsets.enabled = false;
    if (window.podiumTwin === api) delete window.podiumTwin;
  };
}
