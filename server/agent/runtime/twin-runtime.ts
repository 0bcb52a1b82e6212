import { join } from 'node:path';
import type { Logger } from 'pino';
import type { OpenAiSpeechEnv } from '../../speech/index.ts';
import type { CorpusChangedEvent, Governance } from '../../governance/index.ts';
import { createParticipantCounter, type ParticipantCounter } from '../../livekit/index.ts';
import type { Qa } from '../../qa/index.ts';
import type { RoomRepo } from '../../rooms/index.ts';
import { createSpeechStack, FESTIVAL_INSTALL_HINT, type SpeechStack } from '../../speech/index.ts';
import { createTwinBrain, loadPersona, type LoadedPersona, type TwinBrain } from '../../twin/index.ts';
import { VoiceQuestions } from '../speech-in/voice-questions.ts';
import { RoomTwin, type RoomTwinStatus, type TwinSpeechEvent, type TwinVoice } from './room-twin.ts';

export interface TwinRuntimeOptions {
  personaId: string;
  /** Folder holding persona folders (assets/personas). */
  personasDir: string;
  governance: Governance;
  qa: Qa;
  rooms: RoomRepo;
  livekit: { url: string; apiKey: string; apiSecret: string };
  /** OPENAI_* settings for speech (TTS/STT); the brain reads its own. */
  speechEnv: OpenAiSpeechEnv;
  log: Logger;
  /** Told when an utterance's first audio goes out and when it ends. */
  onSpeech?: (event: TwinSpeechEvent) => void;
  /** How often rooms are checked for people (default 15 s); a room empty twice in a row is left. */
  idleCheckMs?: number;
}

/** The twin as the app server runs it: one RoomTwin per all-hands room that has people in it. */
export interface TwinRuntime {
  readonly personaId: string;
  /** Someone joined a room: the twin comes too when it is an all-hands room. */
  roomJoined(roomId: string): void;
  /** The rooms the twin is in (or joining), with what it is doing. */
  status(): RoomTwinStatus[];
  room(roomId: string): RoomTwin | null;
  /** Utterance events (first audio out, done); returns the function that removes the listener. */
  onSpeech(listener: (event: TwinSpeechEvent) => void): () => void;
  /** Speech in: push-to-talk recordings → text. */
  readonly voice: VoiceQuestions;
  close(): Promise<void>;
}

/**
 * Loads the persona and its brain, warms the voice, and wires the twin to the Q&A (questions the host
 * sends to the twin) and governance (released approvals, consent, control). Throws when the persona
 * cannot be loaded: PODIUM_TWIN names a persona that must exist.
 */
