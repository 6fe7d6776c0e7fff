import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { checkReplaceable, removeStaleTemporaries, writeMarker } from './ownership.js';

/** Set by the CLI: registers a clean-up to run if the user interrupts (returns its removal). */
let registerInterrupt: (cleanup: () => void) => () => void = () => () => {};
export function setInterruptHandler(register: (cleanup: () => void) => () => void): void {
  registerInterrupt = register;
}

/** A file's content: a string, or chunks produced one at a time (so a large table never sits in memory whole). */
export type FileContent = string | Buffer | (() => Iterable<string>);

/** A folder staged in its temporary sibling, to be published by a rename. */
interface Staged {
  target: string;
  tmp: string;
  unregister: () => void;
}

/** Checks the target may be replaced, clears stale temporaries and writes the files into a temporary sibling. */
function stage(dir: string, files: Map<string, FileContent>): Staged {
  const target = path.resolve(dir);
  if (existsSync(target)) checkReplaceable(dir, target);
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  removeStaleTemporaries(parent);
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
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    unregister();
    throw e;
  }
  return { target, tmp, unregister };
}

/** Marks the staged folder as ehsim's (every file in it listed) and renames it into place. */
function publish({ target, tmp }: Staged): void {
  writeMarker(tmp);
  if (existsSync(target)) {
    const old = `${tmp}-old`;
    renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, target);
  }
}

/**
 * Writes a folder's files into a temporary sibling folder and renames it into place at the end,
 * so an interrupted or failed run leaves no partial folder. An existing folder is replaced only if
 * ehsim wrote it and it holds nothing else (see ownership.ts); never the working folder.
 */
export function writeFolderAtomically(dir: string, files: Map<string, FileContent>): void {
  settle(stage(dir, files));
}

/**
 * As writeFolderAtomically, with `finish` adding to the staged folder (the charts and briefing)
 * before it is published: a folder appears complete or not at all.
 */
export async function writeFolderAtomicallyThen(dir: string, files: Map<string, FileContent>, finish: (staged: string) => Promise<void>): Promise<void> {
  const staged = stage(dir, files);
  try {
    await finish(staged.tmp);
  } catch (e) {
    rmSync(staged.tmp, { recursive: true, force: true });
    staged.unregister();
    throw e;
  }
  settle(staged);
}

/** Publishes the staged folder, removing it if that fails; either way its interrupt clean-up is dropped. */
function settle(staged: Staged): void {
  try {
    publish(staged);
  } catch (e) {
    rmSync(staged.tmp, { recursive: true, force: true });
    throw e;
  } finally {
    staged.unregister();
  }
}

/** A folder name safe for any file system, from a scenario name and the time. */
export function defaultOutputDir(scenarioName: string, when: Date): string {
  // To the millisecond and with the process id: runs started together never share a folder.
  const stamp = when.toISOString().replace(/[-:]/g, '').replace('.', '');
  return path.join('output', `${scenarioName.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}-${process.pid}`);
}

/** Writes one file through a temporary sibling and a rename, so readers never see half a file. */
export function writeFileAtomically(file: string, content: string | Buffer): void {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  removeStaleTemporaries(path.dirname(target));
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
