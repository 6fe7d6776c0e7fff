import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue #16: bin/ehsim.js runs a compiled copy of src/ (bin/build.js), not src/ through tsx. The
 * copy must be exactly the current sources: a changed source gives a new copy, never a stale one.
 * Run here on a copy of the repository's sources with its own node_modules/.cache, so the real
 * copies are never touched. (That the copy computes the same bytes as src/ is shown by the tests
 * that run bin/ehsim.js, tests/scale/shards.test.ts and tests/cli/prestart.test.ts, against
 * in-process runs of src/.)
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

/** A copy of the sources, bin/, schemas/ and the files they read, with a node_modules of its own whose packages (all, or only what the build reads: esbuild, the bundled mathjs and ajv, which compiles the schemas) are links to the real ones. */
const copies: string[] = [];
// The copies' node_modules hold links to the real packages: removing a link never touches what it points to.
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

function copyOfRepository(packages: 'esbuild' | 'all' = 'esbuild'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ehsim-build-'));
  copies.push(dir);
  for (const d of ['src', 'bin', 'schemas']) cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  for (const f of ['tsconfig.json', 'package.json']) cpSync(path.join(ROOT, f), path.join(dir, f));
  mkdirSync(path.join(dir, 'node_modules'));
  const names = packages === 'all' ? readdirSync(path.join(ROOT, 'node_modules')).filter((n) => n !== '.cache') : ['esbuild', 'mathjs', 'ajv'];
  for (const n of names) symlinkSync(path.join(ROOT, 'node_modules', n), path.join(dir, 'node_modules', n));
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
    // mathjs is bundled into formula.js (the parts it uses); ehsim's own files stay imports.
    const formula = readFileSync(path.join(first, 'parameters', 'formula.js'), 'utf8');
    expect(formula).not.toMatch(/from\s*["']mathjs/);
    expect((await import(pathToFileURL(path.join(first, 'parameters', 'formula.js')).href)).parseFormula('max(a, b) / 2').evaluate(new Map([['a', 3], ['b', 4]]))).toBe(2);

    const file = path.join(repo, 'src', 'version.ts');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nexport const CHANGED = 41 + 1;\n');
    const second = await compiledIn(repo);
    expect(second).not.toBe(first);
    expect(readFileSync(path.join(second, 'version.js'), 'utf8')).toContain('CHANGED = 41 + 1');
    expect(readFileSync(path.join(first, 'version.js'), 'utf8')).not.toContain('CHANGED');
    // No temporary folder is left behind.
    expect(readdirSync(path.dirname(first)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('holds the schemas compiled ahead, which judge every file as the schemas compiled at run time do, and is made again when a schema changes', async () => {
    const repo = copyOfRepository('all');
    const copy = await compiledIn(repo);
    type Check = { checkSchema: (s: unknown, name: string) => void; compiledAhead: boolean };
    const ahead = (await import(pathToFileURL(path.join(copy, 'scenario', 'schemaCheck.js')).href)) as Check;
    const { readSourceFile } = (await import(pathToFileURL(path.join(copy, 'scenario', 'sourceFile.js')).href)) as { readSourceFile: (f: string) => unknown };
    const atRunTime = (await import('../../src/scenario/schemaCheck.js')) as unknown as Check;
    const { SCHEMA_NAMES } = await import('../../src/scenario/schemaOptions.js');
    expect(ahead.compiledAhead).toBe(true);
    expect(atRunTime.compiledAhead).toBe(false);
    const verdict = (check: Check, source: unknown, name: string): string => {
      try {
        check.checkSchema(source, name);
        return 'valid';
      } catch (e) {
        return (e as Error).message;
      }
    };
    const dirs = ['tests/fixtures/bad', 'scenarios/england', 'tests/fixtures/model'];
    let judged = 0;
    let refused = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(path.join(ROOT, dir)).filter((n) => /\.(ya?ml|json)$/.test(n))) {
        let source: unknown;
        try {
          source = readSourceFile(path.join(ROOT, dir, name));
        } catch {
          continue; // not parseable: no schema is consulted
        }
        for (const schema of SCHEMA_NAMES) {
          const v = verdict(ahead, source, schema);
          expect(v, `${dir}/${name} against ${schema}`).toBe(verdict(atRunTime, source, schema));
          judged++;
          if (v !== 'valid') refused++;
        }
      }
    }
    expect(judged).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(judged / 2);
    const schema = path.join(repo, 'schemas', 'areas.schema.json');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace(/\}\s*$/, ', "$comment": "changed"}\n'));
    expect(await compiledIn(repo)).not.toBe(copy);
  });

  it('runs the sources through tsx when the copy cannot be written, and from the copy when it can', () => {
    const repo = copyOfRepository('all');
    const version = () => spawnSync(process.execPath, [path.join(repo, 'bin', 'ehsim.js'), '--version'], { encoding: 'utf8', timeout: 60_000 });
    const expected = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    // A file where the cache folder should be: the copy cannot be made (as in a read-only install).
    writeFileSync(path.join(repo, 'node_modules', '.cache'), 'not a folder');
    const fallback = version();
    expect(fallback.stderr).toBe('');
    expect(fallback.stdout.trim()).toBe(expected);
    rmSync(path.join(repo, 'node_modules', '.cache'));
    const fromCopy = version();
    expect(fromCopy.stdout.trim()).toBe(expected);
    expect(readdirSync(path.join(repo, 'node_modules', '.cache', 'ehsim'))).toHaveLength(1);
  });
});
