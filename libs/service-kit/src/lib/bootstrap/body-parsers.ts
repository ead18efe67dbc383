import { BadRequestException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Said of a body that is not JSON; the parser's own message may quote the body. */
export const INVALID_JSON_DETAIL = 'The request body is not valid JSON.';

/**
 * Registers the JSON and form parsers (the app is created with `bodyParser: false`) followed by
 * an error handler that replaces a parse failure, whose message quotes the body, by a plain 400.
 */
export function registerBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json');
  app.useBodyParser('urlencoded', { extended: true });
  app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const parseFailed = (error as { type?: unknown } | null)?.type === 'entity.parse.failed';
    next(parseFailed ? new BadRequestException(INVALID_JSON_DETAIL) : error);
  });
}
