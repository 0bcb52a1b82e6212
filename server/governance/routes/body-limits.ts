import type { LargeBodyRoute } from '../../http/index.ts';
import { CORPUS_UPLOAD_LIMIT_BYTES } from '../corpus/schema.ts';
import { AVATAR_UPLOAD_LIMIT_BYTES } from '../personas/persona-registry.ts';

/**
 * Governance routes that take more than the API's 64 KiB JSON limit, for the app's `apiBodyLimit`:
 * corpus uploads (Markdown, as JSON or text/markdown) and avatar uploads (GLB). Beyond the limit the
 * answer is 413 `payload_too_large`, before the body is buffered.
 */
export const GOVERNANCE_UPLOAD_ROUTES: readonly LargeBodyRoute[] = [
  { path: /^\/api\/governance\/personas\/[^/]+\/corpus$/, maxBytes: CORPUS_UPLOAD_LIMIT_BYTES },
  { path: /^\/api\/governance\/personas\/[^/]+\/avatar$/, maxBytes: AVATAR_UPLOAD_LIMIT_BYTES },
];
