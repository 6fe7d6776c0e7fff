import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The package's root folder. Its `exports` hide `build/`, so walk up from the
 * resolved entry point to the package.json whose name matches.
 */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === name) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the package folder of ${name}`);
    dir = up;
  }
}

/** Makes script text safe inside an inline <script>: no closing tag, no source-map fetch. */
export function scriptSafe(js: string): string {
  return js.replace(/\/\/# sourceMappingURL=\S*/g, '').replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON that can sit inside an inline <script> whatever strings it holds. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

let cached: { name: string; version: string; code: string }[] | null = null;

/** vega, vega-lite and vega-embed as UMD builds, in load order, ready to inline. */
export function chartLibraries(): { name: string; version: string; code: string }[] {
  if (!cached) {
    cached = [
      ['vega', 'build/vega.min.js'],
      ['vega-lite', 'build/vega-lite.min.js'],
      ['vega-embed', 'build/vega-embed.min.js'],
    ].map(([name, file]) => {
      const root = packageRoot(name!);
      const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
      return { name: name!, version, code: scriptSafe(readFileSync(path.join(root, file!), 'utf8')) };
    });
  }
  return cached;
}
