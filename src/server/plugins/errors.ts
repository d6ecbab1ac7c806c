import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { InputError } from '../../domain/errors.ts';
import { isSecretKey } from '../audit-trail.ts';
import { HttpError } from '../http-errors.ts';
import { globalPlugin } from './global-plugin.ts';

interface ErrorBody {
  error: string;
  message: string;
  statusCode: number;
  field?: string;
  requestId: string;
}

/**
 * One error shape for every route: `{ error, message, statusCode, requestId, field? }`.
 * Bad input (zod or InputError) is 400 naming the field; unexpected failures are 500 with no
 * internals, logged with the request id.
 */
export const errorsPlugin = globalPlugin(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const requestId = String(request.id);
    let body: ErrorBody;
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const segments = (issue?.instancePath ?? '').split('/').filter((s) => s !== '');
      const where = error.validationContext ?? 'body';
      const field = [where, ...segments].join('.');
      body = {
        error: 'Bad Request',
        message: `${field}: ${issue?.message ?? 'invalid'}${sentValue(request, where, segments)}`,
        statusCode: 400,
        field,
        requestId,
      };
    } else if (error instanceof InputError) {
      body = {
        error: 'Bad Request',
        message: error.message,
        statusCode: 400,
        field: error.field,
        requestId,
      };
    } else if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      body = {
        error: statusText(error.statusCode),
        message: error.message,
        statusCode: error.statusCode,
        requestId,
      };
    } else {
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        body = {
          error: statusText(status),
          message: 'internal error',
          statusCode: status,
          requestId,
        };
      } else {
        body = { error: statusText(status), message: error.message, statusCode: status, requestId };
      }
    }
    void reply.code(body.statusCode).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      error: 'Not Found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      statusCode: 404,
      requestId: String(request.id),
    });
  });
}, 'microcap-errors');

const SHOWN_CHARACTERS = 80;

/**
 * ` (got …)` with the value the client sent at the failing path, as InputError shows values;
 * nothing when it is absent or its field holds a secret (a password is never echoed).
 */
function sentValue(request: FastifyRequest, where: string, segments: readonly string[]): string {
  if (segments.some(isSecretKey)) return '';
  const sources: Record<string, unknown> = {
    body: request.body,
    querystring: request.query,
    params: request.params,
    headers: request.headers,
  };
  let value = sources[where];
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<string, unknown>)[segment];
  }
  if (value === undefined || segments.length === 0) return '';
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS - 1)}…` : text;
  return ` (got ${shown})`;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
