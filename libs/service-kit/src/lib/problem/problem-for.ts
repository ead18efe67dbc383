import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { DomainError, httpStatusOf } from './domain-error';
import { problemType, type ProblemDetails } from './problem-details';
import { REQUEST_INVALID, RequestValidationException } from './request-validation';

/** Where the failure happened, copied into the problem. */
export interface ProblemContext {
  instance?: string;
  requestId?: string;
}

/** Said instead of an unexpected error's message, which may hold internals or patient data. */
export const INTERNAL_ERROR_DETAIL = 'The server could not complete the request.';

/**
 * Maps anything thrown by a request handler to RFC 9457 problem details: our validation and
 * domain errors with their code, Nest's HttpExceptions as `about:blank`, body-parser errors with
 * a fixed detail (their message may quote the body), and anything else as an opaque 500.
 */
export function problemFor(exception: unknown, context: ProblemContext = {}): ProblemDetails {
  const where = withoutUndefined({ instance: context.instance, requestId: context.requestId });
  if (exception instanceof RequestValidationException) {
    const status = exception.getStatus();
    return {
      type: problemType(REQUEST_INVALID),
      title: 'Invalid request',
      status,
      detail: exception.message,
      ...where,
      code: REQUEST_INVALID,
      errors: [...exception.errors],
    };
  }
  if (exception instanceof DomainError) {
    const status = httpStatusOf(exception.kind);
    return {
      ...exception.extensions,
      type: problemType(exception.code),
      title: exception.title ?? phrase(status),
      status,
      detail: exception.detail,
      ...where,
      code: exception.code,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { type: 'about:blank', title: phrase(status), status, detail: httpExceptionDetail(exception), ...where };
  }
  const parserStatus = bodyParserStatus(exception);
  if (parserStatus !== null) {
    const detail = isJsonParseFailure(exception) ? 'The request body is not valid JSON.' : phrase(parserStatus);
    return { type: 'about:blank', title: phrase(parserStatus), status: parserStatus, detail, ...where };
  }
  return { type: 'about:blank', title: phrase(500), status: 500, detail: INTERNAL_ERROR_DETAIL, ...where };
}

function phrase(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

/** body-parser / http-errors mark client errors with `status` and `expose`. */
function bodyParserStatus(exception: unknown): number | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { status, expose } = exception as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}

function isJsonParseFailure(exception: unknown): boolean {
  return (exception as { type?: unknown }).type === 'entity.parse.failed';
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
