export {
  can,
  canSee,
  describeRoles,
  ownedTeams,
  pageFromHash,
  pagesFor,
  PAGE_IDS,
  type Action,
  type PageId,
} from './access.ts';
export { ConsoleApp } from './console-app.ts';
export { GovApi } from './gov-api.ts';
export type { ConsolePage, PageContext } from './page.ts';
export { CONSOLE_PAGES } from './pages/index.ts';
