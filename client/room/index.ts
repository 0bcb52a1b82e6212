export { enterRoom, type EnterRoomOptions, type RoomHandle } from './enter-room.ts';
