#!/usr/bin/env node
// Runs ehsim from a compiled copy of its TypeScript sources (bin/build.js: built on first use and
// whenever a source changes), so a fresh clone needs no build step and start-up skips tsx's loader.
// Where that copy cannot be written (a read-only install), it runs the sources through tsx.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { compiled } from './build.js';

let dir = null;
try {
  dir = await compiled();
} catch {
  dir = null;
}
if (dir) await import(pathToFileURL(path.join(dir, 'cli.js')).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
