import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMPILED_SERVICES_DIR } from '@continuity/service-kit/launch';

/*
 * `npm run build`: compiles the four services (tsconfig.build.json: their main.ts and all they
 * import) to JavaScript under dist/services, with what the compiled code needs to resolve the
 * workspace's `@continuity/*` imports at run time. Incremental, so the stack and the bench build
 * before every start (about 5 s with nothing changed, 11 s from scratch). Not `tsc -b`: for a
 * project that is not composite it only compares the four main.ts files with its last build, and
 * missed a change to a library (seen).
 */

const ROOT = join(__dirname, '..', '..');

/** `@continuity/x` → the compiled file, relative to the output directory, from tsconfig's paths. */
export function compiledAliases(paths: Record<string, readonly string[]>): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const [alias, targets] of Object.entries(paths)) {
    // The preload maps exact names to one file: a wildcard or a fallback list would need more.
    if (alias.includes('*') || targets.length !== 1 || !targets[0].endsWith('.ts')) {
      throw new Error(`tsconfig path ${alias}: expected one .ts file, got ${JSON.stringify(targets)}`);
    }
    aliases[alias] = targets[0].replace(/\.ts$/, '.js');
  }
  return aliases;
}

function main(): void {
  const started = performance.now();
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: tsc failed (${result.signal ?? `exit code ${result.status}`})`);
    process.exit(1);
  }
  const out = join(ROOT, COMPILED_SERVICES_DIR);
  const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  writeFileSync(join(out, 'paths.json'), `${JSON.stringify(compiledAliases(base.compilerOptions.paths), null, 2)}\n`);
  copyFileSync(join(__dirname, 'register-compiled.js'), join(out, 'register.js'));
  console.log(`build: services compiled to ${COMPILED_SERVICES_DIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) main();
