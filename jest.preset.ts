import type { Config } from 'jest';
import { pathsToModuleNameMapper } from 'ts-jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compilerOptions } = require('./tsconfig.base.json');

/** Shared by the three tiers: transpile only (type checking is `npm run typecheck`), workspace aliases. */
export function tier(name: string, suffix: string, extra: Config = {}): Config {
  return {
    displayName: name,
    rootDir: __dirname,
    roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
    testMatch: [`**/*.${suffix}.ts`],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json', diagnostics: false }] },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
    setupFiles: ['reflect-metadata'],
    ...extra,
  };
}
