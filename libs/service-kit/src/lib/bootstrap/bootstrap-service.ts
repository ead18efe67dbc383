import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { serializeError } from '../logging/pino-options';
import { ProblemDetailsFilter } from '../problem/problem-details.filter';
import { createValidationPipe } from '../problem/request-validation';
import { registerBodyParsers } from './body-parsers';
import { type OpenApiOptions, setupOpenApi } from './open-api';

/** Options of {@link bootstrapService}. */
export interface BootstrapOptions {
  /** Port to listen on instead of `AppConfig.port` (tests pass 0 for a free one). */
  port?: number;
  /** Interface to bind; all of them by default. */
  host?: string;
  /** Serve OpenAPI (UI at `path`, default `/docs`). */
  openApi?: OpenApiOptions;
}

/**
 * Creates and starts a service: pino as Nest's logger, clean shutdown on SIGTERM/SIGINT
 * (Nest's `onModuleDestroy`/`onApplicationShutdown` hooks run before exit), problem+json
 * errors, the validating pipe, optional OpenAPI, listening on the configured port.
 * `appModule` must import `ServiceKitModule` (or the config and logging modules).
 * Rejects, with nothing left open, if the configuration is invalid or the port is taken.
 */
export async function bootstrapService(
  appModule: Type<unknown> | DynamicModule,
  options: BootstrapOptions = {},
): Promise<INestApplication> {
  // abortOnError false: a bad configuration rejects here instead of calling process.exit.
  const app = await NestFactory.create<NestExpressApplication>(appModule, {
    bufferLogs: true,
    // Flushed by hand once pino is the logger; on a failed start they stay unprinted, and
    // runService reports the failure as one JSON line instead of Nest's coloured console.
    autoFlushLogs: false,
    abortOnError: false,
    bodyParser: false,
  });
  try {
    app.useLogger(pinoLoggerOf(app));
    app.flushLogs();
    app.disable('x-powered-by');
    registerBodyParsers(app);
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.useGlobalPipes(createValidationPipe());
    if (options.openApi) setupOpenApi(app, options.openApi);
    const config = app.get(AppConfig);
    const port = options.port ?? config.port;
    await (options.host === undefined ? app.listen(port) : app.listen(port, options.host));
    app.get(Logger).log(`${config.service} listening on ${await app.getUrl()} as ${config.instanceId}`, 'Bootstrap');
    return app;
  } catch (error) {
    await app.close();
    throw error;
  }
}

function pinoLoggerOf(app: INestApplication): Logger {
  try {
    return app.get(Logger);
  } catch {
    throw new Error('bootstrapService: the application module must import ServiceKitModule (or LoggingModule)');
  }
}

/**
 * The whole `main.ts` of a service: starts it, or reports why it could not start as one JSON
 * line on stderr (e.g. "Invalid configuration: PORT must be…") and exits with status 1.
 */
export function runService(appModule: Type<unknown> | DynamicModule, options: BootstrapOptions = {}): void {
  bootstrapService(appModule, options).catch((error: unknown) => {
    const line = {
      level: 60,
      time: new Date().toISOString(),
      msg: `failed to start: ${error instanceof Error ? error.message : String(error)}`,
      err: serializeError(error),
    };
    process.stderr.write(`${JSON.stringify(line)}\n`, () => process.exit(1));
  });
}
