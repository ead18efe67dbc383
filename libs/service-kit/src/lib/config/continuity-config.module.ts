import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { AppConfig } from './app-config';
import { validateConfig, type ConfigOptions, type Environment } from './validate-config';

/** Options of {@link ContinuityConfigModule.forRoot}. */
export interface ContinuityConfigModuleOptions extends ConfigOptions {
  /** Variables to read instead of `process.env` (tests). */
  env?: Environment;
}

/**
 * Global module exposing {@link AppConfig}. Validation runs once, when Nest instantiates the
 * providers (not at import time), so a bad variable makes `NestFactory.create` fail with a
 * `ConfigValidationError` naming it. No `.env` file is read and `process.env` is not written.
 */
@Module({})
export class ContinuityConfigModule {
  static forRoot(options: ContinuityConfigModuleOptions): DynamicModule {
    // The only place in the services where process.env is read.
    const continuity = registerAs('continuity', () => validateConfig(options.env ?? process.env, options));
    return {
      module: ContinuityConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          cache: true,
          load: [continuity],
        }),
      ],
      providers: [{ provide: AppConfig, useFactory: (config: AppConfig) => config, inject: [continuity.KEY] }],
      exports: [AppConfig],
    };
  }
}
