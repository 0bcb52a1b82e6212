export { QaPanel, type QaPanelOptions } from './qa-panel.ts';
export { qaApi, QaApiError, type QaApi } from './qa-api.ts';
export { QaSession, type QaSessionEvents, type QaSessionOptions } from './qa-session.ts';
export { QaScreen, screenQuestion, type QaScreenOptions, type QaScreenTarget } from './qa-screen.ts';
export { VrQa, type VrQaXr } from './vr-qa.ts';
export type { VrQaEvents } from './events.ts';
export { installQaDebugApi, type QaDebugApi } from './qa-debug.ts';
export {
  QaStore,
  qaPermissions,
  questionActions,
  questionTextProblem,
  type PanelQuestion,
  type QaAction,
  type QaPermissions,
  type QaSort,
  type QaViewOptions,
} from './qa-state.ts';
