export { QaPanel, type QaPanelOptions } from './qa-panel.ts';
export { qaApi, QaApiError, type QaApi } from './qa-api.ts';
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
