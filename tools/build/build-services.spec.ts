import { compiledAliases, missingAtRunTime } from './build-services';

describe('compiledAliases', () => {
  it('points each workspace alias at its compiled file, relative to the output directory', () => {
    expect(compiledAliases({ '@continuity/rules': ['libs/rules/src/index.ts'], '@continuity/service-kit/launch': ['libs/service-kit/src/lib/runtime/service-launch.ts'] })).toEqual({
      '@continuity/rules': 'libs/rules/src/index.js',
      '@continuity/service-kit/launch': 'libs/service-kit/src/lib/runtime/service-launch.js',
    });
  });

  it('refuses a path it could not resolve at run time (a wildcard, several targets, no .ts file)', () => {
    expect(() => compiledAliases({ '@continuity/x': [] })).toThrow('@continuity/x');
    expect(() => compiledAliases({ '@continuity/*': ['libs/*'] })).toThrow('@continuity/*');
    expect(() => compiledAliases({ '@continuity/y': ['a.ts', 'b.ts'] })).toThrow('@continuity/y');
    expect(() => compiledAliases({ '@continuity/z': ['libs/z/src/index.js'] })).toThrow('@continuity/z');
  });
});

describe('missingAtRunTime', () => {
  const dependencies = { kafkajs: '2.2.4', '@nestjs/common': '11.0.0' };
  const aliases = { '@continuity/rules': 'libs/rules/src/index.js' };

  it('accepts production dependencies (and their subpaths), builtins, aliases and relative files', () => {
    expect(missingAtRunTime(['kafkajs', '@nestjs/common/decorators', 'node:fs', 'crypto', '@continuity/rules', './x', '../y/z'], dependencies, aliases)).toEqual([]);
  });

  it('names each package the image would not have, once', () => {
    expect(missingAtRunTime(['fast-check', '@testcontainers/kafka', 'fast-check/lib/x', 'kafkajs'], dependencies, aliases)).toEqual(['@testcontainers/kafka', 'fast-check']);
  });
});
