import fs from 'node:fs';
import path from 'node:path';
import { decodeText } from '../analyzer/files.js';
import type { SourceReader } from './suppress.js';

/** The analyzer skips larger files; so does the comment reader, which never needs them. */
const MAX_SOURCE_BYTES = 1024 * 1024;

/**
 * Reads files of the analysed folder by the relative paths the model uses, and nothing outside it: a path
 * that leaves the folder, or a link that points out of it, reads as nothing.
 */
export function sourceReaderFor(root: string): SourceReader {
  const base = fs.realpathSync(root);
  return (file) => {
    const absolute = path.resolve(base, file);
    try {
      const real = fs.realpathSync(absolute);
      const relative = path.relative(base, real);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
      const stat = fs.statSync(real);
      if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
      // Decoded as the analyzer decoded it (a UTF-16 file's comments sit where its findings point).
      return decodeText(fs.readFileSync(real));
    } catch {
      return undefined;
    }
  };
}
