export { LobbyView } from './lobby-view.ts';
export { fetchConfig, joinRoom } from './api-client.ts';
export { ApiError } from './api-error.ts';
export { readLaunchParams, type LaunchParams } from './launch-params.ts';
export { validateJoinForm } from './validation.ts';
export { MicMeter, describeMicError } from './mic-meter.ts';
export { listMicrophones, watchDevices } from './devices.ts';
export { detectVrSupport, type VrSupport } from './vr-support.ts';
