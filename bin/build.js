/**
 * The compiled copy of ehsim's TypeScript sources that bin/ehsim.js runs.
 *
 * Running src/ through tsx costs every process (the command and each worker) about two seconds
 * of start-up, because each module it imports passes through tsx's loader. So bin/ehsim.js runs
 * plain JavaScript instead, compiled by esbuild (the compiler tsx itself uses) file by file, with
 * the same tree as src/, into node_modules/.cache/ehsim/<hash>/. The hash covers every source
 * file, tsconfig.json, this file and the versions of esbuild and the bundled packages: a changed
 * source gives a new folder, so a stale copy is never run and two commands never write the same
 * folder. A folder is built under a temporary
 * name and renamed into place whole. Only the few most recently used folders are kept; `npm ci`
 * clears them all with node_modules.
 *
 * A few files are bundled with the parts of their npm packages they use (BUNDLED): mathjs's
 * number build is hundreds of modules whose loading took half a second of every process's start,
 * of which parameters/formula.ts uses the parser and sixteen operators and functions (40 ms bundled).
 * Their own imports of ehsim's files stay imports, so no module is loaded twice.
 *
 * The JSON Schemas in schemas/ are compiled here too, by ajv into plain validating functions
 * (scenario/validators.cjs, ajv's "standalone" code) with the options src/scenario/schemaOptions.ts
 * gives: compiling them took every process about 0.35 s of its start; loading them takes about
 * 15 ms. The schemas and ajv's version are part of the fingerprint.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = path.join(root, 'src');
const schemas = path.join(root, 'schemas');
const cacheDir = path.join(root, 'node_modules', '.cache', 'ehsim');
/** Compiled copies kept (the most recently used). */
const KEEP = 4;
/** Sources (relative to src/) compiled with the npm packages they import bundled in. */
const BUNDLED = ['parameters/formula.ts'];
/** Packages bundled into them: their versions are part of the fingerprint. */
const BUNDLED_PACKAGES = ['mathjs'];
/** A temporary folder older than this was left by a build that died. */
const STALE_TMP_MS = 60 * 60 * 1000;

/** Every .ts file under src/, in a fixed order. */
function sources(dir = src, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function fingerprint(files) {
  const h = createHash('sha256');
  h.update(readFileSync(path.join(root, 'tsconfig.json')));
  // How the copy is made is part of what it is.
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const pkg of ['esbuild', 'ajv', ...BUNDLED_PACKAGES]) h.update(readFileSync(path.join(root, 'node_modules', pkg, 'package.json')));
  for (const f of files) h.update(path.relative(src, f)).update('\0').update(readFileSync(f)).update('\0');
  for (const f of schemaFiles()) h.update(path.basename(f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 20);
}

/** The folder holding the compiled copy of the current sources (its cli.js is the entry), compiling them first if needed. */
export async function compiled() {
  const files = sources();
  const dir = path.join(cacheDir, fingerprint(files));
  if (existsSync(path.join(dir, 'cli.js'))) {
    const now = new Date();
    utimesSync(dir, now, now);
    return dir;
  }
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outdir: tmp,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'silent',
  });
  for (const file of BUNDLED) {
    await build({
      entryPoints: [path.join(src, file)],
      outfile: path.join(tmp, file.replace(/\.ts$/, '.js')),
      allowOverwrite: true,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      tsconfig: path.join(root, 'tsconfig.json'),
      logLevel: 'silent',
      plugins: [ownFilesStayImports],
    });
  }
  await compileSchemas(tmp);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another command compiled the same sources at the same moment: its copy is the same.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'cli.js'))) throw e;
  }
  prune(dir);
  return dir;
}

/** The JSON Schemas, in a fixed order. */
function schemaFiles() {
  return readdirSync(schemas).filter((n) => n.endsWith('.schema.json')).sort().map((n) => path.join(schemas, n));
}

/** Writes the schemas' validators, compiled by ajv with the options and names the copy's schemaOptions.js gives, as standalone code beside its schemaCheck.js. */
async function compileSchemas(copy) {
  const { AJV_OPTIONS, SCHEMA_NAMES, AHEAD_FILE } = await import(pathToFileURL(path.join(copy, 'scenario', 'schemaOptions.js')).href);
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true } });
  for (const name of SCHEMA_NAMES) ajv.addSchema(JSON.parse(readFileSync(path.join(schemas, `${name}.schema.json`), 'utf8')), name);
  writeFileSync(path.join(copy, 'scenario', AHEAD_FILE), standaloneCode(ajv, Object.fromEntries(SCHEMA_NAMES.map((n) => [n, n]))));
}

/** In a bundled file, an import of another of ehsim's files (a relative path) is left as it is written, with .js for .ts. */
const ownFilesStayImports = {
  name: 'own-files-stay-imports',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => (args.importer.startsWith(src + path.sep) ? { path: args.path.replace(/\.ts$/, '.js'), external: true } : undefined));
  },
};

/** Removes all but the KEEP most recently used copies (never `current`), and temporary folders left by builds that died. */
function prune(current) {
  const now = Date.now();
  const entries = readdirSync(cacheDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && path.join(cacheDir, e.name) !== current)
    .map((e) => ({ p: path.join(cacheDir, e.name), tmp: e.name.includes('.tmp-'), mtime: statSync(path.join(cacheDir, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  let kept = 1;
  for (const e of entries) {
    if (e.tmp ? now - e.mtime > STALE_TMP_MS : ++kept > KEEP) rmSync(e.p, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await compiled());
}
