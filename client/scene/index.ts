export { createSceneContext, type SceneContext } from './create-scene.ts';
export { buildTownHall, type TownHall } from './town-hall.ts';
export {
  DEFAULT_HALL,
  computeSeats,
  entrancePoint,
  floorHeightAt,
  type HallLayout,
  type Seat,
} from './hall-layout.ts';
export { FrameLoop, SYSTEM_ORDER, type LifecycleUnit, type SystemName } from './frame-loop.ts';
export { DesktopInput, DesktopLocomotion } from './desktop-controls.ts';
export { createWalker, type WalkerState } from './locomotion.ts';
export { BigScreen, paintTitleSlide, type ScreenPainter } from './big-screen.ts';
