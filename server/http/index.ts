export { apiBodyLimit, JSON_BODY_LIMIT_BYTES, jsonBodyLimit, type LargeBodyRoute } from './body-limit.ts';
export { contentTypeFor } from './content-types.ts';
export { errorResponse } from './error-body.ts';
export { HttpError, badRequest, notFound, type HttpErrorOptions } from './http-error.ts';
export { createErrorHandler, jsonNotFound, type DomainErrorMapper } from './on-error.ts';
export {
  CACHE_ASSETS,
  CACHE_IMMUTABLE,
  CACHE_REVALIDATE,
  fileResponse,
  safeResolve,
} from './static-files.ts';
export { mountStatic, type StaticDirs } from './static-routes.ts';
export { formatZodError, parseParam, parseWith, readJson } from './validate.ts';
