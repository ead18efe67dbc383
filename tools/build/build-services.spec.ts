import { compiledAliases } from './build-services';

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
