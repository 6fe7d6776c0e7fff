import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../scenario/inputError.js';

/** Set by the CLI: registers a clean-up to run if the user interrupts (returns its removal). */
let registerInterrupt: (cleanup: () => void) => () => void = () => () => {};
export function setInterruptHandler(register: (cleanup: () => void) => () => void): void {
  registerInterrupt = register;
}

/** A file's content: a string, or chunks produced one at a time (so a large table never sits in memory whole). */
export type FileContent = string | Buffer | (() => Iterable<string>);

/**
 * Writes a folder's files into a temporary sibling folder and renames it into
 * place at the end, so an interrupted or failed run leaves no partial folder.
 * An existing folder is replaced only if it holds a previous ehsim run.
 */

export function writeFolderAtomically(dir: string, files: Map<string, FileContent>, marker = 'manifest.json'): void {
  const target = path.resolve(dir);
  if (existsSync(target) && !existsSync(path.join(target, marker))) {
    throw new InputError(dir, `output folder exists and is not one ehsim wrote (no ${marker}); choose another --out`);
  }
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
  const unregister = registerInterrupt(() => rmSync(tmp, { recursive: true, force: true }));
  try {
    mkdirSync(tmp);
    for (const [name, content] of files) {
      mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(path.join(tmp, name), content);
      else {
        const fd = openSync(path.join(tmp, name), 'w');
        try {
          for (const chunk of content()) writeSync(fd, chunk);
        } finally {
          closeSync(fd);
        }
      }
    }
    if (existsSync(target)) {
      const old = `${tmp}-old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    unregister();
  }
}

/** A folder name safe for any file system, from a scenario name and the time. */
export function defaultOutputDir(scenarioName: string, when: Date): string {
  const stamp = when.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return path.join('output', `${scenarioName.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}`);
}

/** Writes one file through a temporary sibling and a rename, so readers never see half a file. */
export function writeFileAtomically(file: string, content: string | Buffer): void {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
  const unregister = registerInterrupt(() => rmSync(tmp, { force: true }));
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    unregister();
  }
}

/** "Wrote DIR/ (files)": the folder relative to the working directory. */
export function wroteFolder(dir: string, files: string[]): string {
  return `Wrote ${path.relative(process.cwd(), path.resolve(dir)) || dir}/ (${files.join(', ')})`;
}
