import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Issue #16: bin/ehsim.js runs a compiled copy of src/ (bin/build.js), not src/ through tsx. The
 * copy must be exactly the current sources: a changed source gives a new copy, never a stale one.
 * Run here on a copy of the repository's sources with its own node_modules/.cache, so the real
 * copies are never touched. (That the copy computes the same bytes as src/ is shown by the tests
 * that run bin/ehsim.js, tests/scale/shards.test.ts and tests/cli/prestart.test.ts, against
 * in-process runs of src/.)
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

function copyOfRepository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ehsim-build-'));
  cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  for (const f of ['tsconfig.json', 'package.json']) cpSync(path.join(ROOT, f), path.join(dir, f));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(path.join(ROOT, 'node_modules', 'esbuild'), path.join(dir, 'node_modules', 'esbuild'));
  return dir;
}

const compiledIn = async (dir: string): Promise<string> => {
  const mod = (await import(`${pathToFileURL(path.join(dir, 'bin', 'build.js')).href}?${Math.random()}`)) as { compiled: () => Promise<string> };
  return mod.compiled();
};

const tsFiles = (dir: string, rel = ''): string[] =>
  readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(dir, path.join(rel, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(rel, e.name)] : [],
  );

describe('the compiled copy bin/ehsim.js runs (issue #16)', () => {
  it('mirrors src/, is reused while the sources stay the same, and is made again when one changes', async () => {
    const repo = copyOfRepository();
    const first = await compiledIn(repo);
    expect(path.dirname(first)).toBe(path.join(repo, 'node_modules', '.cache', 'ehsim'));
    for (const f of tsFiles(path.join(repo, 'src'))) expect(existsSync(path.join(first, f.replace(/\.ts$/, '.js'))), f).toBe(true);
    expect(await compiledIn(repo)).toBe(first);

    const file = path.join(repo, 'src', 'version.ts');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nexport const CHANGED = 41 + 1;\n');
    const second = await compiledIn(repo);
    expect(second).not.toBe(first);
    expect(readFileSync(path.join(second, 'version.js'), 'utf8')).toContain('CHANGED = 41 + 1');
    expect(readFileSync(path.join(first, 'version.js'), 'utf8')).not.toContain('CHANGED');
    // No temporary folder is left behind.
    expect(readdirSync(path.dirname(first)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
