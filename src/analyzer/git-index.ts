import path from 'node:path';
import type { ProjectFiles } from './files.js';

/*
 * Whether git tracks a file under a folder of the analysed repository, read from `.git/index` itself (git is
 * never run: a repository's config can make git run its commands). The `--cache` folder inside the analysed
 * folder must hold only what earlier runs wrote: an entry committed to the repository, by a pull request for
 * instance, could stand for any result. Index versions 2, 3 and 4 with SHA-1 or SHA-256 names; anything else
 * (no `.git` folder at the root, a worktree's `.git` file pointing elsewhere, a split index, a malformed
 * file) is `undefined`: not known.
 */

/** An index larger than this is not read (about a million tracked files). */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

export function tracksUnder(files: ProjectFiles, folder: string): boolean | undefined {
  const gitFolder = path.join(files.root, '.git');
  if (!files.isDirectory(gitFolder)) return undefined;
  const read = files.readBytes(path.join(gitFolder, 'index'), MAX_INDEX_BYTES);
  if (!read.ok) return undefined;
  const config = files.readText(path.join(gitFolder, 'config'), { quiet: true }) ?? '';
  const nameLength = /^\s*objectformat\s*=\s*sha256\s*$/im.test(config) ? 32 : 20;
  const prefix = `${path.relative(files.root, folder).split(path.sep).join('/')}/`;
  try {
    return indexPaths(read.bytes, nameLength).some((tracked) => tracked.startsWith(prefix) || (tracked.endsWith('/') && prefix.startsWith(tracked)));
  } catch {
    return undefined;
  }
}

/** The paths an index lists (a sparse index's folders end with `/`); throws on anything it does not know. */
export function indexPaths(bytes: Buffer, nameLength: number): string[] {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'DIRC') throw new Error('not a git index');
  const version = bytes.readUInt32BE(4);
  if (version < 2 || version > 4) throw new Error(`index version ${version}`);
  const count = bytes.readUInt32BE(8);
  // Each entry takes more than 40 bytes: a count the file cannot hold is a malformed index.
  if (count > bytes.length / 40) throw new Error('entry count larger than the file');
  const paths: string[] = [];
  let offset = 12;
  let previous = '';
  for (let entry = 0; entry < count; entry++) {
    const start = offset;
    offset += 40 + nameLength;
    const flags = bytes.readUInt16BE(offset);
    offset += 2;
    if (version >= 3 && (flags & 0x4000) !== 0) offset += 2;
    let name: string;
    if (version === 4) {
      const { value: strip, next } = offsetVarint(bytes, offset);
      const end = bytes.indexOf(0, next);
      if (end < 0 || strip > previous.length) throw new Error('malformed entry');
      name = previous.slice(0, previous.length - strip) + bytes.toString('utf8', next, end);
      offset = end + 1;
    } else {
      const end = bytes.indexOf(0, offset);
      if (end < 0) throw new Error('malformed entry');
      name = bytes.toString('utf8', offset, end);
      // Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start.
      offset = start + ((end - start + 8) & ~7);
    }
    if (offset > bytes.length) throw new Error('entry past the end');
    paths.push(name);
    previous = name;
  }
  // Extensions follow, then the checksum. A split index (`link`) keeps most entries in another file: what
  // this one lists is not all.
  while (offset + 8 <= bytes.length - nameLength) {
    if (bytes.toString('latin1', offset, offset + 4) === 'link') throw new Error('split index');
    offset += 8 + bytes.readUInt32BE(offset + 4);
  }
  return paths;
}

/** git's offset varint: each continuation adds one before shifting, so every value has one spelling. */
function offsetVarint(bytes: Buffer, at: number): { value: number; next: number } {
  if (at >= bytes.length) throw new Error('malformed varint');
  let byte = bytes[at]!;
  let value = byte & 0x7f;
  let next = at + 1;
  while ((byte & 0x80) !== 0) {
    if (next >= bytes.length || value > 0xffffff) throw new Error('malformed varint');
    byte = bytes[next++]!;
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return { value, next };
}
