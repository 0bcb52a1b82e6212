import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ApprovalReleasedEvent, Governance } from '../../governance/index.ts';
import { utteranceFromAnswer } from '../../governance/index.ts';
import type { ConsentModality, TwinControlStateDto } from '../../../common/governance.ts';
import { TWIN_IDENTITY_PREFIX } from '../../../common/roles.ts';
import type { Qa, QuestionRow } from '../../qa/index.ts';
import type { TtsProvider } from '../../speech/index.ts';
import type { TwinAnswer, TwinBrain } from '../../twin/index.ts';
import {
  connectTwinParticipant,
  twinToken,
  type SpeakResult,
  type TwinParticipant,
} from '../participant/index.ts';
import { PreparedAnswers, type PreparedAnswer } from './prepared-answers.ts';
import { speechSegments, startSpeech, type SpeechStart } from './speech-start.ts';
import { qaCitations, spokenReply } from './spoken-reply.ts';

/** Everything the twin needs to act for consent: it speaks (voice), has a face (likeness), says statements. */
const MODALITIES: readonly ConsentModality[] = ['statements', 'voice', 'likeness'];
/** Approved questions whose answers are kept ready (the most recently approved). */
const PREPARED_MAX = 8;
/** A prepared answer older than this is worked out again. */
const PREPARED_MAX_AGE_MS = 10 * 60_000;

export interface TwinVoice {
  tts: TtsProvider;
  /** False when the voice is not installed: the twin then answers in writing only. */
  available: boolean;
  provider: { provider: string; model: string | null; voice: string | null };
}

export interface RoomTwinOptions {
  roomId: string;
  personaId: string;
  personaName: string;
  /** Spoken before the first answer in a session (the AI notice). */
  disclosure: string | null;
  /** The current brain (rebuilt when the approved corpus changes; resolves after a rebuild in progress). */
  brain: () => Promise<TwinBrain>;
  governance: Governance;
  qa: Qa;
  voice: TwinVoice;
  livekit: { url: string; apiKey: string; apiSecret: string };
  log: Logger;
  /**
   * How often consent and control are re-read from the database (default 1 s). Events act within
   * the tick on this instance; the re-read covers changes made through another app server.
   */
  recheckMs?: number;
  /** Told when an utterance's first audio goes out and when it ends (benchmarks, metrics). */
  onSpeech?: (event: TwinSpeechEvent) => void;
}

export type TwinSpeechEvent =
  | { type: 'first-audio'; roomId: string; utteranceId: string; questionId: string | null; atMs: number }
  | { type: 'done'; roomId: string; utteranceId: string; questionId: string | null; result: SpeakResult };

/** What the twin last did in the room; read by tests, the console and the benchmark. */
export interface RoomTwinStatus {
  roomId: string;
  present: boolean;
  consentInForce: boolean;
  twinMayAnswer: boolean;
  speaking: boolean;
  answered: number;
  /** Answers prepared ahead for approved questions. */
  prepared: number;
}

interface Playing {
  abort: AbortController;
  utteranceId: string;
}

/**
 * The twin in one room: present while consent for statements, voice and likeness is in force;
 * answers the questions the host sends to it, strictly in order, each logged in the audit log before
 * a word is spoken; silenced at once by pause, handover, the kill switch or revocation.
 */
export class RoomTwin {
  readonly roomId: string;
  readonly #o: RoomTwinOptions;
  readonly #log: Logger;
  readonly #consent = new Map<ConsentModality, boolean>();
  readonly #offs: (() => void)[] = [];
  #participant: TwinParticipant | null = null;
  #joining: Promise<void> | null = null;
  #control: TwinControlStateDto | null = null;
  #playing: Playing | null = null;
  #queue: Promise<void> = Promise.resolve();
  #noticeGiven = false;
  #stopped = false;
  #rechecking = false;
  /** Bumped by every consent event: a re-read that started before one is stale. */
  #consentEpoch = 0;
  #answered = 0;
  readonly #ahead: PreparedAnswers;

