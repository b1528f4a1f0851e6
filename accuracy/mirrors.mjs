// Labelled repositories come from local mirrors (the `fetch` tool of the workplace puts them under
// /work/.mirror/<owner>+<name>/repo, or SERVICE_MAP_MIRRORS): this extracts one at its labelled commit,
// with its git submodules at theirs, as `git clone --recursive` would. The accuracy harness and
// scripts/same-output.mjs both read the repositories this way. Their code is never committed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const mirrors = process.env.SERVICE_MAP_MIRRORS ?? '/work/.mirror';

/** Extracts a label file's repository and submodules into `target`; returns the repositories with no mirror. */
export function extractLabelled(labels, target) {
  return [labels, ...(labels.submodules ?? [])]
    .filter((source, i) => !extract(source.repo, source.commit, i === 0 ? target : path.join(target, source.path)))
    .map((source) => source.repo);
}

function extract(repo, commit, target) {
  const gitDir = path.join(mirrors, repo.replace('/', '+'), 'repo');
  if (!fs.existsSync(gitDir)) return false;
  fs.mkdirSync(target, { recursive: true });
  const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', target], { input: archive, maxBuffer: 1 << 30 });
  return true;
}
