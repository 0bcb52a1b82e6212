import type { Transaction } from 'kysely';
import type { StageEntryDto, StageListResponse } from '../../common/qa.ts';
import { TWIN_IDENTITY_PREFIX } from '../../common/roles.ts';
import type { Database } from '../store/index.ts';
import type { QaCore } from './core.ts';
import { toStageEntryDto } from './dto.ts';
import { QaError } from './errors.ts';
import type { StageMedia } from './media.ts';
import type { QaPublisher } from './publisher.ts';
import type { Actor, QaService } from './service.ts';
import type { StageRepo } from './stage-repo.ts';
import type { StageRow } from './tables.ts';

export interface EndResult {
  ended: true;
  endedAt: string;
  /** False when there is no media server to disconnect people from. */
  mediaClosed: boolean;
}

const noMedia = () =>
  new QaError(
    'media_unavailable',
    'Stage and host controls need a media server, and this Podium runs without one (PODIUM_MEDIA=none).',
    { retryable: false },
  );

function assertNotTwin(identity: string): void {
  if (identity.toLowerCase().startsWith(TWIN_IDENTITY_PREFIX)) {
    throw new QaError(
      'reserved_identity',
      'The twin is controlled through governance (consent), not stage controls',
    );
  }
}

/**
 * Raise hand → promote to the stage → demote, and the host's controls (mute, mute all, remove,
 * end). Promotion changes the participant's LiveKit permissions live (RoomService
 * UpdateParticipant); the database records who is on stage once LiveKit has agreed.
 */
export class StageService {
  readonly #core: QaCore;
  readonly #repo: StageRepo;
  readonly #qa: QaService;
  readonly #media: () => StageMedia | null;
  readonly #publisher: QaPublisher;
  readonly #endGraceMs: number;

  constructor(
    core: QaCore,
    repo: StageRepo,
    qa: QaService,
    media: () => StageMedia | null,
    publisher: QaPublisher,
    /** How long `end` waits between announcing and closing the media room. */
    endGraceMs = 1_000,
  ) {
    this.#core = core;
    this.#repo = repo;
    this.#qa = qa;
    this.#media = media;
    this.#publisher = publisher;
    this.#endGraceMs = endGraceMs;
  }

