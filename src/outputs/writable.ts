import { closeSync, existsSync, fsyncSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../scenario/inputError.js';
import { checkReplaceable } from './ownership.js';

/** Free space a command needs on the disk it writes to, in MiB, unless EHSIM_MIN_FREE_MB says otherwise. */
export const MIN_FREE_MB = 64;

/** What a failed file-system call said, in words, for the error codes a full, read-only or locked disk gives. */
const WHY: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

/** A file-system error from writing output, as one line (exit 2), or null when it is not one of those. */
export function writeFailure(e: unknown): InputError | null {
  const err = e as NodeJS.ErrnoException;
  const why = err && typeof err.code === 'string' ? WHY[err.code] : undefined;
  return why ? new InputError(err.path ?? 'output', `cannot write: ${why}`) : null;
}

/**
 * Checks, before any simulation, that the output folder `dir` can be written: an existing folder
 * may be replaced (ownership.ts); the nearest existing folder on its path takes a file (a probe
 * written, synced and removed: a read-only disk or a missing permission shows here); its disk has
 * MIN_FREE_MB free. So a full or read-only disk is found in a second, not after the whole run.
 * With `replaces` false (report, which adds to a folder), the folder itself is probed.
 */
export function checkWritable(dir: string, replaces = true): void {
  const target = path.resolve(dir);
  if (replaces && existsSync(target)) checkReplaceable(dir, target);
  let base = replaces ? path.dirname(target) : target;
  while (!existsSync(base)) base = path.dirname(base);
  if (!statSync(base).isDirectory()) throw new InputError(dir, `cannot write: ${base} is a file, not a folder`);
  const probe = path.join(base, `.ehsim-probe-${process.pid}-${Date.now()}`);
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, 'ehsim');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const failure = writeFailure(e);
    if (failure) throw new InputError(dir, `cannot write in ${base}: ${failure.detail.replace(/^cannot write: /, '')}`);
    throw e;
  } finally {
    rmSync(probe, { force: true });
  }
  const needMb = Number(process.env.EHSIM_MIN_FREE_MB ?? MIN_FREE_MB);
  const fs = statfsSync(base);
  const freeMb = (fs.bavail * fs.bsize) / 2 ** 20;
  if (Number.isFinite(needMb) && freeMb < needMb) {
    throw new InputError(dir, `cannot write: the disk holding ${base} has ${freeMb.toFixed(0)} MiB free, and ehsim wants at least ${needMb} MiB before it simulates (EHSIM_MIN_FREE_MB sets this)`);
  }
}
