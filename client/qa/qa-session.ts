import { RoomEvent, type RemoteParticipant, type Room } from 'livekit-client';
import { acceptQaPacket, type QuestionView, type StageEntryDto } from '../../common/qa.ts';
import type { Role } from '../../common/roles.ts';
import { Emitter } from '../media/events.ts';
import { qaApi, type QaApi } from './qa-api.ts';
import { QaStore, qaPermissions, type QaPermissions } from './qa-state.ts';
import { StageStore } from './stage-state.ts';

/** What a Q&A session reports to its views (desktop panel, console, big screen, VR panel). */
export interface QaSessionEvents {
  /** The questions changed (snapshot, event or one of our own responses). */
  questions: () => void;
  /** Raised hands or the stage changed, or our own LiveKit permission did. */
  stage: () => void;
  /** The LiveKit room changed (connected, reconnected with a new room, or gone). */
  room: (room: Room | null) => void;
  /** A load failed; `message` is a sentence for the person. */
  error: (message: string) => void;
}

export interface QaSessionOptions {
  roomId: string;
  role: Role;
  api?: QaApi;
}

/**
 * The client's shared Q&A state for one room: questions and the stage, loaded from the API and
 * kept current by the server's events on the LiveKit room. Every view reads from it and listens
 * to its events, so the desktop panel, the host console, the big screen and the VR panel agree.
 */
export class QaSession {
  readonly roomId: string;
  readonly role: Role;
  readonly perms: QaPermissions;
  readonly api: QaApi;
  readonly store: QaStore;
  readonly stage: StageStore;
  readonly events = new Emitter<QaSessionEvents>();
  readonly #abort = new AbortController();
  #room: Room | null = null;
  #detachRoom: () => void = () => undefined;
  #connected = false;
  #loading: Promise<void> | null = null;
  #reloadAgain = false;
  #syncing = false;

  constructor(o: QaSessionOptions) {
    this.roomId = o.roomId;
    this.role = o.role;
    this.perms = qaPermissions(o.role);
    this.api = o.api ?? qaApi;
    this.store = new QaStore(o.roomId);
    this.stage = new StageStore(o.roomId);
  }

  get room(): Room | null {
    return this.#room;
  }

  /** Our LiveKit identity (the stage is keyed by it), once connected. */
  get identity(): string | null {
    return this.#room?.localParticipant.identity || null;
  }

  /** Our stage entry, if we raised a hand or were brought on stage. */
  get myStage(): StageEntryDto | undefined {
    const id = this.identity;
    return id ? this.stage.get(id) : undefined;
  }

  /** Whether LiveKit currently lets us publish the microphone. */
  get canPublish(): boolean {
    return Boolean(this.#room?.localParticipant.permissions?.canPublish);
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Follows Q&A events on this LiveKit room (null when there is none); replaces the previous one. */
  attachRoom(room: Room | null): void {
    this.#detachRoom();
    this.#detachRoom = () => undefined;
    this.#room = room;
    this.events.emit('room', room);
    if (!room) return;
    const onData = (
      payload: Uint8Array,
      participant?: RemoteParticipant,
      _kind?: unknown,
      topic?: string,
    ): void => {
      const event = acceptQaPacket({ topic, participantIdentity: participant?.identity, payload });
      if (!event) return;
      if (event.type === 'stage.changed') {
        if (this.stage.receive(event)) this.events.emit('stage');
      } else if (this.store.receive(event)) {
        this.events.emit('questions');
      }
    };
    const onPermissions = (_prev: unknown, p: unknown): void => {
      if (p === room.localParticipant) this.events.emit('stage');
    };
    room.on(RoomEvent.DataReceived, onData);
    room.on(RoomEvent.ParticipantPermissionsChanged, onPermissions);
    this.#detachRoom = () => {
      room.off(RoomEvent.DataReceived, onData);
      room.off(RoomEvent.ParticipantPermissionsChanged, onPermissions);
    };
  }

  /** The media connection's state: a (re)connection reloads the snapshots so nothing missed is lost. */
  setConnected(connected: boolean): void {
    const was = this.#connected;
    this.#connected = connected;
    if (connected && !was) void this.reload();
  }

  /** Loads the question and stage snapshots; a call while one is loading runs once more after it. */
  reload(): Promise<void> {
    if (this.#loading) {
      this.#reloadAgain = true;
      return this.#loading;
    }
    const run = async (): Promise<void> => {
      do {
        this.#reloadAgain = false;
        await Promise.all([this.#loadQuestions(), this.#loadStage()]);
      } while (this.#reloadAgain && !this.#abort.signal.aborted);
      await this.#syncStagePermission();
    };
    this.#loading = run().finally(() => (this.#loading = null));
    return this.#loading;
  }

  /** Folds a question from one of our own API responses in and tells the views. */
  applyQuestion(q: QuestionView): void {
    this.store.upsertFromResponse(q);
    this.events.emit('questions');
  }

  applyStage(entry: StageEntryDto | null): void {
    if (entry) this.stage.upsertFromResponse(entry);
    this.events.emit('stage');
  }

  dispose(): void {
    this.#abort.abort();
    this.#detachRoom();
    this.#room = null;
    this.events.clear();
  }

  async #loadQuestions(): Promise<void> {
    this.store.beginLoad();
    try {
      const snapshot = await this.api.list(this.roomId, this.#abort.signal);
      if (this.#abort.signal.aborted) return;
      this.store.finishLoad(snapshot);
      this.events.emit('questions');
    } catch (err) {
      this.store.failLoad();
      if (!this.#abort.signal.aborted)
        this.events.emit('error', `Could not load the questions: ${message(err)}`);
    }
  }

  async #loadStage(): Promise<void> {
    this.stage.beginLoad();
    try {
      const snapshot = await this.api.stage(this.roomId, this.#abort.signal);
      if (this.#abort.signal.aborted) return;
      this.stage.finishLoad(snapshot);
      this.events.emit('stage');
    } catch (err) {
      this.stage.failLoad();
      if (!this.#abort.signal.aborted) this.events.emit('error', `Could not load the stage: ${message(err)}`);
    }
  }

  /**
   * A reconnect joins LiveKit again with a token minted before a promotion, so the stage
   * permission can be missing although the stage says we are on it: ask the server to re-apply it.
   */
  async #syncStagePermission(): Promise<void> {
    if (this.#syncing || !this.#connected || !this.myStage?.onStage || this.canPublish) return;
    this.#syncing = true;
    try {
      this.applyStage(await this.api.syncStage(this.roomId));
    } catch (err) {
      if (!this.#abort.signal.aborted)
        this.events.emit('error', `Could not restore your stage access: ${message(err)}`);
    } finally {
      this.#syncing = false;
    }
  }
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
