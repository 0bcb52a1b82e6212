/** Events the VR Q&A panel raises for others to handle (typed callbacks map). */
export interface VrQaEvents {
  /** The person started holding "Ask by voice" (panel button or the left controller's X button). */
  voiceAskStart: () => void;
  /** They let go: the spoken question is complete. */
  voiceAskEnd: () => void;
  /** They pressed "Ask it" on the transcript of their spoken question. */
  voiceConfirm: () => void;
}
