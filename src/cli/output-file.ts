import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../analyzer/errors.js';

/**
 * Checks, before any analysis, that `file` can be written: not a folder, in a folder that exists and may be
 * written. `flag` names the option in the message (`--out`).
 */
export function checkWritable(file: string, flag: string): void {
  const absolute = path.resolve(file);
  const parent = path.dirname(absolute);
  const shownParent = path.dirname(file);
  const fail = (why: string): never => {
    throw new UsageError(`cannot write ${flag} ${file}: ${why}`);
  };
  let parentStat: fs.Stats;
  try {
    parentStat = fs.statSync(parent);
  } catch {
    return fail(`folder ${shownParent} does not exist`);
  }
  if (!parentStat.isDirectory()) fail(`${shownParent} is not a folder`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(absolute);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) fail('it is a folder');
  try {
    fs.accessSync(parent, fs.constants.W_OK);
    if (stat) fs.accessSync(absolute, fs.constants.W_OK);
  } catch {
    fail(stat ? 'the file is not writable' : `folder ${shownParent} is not writable`);
  }
}

/**
 * Writes `file` whole or not at all: the text goes to a temporary file in the same folder, which is then
 * renamed over it. A run stopped half-way (SIGTERM, a full disk) leaves the previous file as it was.
 */
export function writeAtomically(file: string, text: string | Uint8Array, flag: string): void {
  const absolute = path.resolve(file);
  const temporary = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  let mode = 0o666;
  try {
    mode = fs.statSync(absolute).mode & 0o777;
  } catch {
    // A new file: the default mode, less the umask.
  }
  try {
    const fd = fs.openSync(temporary, 'wx', mode);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, absolute);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
