import type { Room } from 'livekit-client';
import type { StageEntryDto } from '../../common/qa.ts';
import type { QaSession } from './qa-session.ts';
import type { VrQa } from './vr-qa.ts';

type Point3 = { x: number; y: number; z: number };

/** `window.podiumQa`: the Q&A's test hooks, installed only with `?test=1` (like `window.podium`). */
export interface QaDebugApi {
  /** The LiveKit room, so tests can try what the UI does not offer (publishing without the grant). */
  room(): Room | null;
  myStage(): StageEntryDto | null;
  canPublish(): boolean;
  /** The big screen's card ('idle' | 'question' | 'answer') and every string painted on it. */
  screen(): { card: string; text: readonly string[] } | null;
  vr(): {
    visible: boolean;
    rows: { id: string | null; text: string; vote: string }[];
    status: string;
    buttons: Record<string, Point3>;
  } | null;
}

declare global {
  interface Window {
    podiumQa?: QaDebugApi;
  }
}

export interface QaDebugDeps {
  session: QaSession;
  screen: { readonly content: { card: string; text: readonly string[] } } | null;
  vr: () => VrQa | null;
}

export function installQaDebugApi(d: QaDebugDeps): () => void {
  const api: QaDebugApi = {
    room: () => d.session.room,
    myStage: () => d.session.myStage ?? null,
    canPublish: () => d.session.canPublish,
    screen: () => (d.screen ? { card: d.screen.content.card, text: [...d.screen.content.text] } : null),
    vr: () => {
      const vr = d.vr();
      if (!vr) return null;
      return {
        visible: vr.panel.visible,
        rows: vr.panel.rows(),
        status: vr.panel.statusText,
        buttons: vr.panel.buttonPositions(),
      };
    },
  };
  window.podiumQa = api;
  return () => {
    if (window.podiumQa === api) delete window.podiumQa;
  };
}
