'use strict';
// Preloaded (`node -r`) by a service compiled with `npm run build`: resolves the workspace's
// `@continuity/*` imports to the compiled libraries beside this file, as tsconfig's paths do for
// ts-node. Copied into the build output, with the aliases it reads (paths.json), by
// tools/build/build-services.ts; no dependency of its own, so a production image needs none.
const Module = require('node:module');
const path = require('node:path');
const aliases = require('./paths.json');

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspaceAlias(request, ...rest) {
  const target = aliases[request];
  return resolve.call(this, target === undefined ? request : path.join(__dirname, target), ...rest);
};
