import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { pinoHttpOptions } from './pino-options';

/** Options of {@link LoggingModule.forRoot}. */
export interface LoggingModuleOptions {
  /** Where the JSON lines go; stdout when absent (tests pass a collecting stream). */
  destination?: DestinationStream;
}

/**
 * nestjs-pino configured from {@link AppConfig}: inject `PinoLogger` or use Nest's `Logger`
 * (bootstrapService routes it to pino). Needs `ContinuityConfigModule` in the application.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingModuleOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            const http = pinoHttpOptions(config);
            return { pinoHttp: options.destination ? [http, options.destination] : http };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
