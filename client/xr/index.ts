export { XrSession, type XrOptions, type XrPhase } from './xr-session.ts';
export type { PanelAction, PanelState } from './vr-panel.ts';
