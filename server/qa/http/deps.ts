import type { RoomRepo } from '../../rooms/index.ts';
import type { Qa } from '../qa.ts';

/** What the Q&A routes need from the app. */
export interface QaHttpDeps {
  qa: Qa;
  sessionSecret: string;
  rooms: Pick<RoomRepo, 'get'>;
}
