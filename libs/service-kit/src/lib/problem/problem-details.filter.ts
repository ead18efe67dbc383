import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { problemFor } from './problem-for';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/**
 * Global filter: every HTTP error leaves as `application/problem+json` (RFC 9457).
 * Unexpected errors are logged (with the request id) and answered with an opaque 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    // Only HTTP has a response to shape; elsewhere let Nest's own handling act.
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: unknown }>();
    const response = http.getResponse<Response>();
    const problem = problemFor(exception, {
      instance: request.originalUrl?.split('?')[0],
      requestId: typeof request.id === 'string' ? request.id : undefined,
    });
    if (problem.status >= 500) this.logger.error({ err: exception, requestId: problem.requestId }, `${problem.status} ${problem.title}`);
    if (response.headersSent) {
      // A streamed answer (CSV) already started: the status can no longer change.
      response.end();
      return;
    }
    if (problem.status === 401 && !response.getHeader('www-authenticate')) response.setHeader('www-authenticate', 'Bearer');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