  async list(roomId: string): Promise<StageListResponse> {
    return this.#repo.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const state = await this.#core.repo.roomState(roomId, tx);
        if (!state) throw new QaError('room_not_found', `There is no room "${roomId}"`);
        const rows = await this.#repo.list(roomId, tx);
        return { roomId, seq: state.seq, entries: rows.map(toStageEntryDto) };
      });
  }

  /** Raises or lowers the caller's own hand. Works without a media server. */
  raiseHand(actor: Actor, raised: boolean): Promise<StageEntryDto> {
    return this.#write(actor.roomId, (tx) => this.#repo.setHand(tx, actor.roomId, actor, raised));
  }

  /** Promotes someone to the stage (they may publish their microphone) or demotes them to listen-only. */
  async setOnStage(actor: Actor, identity: string, onStage: boolean): Promise<StageEntryDto> {
    assertNotTwin(identity);
    const media = this.#requireMedia();
    const name = await this.#repo.joinedName(actor.roomId, identity);
    if (name === null) throw new QaError('participant_not_found', `Nobody joined this room as "${identity}"`);
    await media.setSpeaker(actor.roomId, identity, onStage);
    this.#core.log.info({ roomId: actor.roomId, identity, onStage, by: actor.identity }, 'stage changed');
    return this.#write(actor.roomId, (tx) =>
      this.#repo.setOnStage(tx, actor.roomId, { identity, name }, onStage, actor.identity),
    );
  }

  /**
   * Re-applies the caller's stage permission when the stage says they are on it. A reconnect joins
   * LiveKit again with a token minted before the promotion (listen-only), so the permission granted
   * live is gone; the client asks for it back once connected. Null when they are not on stage.
   */
  async resync(actor: Actor): Promise<StageEntryDto | null> {
    const row = await this.#repo.get(actor.roomId, actor.identity);
    if (!row?.on_stage) return null;
    await this.#requireMedia().setSpeaker(actor.roomId, actor.identity, true);
    this.#core.log.info({ roomId: actor.roomId, identity: actor.identity }, 'stage permission restored');
    return toStageEntryDto(row);
  }

  /**
   * The same person joined again under a new identity (their session cookie names the old one):
   * their place on stage moves to the new identity, which asks for the permission once connected
   * (`resync`). The old identity is sent back, in case it is still connected somewhere.
   */
  async carryOver(roomId: string, from: string, to: { identity: string; name: string }): Promise<boolean> {
    if (from === to.identity) return false;
    const { repo } = this.#core;
    const moved = await repo.db.transaction().execute(async (tx) => {
      const old = await this.#repo.get(roomId, from, tx);
      if (!old?.on_stage) return null;
      const seq = await repo.bumpSeq(tx, roomId);
      const left = await this.#repo.setOnStage(
        tx,
        roomId,
        { identity: from, name: old.name },
        false,
        to.identity,
      );
      const next = await this.#repo.setOnStage(tx, roomId, to, true, old.changed_by ?? to.identity);
      return { seq, rows: [left, next] };
    });
    if (!moved) return false;
    this.#core.announce(
      moved.rows.map((row) => ({
        kind: 'stage' as const,
        roomId,
        seq: moved.seq,
        entry: toStageEntryDto(row),
      })),
    );
    this.#core.log.info({ roomId, from, to: to.identity }, 'stage carried over to a new join');
    const media = this.#media();
    await media?.setSpeaker(roomId, from, false).catch((err: unknown) => {
      // Usually the old connection is already gone: nothing to take back.
      if (!(err instanceof QaError && err.code === 'participant_not_found')) throw err;
    });
    return true;
  }

  /** Mutes someone's microphone (one track, or every unmuted audio track). Returns the muted track sids. */
  async mute(actor: Actor, identity: string, trackSid?: string): Promise<{ muted: string[] }> {
    const media = this.#requireMedia();
    const tracks = await media.tracks(actor.roomId, identity);
    const targets = trackSid
      ? tracks.filter((t) => t.sid === trackSid)
      : tracks.filter((t) => t.audio && !t.muted);
    if (trackSid && targets.length === 0) {
      throw new QaError('participant_not_found', `"${identity}" has no track ${trackSid}`);
    }
    for (const t of targets) await media.mute(actor.roomId, identity, t.sid);
    this.#core.log.info(
      { roomId: actor.roomId, identity, tracks: targets.length, by: actor.identity },
      'muted',
    );
    return { muted: targets.map((t) => t.sid) };
  }

  /** Mutes every person's microphone except the caller's (and the twin's, which governance controls). */
  async muteAll(actor: Actor): Promise<{ participants: number; muted: number }> {
    const media = this.#requireMedia();
    const people = (await media.participants(actor.roomId)).filter(
      (p) => p.identity !== actor.identity && !p.identity.toLowerCase().startsWith(TWIN_IDENTITY_PREFIX),
    );
    let participants = 0;
    let muted = 0;
    for (const p of people) {
      const open = p.tracks.filter((t) => t.audio && !t.muted);
      if (open.length === 0) continue;
      participants += 1;
      for (const t of open) {
        try {
          await media.mute(actor.roomId, p.identity, t.sid);
          muted += 1;
        } catch (err) {
          // Someone leaving meanwhile is not a failure of "mute all".
          if (!(err instanceof QaError && err.code === 'participant_not_found')) throw err;
        }
      }
    }
    this.#core.log.info({ roomId: actor.roomId, participants, muted, by: actor.identity }, 'muted all');
    return { participants, muted };
  }

  /** Disconnects someone from the room and clears their hand / stage status. */
  async remove(actor: Actor, identity: string): Promise<void> {
    assertNotTwin(identity);
    const media = this.#requireMedia();
    await media.remove(actor.roomId, identity);
    this.#core.log.info({ roomId: actor.roomId, identity, by: actor.identity }, 'participant removed');
    const { repo } = this.#core;
    const change = await repo.db.transaction().execute(async (tx) => {
      const seq = await repo.bumpSeq(tx, actor.roomId);
      const row = await this.#repo.clear(tx, actor.roomId, identity, actor.identity);
      return row ? { seq, row } : null;
    });
    if (change) {
      this.#core.announce([
        { kind: 'stage', roomId: actor.roomId, seq: change.seq, entry: toStageEntryDto(change.row) },
      ]);
    }
  }

  /**
   * Ends the session: recorded first (questions and votes close), announced, then the media room
   * is closed, which disconnects everyone. Without a media server only the first two happen.
   */
  async end(actor: Actor): Promise<EndResult> {
    const settings = await this.#qa.endSession(actor.roomId, actor.identity);
    this.#core.log.info({ roomId: actor.roomId, by: actor.identity }, 'session ended');
    const media = this.#media();
    if (media) {
      // Let the announcement reach people before they are disconnected: sent, then a moment to
      // cross the network (closing the room tears down the data channels it travels on).
      await this.#publisher.flush(actor.roomId);
      await new Promise((resolve) => setTimeout(resolve, this.#endGraceMs));
      await media.closeRoom(actor.roomId);
    }
    return {
      ended: true,
      endedAt: settings.endedAt ?? new Date().toISOString(),
      mediaClosed: media !== null,
    };
  }

  #requireMedia(): StageMedia {
    const media = this.#media();
    if (!media) throw noMedia();
    return media;
  }

  async #write(roomId: string, fn: (tx: Transaction<Database>) => Promise<StageRow>): Promise<StageEntryDto> {
    const { repo } = this.#core;
    const { seq, row } = await repo.db.transaction().execute(async (tx) => {
      const seq = await repo.bumpSeq(tx, roomId);
      return { seq, row: await fn(tx) };
    });
    const entry = toStageEntryDto(row);
    this.#core.announce([{ kind: 'stage', roomId, seq, entry }]);
    return entry;
  }
}
