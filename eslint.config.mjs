import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Layers: rules (pure engine) < domain (rule sets) < infra (store, messaging, Nest kit) < app.
export default [
  { ignores: ['**/node_modules', '**/dist', '**/.cache', '**/tmp', '.nx/**', 'bench/out/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:rules', onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'pg-*', 'fs', 'node:fs', 'net', 'node:net', 'http', 'node:http', 'child_process', 'node:child_process'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:rules', 'type:contracts'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'pg-*', 'fs', 'node:fs', 'net', 'node:net', 'http', 'node:http'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:rules', 'type:domain'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:rules', 'type:domain'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:rules', 'type:domain', 'type:testing'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:infra', 'type:contracts', 'type:rules', 'type:domain', 'type:testing'] },
          ],
        },
      ],
    },
  },
  {
    // Tests of any layer may use the shared test helpers (test databases, topics, readers).
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', '**/test-support/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: '*', onlyDependOnLibsWithTags: ['type:contracts', 'type:rules', 'type:domain', 'type:infra', 'type:testing'] },
          ],
        },
      ],
    },
  },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
