import type { ConsolePage } from '../page.ts';
import { approvalsPage } from './approvals-page.ts';
import { auditPage } from './audit-page.ts';
import { consentPage } from './consent-page.ts';
import { followupsPage } from './followups-page.ts';
import { metricsPage } from './metrics-page.ts';
import { personasPage } from './personas-page.ts';
import { roomsPage } from './rooms-page.ts';
import { staffPage } from './staff-page.ts';

/** Every console page, in navigation order (access.ts decides which a principal sees). */
export const CONSOLE_PAGES: readonly ConsolePage[] = [
  roomsPage,
  consentPage,
  approvalsPage,
  followupsPage,
  auditPage,
  metricsPage,
  personasPage,
  staffPage,
];
