// One error body for every failure: {error: {code, message, details?}} with a stable code.
// Unknown errors become 500 internal_error without leaking their message to the client.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerErrorCode } from '../../shared/api/error-codes.js';
import { ApiError } from './api-error.js';
import { RequestValidationError } from './validation.js';

const FASTIFY_CODES: Record<string, [number, ServerErrorCode]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
};

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof ApiError) {
    void reply.status(err.status).send({ error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } });
    return;
  }
  if (err instanceof RequestValidationError) {
    void reply.status(400).send({ error: { code: 'invalid_request', message: err.message, details: err.issues } });
    return;
  }
  const code = (err as FastifyError).code;
  const known = code ? FASTIFY_CODES[code] : undefined;
  if (known) {
    void reply.status(known[0]).send({ error: { code: known[1], message: err.message } });
    return;
  }
  if (err instanceof SyntaxError) {
    void reply.status(400).send({ error: { code: 'invalid_json', message: 'request body is not valid JSON' } });
    return;
  }
  const status = (err as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    void reply.status(status).send({ error: { code: 'bad_request', message: err.message } });
    return;
  }
  req.log.error({ err }, 'unhandled error');
  void reply.status(500).send({ error: { code: 'internal_error', message: 'internal error' } });
}
