// Errors that reach an HTTP client: a stable snake_case code, a status and a message.
// The uniform body is {error: {code, message, details?}} (shared/api/server-api.ts ErrorBody);
// the codes are the union in shared/api/error-codes.ts.
import type { ServerErrorCode } from '../../shared/api/error-codes.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'your role or scope does not allow this'): ApiError =>
  new ApiError(403, 'forbidden', message);
export const unauthenticated = (message = 'log in first (Authorization: Bearer <token>)'): ApiError =>
  new ApiError(401, 'unauthenticated', message);
export const badRequest = (code: ServerErrorCode, message: string, details?: unknown): ApiError =>
  new ApiError(400, code, message, details);
