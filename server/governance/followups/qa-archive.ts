import type { Qa } from '../../qa/index.ts';
import type { AnswerArchive } from './followup-service.ts';

/** Published follow-ups become written answers in the room's Q&A (server/qa `recordAnswer`). */
export function qaArchive(qa: Pick<Qa, 'service'>): AnswerArchive {
  return {
    async recordWrittenAnswer({ roomId, questionId, text, answeredBy }) {
      await qa.service.recordAnswer(questionId, { mode: 'written', text, answeredBy }, roomId);
    },
  };
}
