import './styles.css';
import type { JoinRequest, JoinResponse } from '../common/api.ts';
import {
  ApiError,
  describeMicError,
  detectVrSupport,
  fetchConfig,
  joinRoom,
  listMicrophones,
  LobbyView,
  MicMeter,
  readLaunchParams,
  validateJoinForm,
  watchDevices,
} from './lobby/index.ts';
import type * as RoomModule from './room/index.ts';
import type { RoomHandle } from './room/index.ts';

/**
 * The entry point: only the lobby (small, no Babylon) loads up front. The town hall — Babylon,
 * LiveKit, avatars — is a separate chunk imported when the person starts joining.
 */
const NAME_KEY = 'podium.name';
const params = readLaunchParams(location.search);
const lobby = new LobbyView(document);
let vrSupported = false;
let room: RoomHandle | null = null;
let roomModule: Promise<typeof RoomModule> | null = null;

const loadRoomModule = (): Promise<typeof RoomModule> => {
  roomModule ??= import('./room/index.ts').catch((err: unknown) => {
    roomModule = null; // allow a retry after a failed download
    throw err;
  });
  return roomModule;
};

lobby.name.value = params.name ?? localStorage.getItem(NAME_KEY) ?? '';
if (params.roomId) lobby.room.value = params.roomId;
lobby.showInvite(params.invite !== null);

fetchConfig()
  .then((config) => {
    if (!lobby.room.value) lobby.room.value = config.defaultRoomId;
  })
  .catch((err: unknown) =>
    lobby.setError(err instanceof ApiError ? err.message : 'Cannot reach the server.'),
  );

detectVrSupport()
  .then((support) => {
    vrSupported = support === 'supported';
    lobby.setVrSupport(support);
  })
  .catch(() => lobby.setVrSupport('unsupported'));

// Microphone check and device picker.
const meter = new MicMeter((level) => lobby.setMicLevel(level));
const refreshDevices = (): void => {
  listMicrophones()
    .then((devices) => lobby.setDevices(devices))
    .catch(() => lobby.setDevices([]));
};
refreshDevices();
watchDevices(refreshDevices);
lobby.micTest.addEventListener('click', () => {
  if (meter.running) {
    meter.stop();
    lobby.setMicTesting(false, 'Microphone test stopped.');
    return;
  }
  lobby.setMicTesting(true, 'Listening… speak to see the level move.');
  meter
    .start(lobby.micDevice.value || null)
    .then(() => refreshDevices()) // labels become available once permission is granted
    .catch((err: unknown) => {
      meter.stop();
      lobby.setMicTesting(false, describeMicError(err));
    });
});
lobby.micDevice.addEventListener('change', () => {
  if (!meter.running) return;
  meter.start(lobby.micDevice.value || null).catch((err: unknown) => {
    meter.stop();
    lobby.setMicTesting(false, describeMicError(err));
  });
});

// Fetch the town hall's code while the person is still typing.
lobby.form.addEventListener('focusin', () => void loadRoomModule().catch(() => undefined), { once: true });

lobby.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (room) return;
  const result = validateJoinForm({
    name: lobby.name.value,
    roomId: lobby.room.value,
    invite: params.invite,
  });
  lobby.setFieldErrors(result.ok ? [] : result.errors);
  if (!result.ok) return;
  // Created inside the click so the browser lets it play remote voices.
  const audioContext = createAudioContext();
  void join(result.request, audioContext);
});

async function join(request: JoinRequest, audioContext: AudioContext | null): Promise<void> {
  lobby.setError('');
  lobby.setBusy(true);
  lobby.setProgress(0.05, 'Joining…');
  try {
    const code = loadRoomModule();
    const joined = await joinRoom(request);
    localStorage.setItem(NAME_KEY, request.name);
    lobby.setProgress(0.25, 'Loading the town hall…');
    const { enterRoom } = await code;
    lobby.setProgress(0.45, 'Starting the 3D engine…');
    const micDeviceId = lobby.micDevice.value || null;
    meter.stop();
    lobby.setMicTesting(false, 'Speak to see the level move.');
    const canvas = document.getElementById('scene') as HTMLCanvasElement;
    room = await enterRoom({
      canvas,
      join: joined,
      rejoin: (signal): Promise<JoinResponse> => joinRoom(request, { signal }),
      micDeviceId,
      audioContext,
      vrSupported,
      testMode: params.testMode,
      onProgress: (fraction, label) => lobby.setProgress(fraction, label),
      onLeft: (message) => {
        room = null;
        void audioContext?.close().catch(() => undefined);
        lobby.show(true);
        lobby.setBusy(false);
        lobby.setStatus(message);
      },
    });
    lobby.show(false);
    lobby.setBusy(false);
    lobby.setStatus('');
  } catch (err) {
    console.error('join failed', err);
    void audioContext?.close().catch(() => undefined);
    lobby.setBusy(false);
    lobby.setError(
      err instanceof ApiError ? err.message : 'Could not open the town hall. Please reload and try again.',
    );
  }
}

function createAudioContext(): AudioContext | null {
  try {
    const ctx = new AudioContext({ latencyHint: 'interactive' });
    void ctx.resume().catch(() => undefined);
    return ctx;
  } catch {
    return null;
  }
}