  constructor(options: RoomTwinOptions) {
    this.#o = options;
    this.roomId = options.roomId;
    this.#log = options.log.child({ module: 'agent.room', roomId: options.roomId });
    this.#ahead = new PreparedAnswers({
      prepare: (questionId, text) => this.#prepareAhead(questionId, text),
      max: PREPARED_MAX,
      maxAgeMs: PREPARED_MAX_AGE_MS,
      log: this.#log,
    });
  }

  get status(): RoomTwinStatus {
    return {
      roomId: this.roomId,
      present: this.#participant?.connected ?? false,
      consentInForce: this.#consentInForce(),
      twinMayAnswer: this.#mayAnswer(),
      speaking: this.#playing !== null,
      answered: this.#answered,
      prepared: this.#ahead.size,
    };
  }

  /** Watches consent and control; joins the room once consent is in force. */
  async start(): Promise<void> {
    const gov = this.#o.governance;
    this.#control = await gov.control.state(this.roomId);
    this.#offs.push(
      gov.events.on('control.changed', (e) => {
        if (e.roomId !== null && e.roomId !== this.roomId) return;
        const mine = e.states.find((s) => s.roomId === this.roomId);
        if (mine) this.#control = mine;
        else if (this.#control) {
          const c = this.#control;
          this.#control = {
            ...c,
            killed: e.killed,
            twinMayAnswer: !e.killed && !c.paused && c.speaker === 'twin',
          };
        }
        // In effect at once: the utterance in progress stops in this tick.
        if (!this.#mayAnswer()) this.#silence('control');
      }),
      this.#o.qa.events.on('change', (change) => {
        if (change.kind === 'question' && change.roomId === this.roomId) this.#questionChanged(change.row);
      }),
    );
    const timer = setInterval(() => void this.#recheck(), this.#o.recheckMs ?? 1_000);
    timer.unref();
    this.#offs.push(() => clearInterval(timer));
    for (const modality of MODALITIES) {
      this.#offs.push(
        gov.watchConsent(
          {
            personaId: this.#o.personaId,
            room: this.roomId,
            modality,
            onError: (err) => this.#log.warn({ err }, 'consent re-check failed'),
          },
          (decision) => {
            this.#consentEpoch += 1;
            this.#consent.set(modality, decision.inForce);
            this.#consentChanged(decision.reason);
          },
        ),
      );
    }
  }

  /** Answers a question the host sent to the twin (a newer question preempts the one being spoken). */
  answer(question: QuestionRow): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.interrupt('preempted');
    const run = this.#queue.then(() => this.#answer(question));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Speaks an answer a human approver released (already in the audit log at `auditIndex`). */
  speakApproved(event: ApprovalReleasedEvent): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const run = this.#queue.then(() => this.#speakApproved(event));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the utterance in progress (audio stops within 100 ms; captions are trimmed by the participant). */
  interrupt(why: string): void {
    const playing = this.#playing;
    if (!playing) return;
    this.#log.info({ utteranceId: playing.utteranceId, why }, 'twin interrupted');
    playing.abort.abort(new Error(why));
  }

  /** Stops speaking and forgets the answers prepared ahead: the twin may not answer now. */
  #silence(why: string): void {
    this.interrupt(why);
    this.#ahead.clear();
  }

  /**
   * Keeps the answers of approved questions ready while the twin may answer; a question that leaves
   * the queue (dismissed, answered, escalated) takes its preparation with it. `live` keeps it: the
   * twin is about to take it.
   */
  #questionChanged(row: QuestionRow): void {
    if (this.#stopped) return;
    if (row.state === 'approved' && this.#participant && this.#mayAnswer() && this.#o.voice.available) {
      this.#ahead.want(row.id, row.text);
    } else if (row.state !== 'live') {
      this.#ahead.drop(row.id);
    }
  }

  /** Works out an approved question's answer and synthesizes its first words, saying nothing yet. */
  async #prepareAhead(_questionId: string, text: string): Promise<PreparedAnswer | null> {
    if (this.#stopped || !this.#participant || !this.#mayAnswer()) return null;
    const brain = await this.#o.brain();
    const answer = await brain.ask(text, { now: new Date() });
    const spoken = spokenReply(answer, this.#noticeGiven ? null : this.#o.disclosure);
    // The twin may have left or been paused while the brain worked.
    if (this.#stopped || !this.#participant || !this.#mayAnswer()) return null;
    return {
      questionText: text,
      brain,
      answer,
      spoken,
      speech: this.#startSpeech(spoken),
      preparedAtMs: Date.now(),
    };
  }

  /** Leaves the room and stops watching; idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#silence('stopped');
    for (const off of this.#offs.splice(0)) off();
    await this.#joining?.catch(() => undefined);
    await this.#leave();
    await this.#queue.catch(() => undefined);
  }

  /** Re-reads control and consent (another instance may have changed them); one run at a time. */
  async #recheck(): Promise<void> {
    if (this.#rechecking || this.#stopped) return;
    this.#rechecking = true;
    try {
      const gov = this.#o.governance;
      const control = await gov.control.state(this.roomId);
      if (this.#stopped) return;
      if (!this.#control || control.seq >= this.#control.seq) this.#control = control;
      if (!this.#mayAnswer()) this.#silence('control');
      for (const modality of MODALITIES) {
        const epoch = this.#consentEpoch;
        const d = await gov.consentInForce({ personaId: this.#o.personaId, room: this.roomId, modality });
        if (this.#stopped) return;
        if (epoch !== this.#consentEpoch) continue;
        if (this.#consent.get(modality) !== d.inForce) {
          this.#consent.set(modality, d.inForce);
          this.#consentChanged(d.reason);
        }
      }
    } catch (err) {
      this.#log.warn({ err }, 'consent/control re-check failed');
    } finally {
      this.#rechecking = false;
    }
  }

  #consentInForce(): boolean {
    return MODALITIES.every((m) => this.#consent.get(m) === true);
  }

  #mayAnswer(): boolean {
    return this.#consentInForce() && (this.#control?.twinMayAnswer ?? false);
  }

  #consentChanged(reason: string): void {
    if (this.#stopped) return;
    // Every modality has to be known before the twin joins; any one lost removes it.
    if (this.#consent.size < MODALITIES.length) return;
    if (this.#consentInForce()) {
      if (!this.#participant && !this.#joining) {
        this.#joining = this.#join().finally(() => {
          this.#joining = null;
        });
      }
      return;
    }
    this.#log.info({ reason }, 'consent not in force: the twin leaves the room');
    this.#silence('consent');
    void this.#leave();
  }

  async #join(): Promise<void> {
    const o = this.#o;
    try {
      const participant = await connectTwinParticipant({
        url: o.livekit.url,
        token: () =>
          twinToken({
            apiKey: o.livekit.apiKey,
            apiSecret: o.livekit.apiSecret,
            roomName: this.roomId,
            personaId: o.personaId,
            name: `AI twin of ${o.personaName}`,
          }),
        log: this.#log,
      });
      // Consent may have gone, or the room stopped, while we were connecting.
      if (this.#stopped || !this.#consentInForce()) {
        await participant.close();
        return;
      }
      this.#participant = participant;
      await participant.setState('listening');
      this.#log.info({ identity: participant.identity }, 'twin joined the room');
    } catch (err) {
      this.#log.error({ err }, 'twin could not join the room');
    }
  }

  async #leave(): Promise<void> {
    const participant = this.#participant;
    this.#participant = null;
    this.#ahead.clear();
    if (!participant) return;
    await participant.close().catch((err: unknown) => this.#log.warn({ err }, 'twin leave failed'));
    this.#log.info('twin left the room');
  }

  async #answer(q: QuestionRow): Promise<void> {
    const o = this.#o;
    if (!this.#mayAnswer()) {
      this.#log.info(
        { questionId: q.id, control: this.#control },
        'twin may not answer now; question left live',
      );
      return;
    }
    const identity = this.#participant?.identity ?? `${TWIN_IDENTITY_PREFIX}${o.personaId}`;
    // The state is cosmetic: it must not delay the answer.
    void this.#participant?.setState('thinking').catch(() => undefined);
    const notice = this.#noticeGiven ? null : o.disclosure;
    let answer: TwinAnswer;
    let spoken: string;
    let speech: SpeechStart | null;
    try {
      const brain = await o.brain();
      const ready = await this.#ahead.take(q.id, q.text);
      if (ready && ready.brain === brain && ready.spoken === spokenReply(ready.answer, notice)) {
        ({ answer, spoken, speech } = ready);
      } else {
        ready?.speech?.abort.abort();
        answer = await brain.ask(q.text, { now: new Date() });
        spoken = spokenReply(answer, notice);
        // Synthesis starts now, while the audit entry is written.
        speech = this.#startSpeech(spoken);
      }
    } catch (err) {
      this.#log.error({ err, questionId: q.id }, 'twin brain failed; question left live');
      void this.#participant?.setState('listening').catch(() => undefined);
      return;
    }
    const asker = { identity: q.author_identity, name: q.author_name, anonymous: q.anonymous };
    // Playback waits for the audit entry: nothing is said that is not in the audit log.
    let logged: { index: number; utteranceId: string };
    try {
      logged = await o.governance.audit.appendUtterance(
        utteranceFromAnswer(answer, {
          personaId: o.personaId,
          roomId: this.roomId,
          question: { text: q.text, questionId: q.id, askedAt: new Date(q.created_at).toISOString() },
          asker,
          spokenText: spoken,
          tts: o.voice.available ? o.voice.provider : null,
        }),
      );
    } catch (err) {
      speech?.abort.abort(err);
      throw err;
    }
    // Routing to people runs while the twin tells the asker it was passed on.
    const routed =
      answer.decision === 'answer'
        ? null
        : (async () => {
            await o.governance.recordUnanswered(
              {
                roomId: this.roomId,
                personaId: o.personaId,
                questionId: q.id,
                question: q.text,
                asker,
                decision: answer.decision as 'decline' | 'escalate',
                reason: answer.reason,
                topic: answer.topic ?? null,
              },
              identity,
            );
            await o.qa.service.escalate(q.id, { identity, roomId: this.roomId }, answer.reason);
          })();
    const result = speech ? await this.#play(speech, logged.utteranceId, q.id) : null;
    await routed;
    if (result) {
      this.#noticeGiven ||= notice !== null && result.heardUntilMs > 0;
      await o.governance.audit.appendAudio({
        utteranceIndex: logged.index,
        audioSha256: result.audioSha256,
        durationMs: Math.round(result.heardUntilMs),
        sampleRateHz: 48_000,
      });
    }
    // An interrupted answer stays live: the host decides what happens to it.
    if (answer.decision === 'answer' && !(result?.interrupted ?? false)) {
      await o.qa.service.recordAnswer(
        q.id,
        { mode: 'twin', text: answer.text, citations: qaCitations(answer), answeredBy: identity },
        this.roomId,
      );
      this.#answered += 1;
    }
  }

  async #speakApproved(event: ApprovalReleasedEvent): Promise<void> {
    const o = this.#o;
    if (!this.#mayAnswer()) {
      this.#log.info(
        { approvalId: event.approval.id },
        'approved answer not spoken: the twin may not speak now',
      );
      return;
    }
    const entry = await o.governance.audit.getEntry(event.auditIndex);
    const utteranceId =
      entry && typeof entry.entry.utteranceId === 'string' ? entry.entry.utteranceId : randomUUID();
    const speech = this.#startSpeech(event.text);
    const result = speech ? await this.#play(speech, utteranceId, event.approval.questionId) : null;
    if (result) {
      await o.governance.audit.appendAudio({
        utteranceIndex: event.auditIndex,
        audioSha256: result.audioSha256,
        durationMs: Math.round(result.heardUntilMs),
        sampleRateHz: 48_000,
      });
    }
  }

  /**
   * Starts synthesizing the first chunk of `text`; null when the twin cannot speak (no voice, not in
   * the room, nothing to say).
   */
  #startSpeech(text: string): SpeechStart | null {
    if (!this.#participant || !this.#o.voice.available) return null;
    return startSpeech(this.#o.voice.tts, text);
  }

  /** Plays prepared speech on the twin's track; null when the twin left meanwhile or speech failed. */
  async #play(
    speech: SpeechStart,
    utteranceId: string,
    questionId: string | null,
  ): Promise<SpeakResult | null> {
    const participant = this.#participant;
    const { abort } = speech;
    if (!participant || abort.signal.aborted) {
      abort.abort();
      return null;
    }
    this.#playing = { abort, utteranceId };
    try {
      const onSpeech = this.#o.onSpeech;
      const result = await participant.speak(speechSegments(this.#o.voice.tts, speech), {
        utteranceId,
        signal: abort.signal,
        onFirstAudio: (atMs) =>
          onSpeech?.({ type: 'first-audio', roomId: this.roomId, utteranceId, questionId, atMs }),
      });
      onSpeech?.({ type: 'done', roomId: this.roomId, utteranceId, questionId, result });
      return result;
    } catch (err) {
      if (!abort.signal.aborted) this.#log.error({ err, utteranceId }, 'twin speech failed');
      return null;
    } finally {
      if (this.#playing?.abort === abort) this.#playing = null;
      abort.abort();
      void participant.setState('listening').catch(() => undefined);
    }
  }
}
