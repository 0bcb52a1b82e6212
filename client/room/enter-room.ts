import type { Camera } from '@babylonjs/core/Cameras/camera.js';
import type { JoinResponse } from '../../common/api.ts';
import { DesktopPoseSource, LocalPoseUnit, PoseSender, RemoteAvatars } from '../avatar/index.ts';
import { FrameStats } from '../debug/frame-stats.ts';
import { SyntheticCrowd } from '../debug/synthetic-crowd.ts';
import { MediaSession, SpatialVoices } from '../media/index.ts';
import { installQaDebugApi, qaApi, QaPanel, QaScreen, VrQa } from '../qa/index.ts';
import { VoiceAsk } from '../voice-ask/index.ts';
import {
  buildTownHall,
  createSceneContext,
  createWalker,
  DEFAULT_HALL,
  DesktopInput,
  DesktopLocomotion,
  entrancePoint,
  FrameLoop,
} from '../scene/index.ts';
import { captionPanelPositionFor, installTwinDebugApi, TwinStage } from '../twin/index.ts';
import { RoomOverlay } from '../ui/room-overlay.ts';
import type { PanelAction, XrPhase, XrSession } from '../xr/index.ts';
import { installRoomDebugApi } from './debug-bridge.ts';
import { MicControl } from './mic-control.ts';
import { bindPushToTalkKey } from './push-to-talk-key.ts';

export interface EnterRoomOptions {
  canvas: HTMLCanvasElement;
  join: JoinResponse;
  /** A fresh join (new token) for when the media connection is lost for good. */
  rejoin: (signal: AbortSignal) => Promise<JoinResponse>;
  micDeviceId: string | null;
  /** Created in the Join click so it is allowed to play; null disables spatial voices. */
  audioContext: AudioContext | null;
  vrSupported: boolean;
  testMode: boolean;
  onProgress: (fraction: number, label: string) => void;
  /** The user left (or was removed); the lobby should come back. */
  onLeft: (message: string) => void;
}

export interface RoomHandle {
  leave(): Promise<void>;
}

const SPEAKING_POLL_MS = 100;

/**
 * Builds the town hall and everything in it, wires LiveKit, and starts the frame loop. Resolves
 * once the hall is rendering; the media connection completes (or retries) in the background and
 * is shown in the overlay's status line.
 */
