import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMPILED_SERVICES_DIR, compiledMainOf } from '@continuity/service-kit/launch';

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

/** The package a bare `require` names (`@scope/name` or `name`), or null for a relative path. */
export function packageOf(request: string): string | null {
  if (request.startsWith('.') || request.startsWith('/')) return null;
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The packages required by compiled code that the runtime image would not have: neither a Node
 * builtin, nor a workspace alias, nor a production dependency. A devDependency reached from a
 * service works everywhere but in the image (`npm ci --omit=dev`), so the build refuses it.
 */
export function missingAtRunTime(requests: Iterable<string>, dependencies: Record<string, string>, aliases: Record<string, string>): string[] {
  const missing = new Set<string>();
  for (const request of requests) {
    const pkg = packageOf(request);
    if (pkg === null || request in aliases || request.startsWith('node:') || builtinModules.includes(pkg)) continue;
    if (!(pkg in dependencies)) missing.add(pkg);
  }
  return [...missing].sort();
}

/** Every string literal passed to `require(...)` in the compiled files under `dir`. */
function requiresUnder(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const code = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1]);
  }
  return found;
}

function main(): void {
  const started = performance.now();
  const out = join(ROOT, COMPILED_SERVICES_DIR);
  const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { files: string[] };
  // An incremental build does not re-emit outputs deleted since the last one: start over then.
  if (!build.files.every((main) => existsSync(compiledMainOf(ROOT, main.split('/')[1])))) rmSync(join(out, '.tsbuildinfo'), { force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: tsc failed (${result.signal ?? `exit code ${result.status}`})`);
    process.exit(1);
  }
  const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const aliases = compiledAliases(base.compilerOptions.paths);
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const missing = missingAtRunTime([...requiresUnder(join(out, 'apps')), ...requiresUnder(join(out, 'libs'))], dependencies, aliases);
  if (missing.length > 0) {
    console.error(`build: the services require ${missing.join(', ')}, not in package.json's dependencies: the image (npm ci --omit=dev) would not have them`);
    process.exit(1);
  }
  writeFileSync(join(out, 'paths.json'), `${JSON.stringify(aliases, null, 2)}\n`);
  copyFileSync(join(__dirname, 'register-compiled.js'), join(out, 'register.js'));
  console.log(`build: services compiled to ${COMPILED_SERVICES_DIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) main();
