import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ehsim's own folder: where package.json, schemas/, data/ and scenarios/ are. Found by walking up
 * from this module, so it is the same whether the code runs from src/ (under tsx or vitest) or
 * from the compiled copy bin/build.js keeps under node_modules/.cache/ehsim/.
 */
function find(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'ehsim') return dir;
    if (path.dirname(dir) === dir) throw new Error(`ehsim's package.json is not in any folder above ${start}`);
  }
}

export const PACKAGE_ROOT: string = find();

/** A path inside ehsim's own folder. */
export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