export async function enterRoom(o: EnterRoomOptions): Promise<RoomHandle> {
  o.onProgress(0.5, 'Building the town hall…');
  await nextFrame();
  const { engine, scene, camera } = createSceneContext(o.canvas);
  // Whatever was built before a failure is released again (the lobby shows the error).
  const undo: (() => void)[] = [];
  try {
    const layout = DEFAULT_HALL;
    const hall = buildTownHall(scene, layout);
    // Spread arrivals along the entrance platform so people do not spawn inside each other.
    const start = entrancePoint(layout, Math.random() * 2 - 1);
    const walker = createWalker(start.x, start.z, start.yawRad, layout);

    const loop = new FrameLoop();
    undo.push(() => loop.dispose());
    const input = new DesktopInput(o.canvas, scene, hall, walker);
    loop.register(input);
    loop.register(new DesktopLocomotion(input, walker, camera, layout));

    const avatars = new RemoteAvatars(scene);
    const media = new MediaSession({
      initial: o.join.livekit,
      rejoin: async (signal) => (await o.rejoin(signal)).livekit,
      micDeviceId: o.micDeviceId,
    });
    const sender = new PoseSender(media.poses, performance.now());
    const desktopPose = new DesktopPoseSource(camera);
    const localPose = new LocalPoseUnit(sender, desktopPose);
    loop.register(localPose);
    let synthetic: SyntheticCrowd | null = null;
    if (o.testMode) {
      synthetic = new SyntheticCrowd(avatars, hall.seats);
      loop.register(synthetic);
    }
    for (const unit of avatars.units()) loop.register(unit);

    let voices: SpatialVoices | null = null;
    if (o.audioContext) {
      voices = await SpatialVoices.create(o.audioContext).catch((err: unknown) => {
        console.warn('spatial audio unavailable', err);
        return null;
      });
      voices?.attachListener(camera);
    }
    // The AI twin on the stage: its avatar, lip-synced voice (spatial, at the twin) and captions.
    const twin = new TwinStage({
      scene,
      doc: document,
      container: document.getElementById('room-view')!,
      markPosition: hall.twinMarkPosition,
      captionPanelPosition: captionPanelPositionFor(layout),
      audioContext: voices ? o.audioContext : null,
      positionOf: (identity) => avatars.positionOf(identity),
      onError: (message, err) => console.warn(message, err),
    });
    const sfuSpeaking = new Map<string, number>();
    let sincePollMs = 0;
    loop.register({
      name: 'audio',
      update: (dtMs) => {
        sincePollMs += dtMs;
        if (sincePollMs < SPEAKING_POLL_MS || !voices) return;
        sincePollMs = 0;
        for (const id of voices.identities()) {
          avatars.setSpeaking(id, Math.max(voices.level(id), sfuSpeaking.get(id) ?? -1));
        }
      },
      dispose: () => voices?.dispose(),
    });
    // After the voices: it analyses the twin's voice as this listener hears it.
    loop.register(twin.unit());

    let leaving = false;
    let xr: XrSession | null = null;
    const overlay = new RoomOverlay(document, {
      onToggleMute: () => mic.toggle(),
      onEnterVr: () => {
        if (!xr) return;
        const action = xr.state === 'in-xr' ? xr.exit() : xr.enter();
        action.catch((err: unknown) => overlay.setStatus(`Could not start VR: ${errorText(err)}`, 'error'));
      },
      onLeave: () => void leave('You left the room.'),
      onPushToTalkChange: (on) => mic.setPushToTalk(on),
      onVignetteChange: (on) => {
        if (xr) xr.vignette.enabled = on;
        syncPanel();
      },
    });
    const mic = new MicControl(
      media,
      (view) => {
        overlay.setMic(view);
        syncPanel();
      },
      (message, err) => {
        console.warn(message, err);
        overlay.setStatus(message, 'error');
      },
    );
    const unbindPtt = bindPushToTalkKey(mic);
    const qa = new QaPanel({
      doc: document,
      roomId: o.join.session.roomId,
      role: o.join.session.role,
      controls: document.getElementById('room-controls')!,
      container: document.getElementById('room-view')!,
      before: document.getElementById('btn-settings'),
    });
    undo.push(() => qa.dispose());
    // The big screen follows the live question (and the twin's citations once answered).
    const qaScreen = new QaScreen(qa.session, hall.screen);
    // The twin looks at whoever asked the live question (anonymous askers stay unknown).
    const followAsker = (): void => {
      const live = qa.session.store.all('recent').find((q) => q.state === 'live');
      twin.setAsker(live?.author?.identity ?? null);
    };
    undo.push(qa.session.events.on('questions', followAsker));
    undo.push(() => qaScreen.dispose());
    // Ask by voice: hold the button (or V), confirm the transcript, and it goes in as a question.
    const voiceAsk = o.audioContext
      ? new VoiceAsk({
          roomId: o.join.session.roomId,
          audioContext: o.audioContext,
          micDeviceId: o.micDeviceId,
          container: document.getElementById('room-view')!,
          submit: async (text, anonymous) => {
            await qaApi.submit(o.join.session.roomId, text, anonymous);
          },
          // In VR the DOM dialog is out of sight: the panel shows the same flow.
          onChange: (_phase, message, transcript) => vrQa?.showVoice(message, transcript),
        })
      : null;
    undo.push(() => voiceAsk?.dispose());
    let vrQa: VrQa | null = null;
    undo.push(
      unbindPtt,
      () => overlay.dispose(),
      () => void media.close(),
    );
    const syncPanel = (): void => {
      if (!xr) return;
      xr.setPanelState({ ...mic.view, vignette: overlay.vignetteEnabled });
    };

    media.poses.onPose((identity, pose) => avatars.receive(identity, pose));
    media.events.on('participantUpserted', (info) => avatars.upsert(info));
    media.events.on('participantLeft', (identity) => {
      voices?.remove(identity);
      sfuSpeaking.delete(identity);
      avatars.remove(identity);
    });
    media.events.on('voiceAdded', (identity, track) => {
      const anchor = avatars.anchorOf(identity);
      if (!voices || !anchor) return;
      voices.add(identity, track, anchor).catch((err: unknown) => console.warn('voice failed', err));
    });
    media.events.on('voiceRemoved', (identity) => {
      voices?.remove(identity);
      avatars.setSpeaking(identity, -1);
    });
    media.events.on('speaking', (identity, level) => {
      if (level < 0) sfuSpeaking.delete(identity);
      else sfuSpeaking.set(identity, level);
      if (!voices) avatars.setSpeaking(identity, level);
    });
    media.events.on('twinUpserted', (info) => twin.upsert(info));
    media.events.on('twinLeft', (identity) => {
      voices?.remove(identity);
      twin.leave(identity);
    });
    media.events.on('twinVoiceAdded', (identity, track) => {
      if (!voices) return;
      const v = voices;
      v.add(identity, track, twin.voiceAnchor)
        .then(() => {
          const source = v.sourceOf(identity);
          if (source) twin.attachVoice(source);
        })
        .catch((err: unknown) => console.warn('twin voice failed', err));
    });
    media.events.on('twinVoiceRemoved', (identity) => {
      twin.detachVoice();
      voices?.remove(identity);
    });
    media.events.on('twinTimeline', (_identity, payload) => twin.receiveTimeline(payload));
    media.events.on('mic', (canPublish, muted) => mic.sync(canPublish, muted));
    media.events.on('identity', () => {
      sender.sendSoon();
      // Q&A events arrive as server data packets on the LiveKit room, which MediaSession keeps
      // private; 'identity' fires after every (re)connect, once the new room is in place.
      qa.attachRoom(media.currentRoom);
    });
    media.events.on('phase', (phase, detail) => {
      if (leaving) return;
      qa.setConnected(phase === 'connected');
      overlay.setStatus(detail, phase === 'connected' ? 'ok' : phase === 'disconnected' ? 'error' : 'warn');
    });
    media.events.on('error', (message, err) => {
      console.warn(message, err);
      overlay.setStatus(message, 'warn');
    });

    overlay.setVr(o.vrSupported, false, false);
    if (o.vrSupported) {
      o.onProgress(0.7, 'Preparing VR…');
      try {
        const { XrSession } = await import('../xr/index.ts');
        xr = await XrSession.create({
          scene,
          desktopCamera: camera,
          layout,
          floorMeshes: [hall.walkable],
          onPhase: (phase: XrPhase, active: Camera) => {
            input.setEnabled(phase === 'inactive');
            localPose.setSource(phase === 'in-xr' && xr ? xr.poseSource : desktopPose);
            voices?.attachListener(active);
            twin.setImmersive(phase === 'in-xr');
            if (phase === 'inactive' && xr) {
              // Continue on the desktop from where VR left off.
              const p = xr.camera.position;
              walker.x = p.x;
              walker.z = p.z;
            }
            overlay.setVr(true, true, phase === 'in-xr');
          },
          onPanelAction: (action: PanelAction) => {
            if (action === 'mute') mic.toggle();
            if (action === 'vignette') {
              overlay.setVignette(!overlay.vignetteEnabled);
              if (xr) xr.vignette.enabled = overlay.vignetteEnabled;
            }
            syncPanel();
          },
        });
        xr.vignette.enabled = overlay.vignetteEnabled;
        loop.register(xr.unit());
        vrQa = new VrQa(scene, qa.session, xr);
        loop.register(vrQa.unit());
        if (voiceAsk) {
          // The VR panel's hold-to-talk button drives the same voice question flow.
          const va = voiceAsk;
          undo.push(
            vrQa.on('voiceAskStart', () => void va.begin()),
            vrQa.on('voiceAskEnd', () => void va.end()),
            vrQa.on('voiceConfirm', () => void va.confirm()),
          );
        }
        syncPanel();
        overlay.setVr(true, true, false);
      } catch (err) {
        console.warn('VR unavailable', err);
        overlay.setVr(false, false, false);
      }
    }

    undo.push(() => hall.dispose());
    const stats = o.testMode ? new FrameStats(scene) : null;
    const uninstallDebug = o.testMode
      ? installRoomDebugApi({
          scene,
          camera,
          hall,
          avatars,
          media,
          sender,
          stats: stats!,
          synthetic: synthetic!,
          walker,
          mic,
          voices,
          statusText: () => overlay.statusText,
          getXr: () => xr,
        })
      : () => undefined;
    undo.push(uninstallDebug, () => stats?.dispose());
    const uninstallTwinDebug = o.testMode ? installTwinDebugApi(twin) : () => undefined;
    undo.push(uninstallTwinDebug);
    const uninstallQaDebug = o.testMode
      ? installQaDebugApi({ session: qa.session, screen: hall.screen, vr: () => vrQa })
      : () => undefined;
    undo.push(uninstallQaDebug);

    o.onProgress(0.85, 'Preparing the scene…');
    await scene.whenReadyAsync();
    // The canvas only has its real size once the room view is visible.
    overlay.show(true);
    engine.resize();
    let last = performance.now();
    engine.runRenderLoop(() => {
      const t0 = performance.now();
      loop.tick(t0 - last, t0);
      last = t0;
      scene.render();
      stats?.recordFrameCpu(performance.now() - t0);
    });
    const onResize = (): void => engine.resize();
    window.addEventListener('resize', onResize);
    overlay.setStatus('Connecting…', 'warn');
    overlay.focusScene();
    o.onProgress(1, 'Ready');
    void media.start();

    async function leave(message: string): Promise<void> {
      if (leaving) return;
      leaving = true;
      window.removeEventListener('resize', onResize);
      unbindPtt();
      uninstallDebug();
      uninstallQaDebug();
      uninstallTwinDebug();
      qaScreen.dispose();
      if (xr?.state === 'in-xr') await xr.exit().catch(() => undefined);
      qa.dispose();
      await media.close();
      engine.stopRenderLoop();
      loop.dispose();
      stats?.dispose();
      hall.dispose();
      scene.dispose();
      engine.dispose();
      overlay.dispose();
      o.onLeft(message);
    }

    return { leave: () => leave('You left the room.') };
  } catch (err) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Best effort: keep releasing the rest.
      }
    }
    scene.dispose();
    engine.dispose();
    throw err;
  }
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
