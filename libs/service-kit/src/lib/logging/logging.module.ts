import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination, type DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { pinoHttpOptions } from './pino-options';

/** Options of {@link LoggingModule.forRoot}. */
export interface LoggingModuleOptions {
  /**
   * Where the JSON lines go (tests pass a collecting stream). Default: stdout, written
   * synchronously, so the last lines survive a signal or a crash (Nest re-raises SIGTERM after
   * its shutdown hooks, which skips the flush an asynchronous stream would need).
   */
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
            return { pinoHttp: [http, options.destination ?? destination({ dest: 1, sync: true })] };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