export async function createTwinRuntime(o: TwinRuntimeOptions): Promise<TwinRuntime> {
  const log = o.log.child({ module: 'agent', persona: o.personaId });
  const persona: LoadedPersona = await loadPersona(join(o.personasDir, o.personaId), { logger: log });
  // The corpus registry is the authority on what the twin may quote (versions, withdrawals); the
  // folder is what it imported on first start.
  const brainFromRegistry = async (): Promise<TwinBrain> => {
    const documents = await o.governance.corpus.activeDocuments(persona.id);
    if (documents.length === 0) log.warn('no approved corpus documents: the twin will decline everything');
    return createTwinBrain({ persona: { ...persona, documents }, logger: log });
  };
  let brain: TwinBrain = await brainFromRegistry();
  // Rebuilds run one at a time and the newest wins; questions keep using the old brain meanwhile.
  let rebuild: Promise<void> = Promise.resolve();
  const onCorpusChanged = (e: CorpusChangedEvent) => {
    if (e.personaId !== persona.id || !e.activeChanged) return;
    rebuild = rebuild.then(async () => {
      try {
        brain = await brainFromRegistry();
        log.info({ change: e.change, files: e.files }, 'twin brain rebuilt from the approved corpus');
      } catch (err) {
        log.error({ err }, 'twin brain rebuild failed; the previous corpus stays in use');
      }
    });
  };
  const speech: SpeechStack = createSpeechStack(o.speechEnv, { logger: log });
  const voice = await prepareVoice(speech, log);
  const counter: ParticipantCounter = createParticipantCounter({ ...o.livekit, timeoutMs: 3_000 }, log);

  const speechListeners = new Set<(e: TwinSpeechEvent) => void>();
  if (o.onSpeech) speechListeners.add(o.onSpeech);
  const rooms = new Map<string, { twin: RoomTwin; emptyChecks: number; started: Promise<void> }>();
  let closed = false;

  const ensure = (roomId: string) => {
    const running = rooms.get(roomId);
    if (running) return running;
    const twin = new RoomTwin({
      roomId,
      personaId: persona.id,
      personaName: persona.name,
      disclosure: persona.disclosure,
      // A question waits for a rebuild in progress: a withdrawn document is never quoted again.
      brain: async () => {
        await rebuild;
        return brain;
      },
      governance: o.governance,
      qa: o.qa,
      voice,
      livekit: o.livekit,
      log,
      onSpeech: (e) => {
        for (const listener of speechListeners) listener(e);
      },
    });
    const entry = {
      twin,
      emptyChecks: 0,
      started: twin
        .start()
        .catch((err: unknown) => log.error({ err, roomId }, 'twin could not start in room')),
    };
    rooms.set(roomId, entry);
    return entry;
  };

  const startIfAllHands = async (roomId: string) => {
    if (closed || rooms.has(roomId)) return;
    const room = await o.rooms.get(roomId);
    if (!room || room.kind !== 'all-hands' || closed) return;
    ensure(roomId);
  };

  const offs = [
    o.governance.events.on('corpus.changed', onCorpusChanged),
    o.qa.events.on('questionLive', (question, target) => {
      if (target !== 'twin' || closed) return;
      const { twin, started } = ensure(question.room_id);
      void started
        .then(() => twin.answer(question))
        .catch((err: unknown) => log.error({ err, questionId: question.id }, 'twin answer failed'));
    }),
    o.governance.events.on('approval.released', (event) => {
      if (closed || event.approval.personaId !== persona.id) return;
      const { twin, started } = ensure(event.approval.roomId);
      void started
        .then(() => twin.speakApproved(event))
        .catch((err: unknown) => log.error({ err, approvalId: event.approval.id }, 'approved answer failed'));
    }),
  ];

  // A room with nobody in it (twice in a row, so a reconnecting person does not lose the twin) is left.
  const idle = setInterval(() => {
    for (const [roomId, entry] of rooms) {
      void counter.count(roomId).then(async (people) => {
        if (people === null || closed) return;
        entry.emptyChecks = people === 0 ? entry.emptyChecks + 1 : 0;
        if (entry.emptyChecks < 2 || rooms.get(roomId) !== entry) return;
        rooms.delete(roomId);
        log.info({ roomId }, 'room empty: the twin leaves');
        await entry.twin.stop();
      });
    }
  }, o.idleCheckMs ?? 15_000);
  idle.unref();

  // Speech in: booth asks join LiveKit as the twin (listen-only), in a private room per question.
  const voiceQuestions = new VoiceQuestions({
    stt: speech.stt,
    log,
    asks: { livekit: o.livekit, personaId: persona.id, twinName: `AI twin of ${persona.name}` },
  });

  log.info(
    { brain: brain.mode, voice: voice.available ? voice.provider.provider : 'unavailable' },
    'twin runtime ready',
  );
  return {
    personaId: persona.id,
    roomJoined(roomId) {
      void startIfAllHands(roomId).catch((err: unknown) => log.error({ err, roomId }, 'twin start failed'));
    },
    status: () => [...rooms.values()].map((r) => r.twin.status),
    room: (roomId) => rooms.get(roomId)?.twin ?? null,
    onSpeech(listener) {
      speechListeners.add(listener);
      return () => speechListeners.delete(listener);
    },
    voice: voiceQuestions,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(idle);
      for (const off of offs) off();
      await rebuild;
      await Promise.all([...rooms.values()].map((r) => r.twin.stop()));
      await voiceQuestions.close();
      rooms.clear();
      await speech.close().catch((err: unknown) => log.warn({ err }, 'speech close failed'));
    },
  };
}

async function prepareVoice(speech: SpeechStack, log: Logger): Promise<TwinVoice> {
  const festival = await speech.festival.isAvailable();
  const id = speech.tts.id;
  // With OpenAI TTS configured, Festival only supplies timings; without it, it is the voice.
  const available = festival.ok || id !== speech.festival.id;
  if (!festival.ok) {
    log.warn(
      { reason: festival.reason, hint: FESTIVAL_INSTALL_HINT },
      available
        ? 'Festival unavailable: speech timings are estimated'
        : 'no voice: the twin answers in writing only',
    );
  }
  return {
    tts: speech.tts,
    available,
    provider: { provider: id, model: null, voice: null },
  };
}
