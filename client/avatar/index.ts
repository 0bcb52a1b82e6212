export { RemoteAvatars, type ParticipantInfo } from './remote-avatars.ts';
export { PoseSender, type PoseSenderOptions } from './pose-sender.ts';
export { LocalPoseUnit, type LocalPoseSource } from './local-pose.ts';
export { DesktopPoseSource } from './desktop-pose-source.ts';
export { PoseInterpolator, createSampledPose, type SampledPose } from './interpolation-buffer.ts';
