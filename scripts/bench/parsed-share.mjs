// How much of a repository the CLI parses: the source files discovery lists, against those the program
// holds (files-that-matter.ts: the files that can have facts, their importers, what those import, and the
// library declarations an installed node_modules adds). Reads dist/, so run `npm run build` first.
//
//   node scripts/bench/parsed-share.mjs DIR...
//
// One line per folder: files listed, project files in the program, their share.
import path from 'node:path';
import { discoverProject } from '../../dist/analyzer/discover.js';
import { createAnalysisProgram } from '../../dist/analyzer/project.js';

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error('parsed-share: usage: node scripts/bench/parsed-share.mjs DIR...');
  process.exit(2);
}
for (const folder of folders) {
  const project = await discoverProject({ root: folder });
  const sourceFiles = new Set(project.files);
  const { program } = createAnalysisProgram(
    project.projectFiles,
    project.files,
    project.layout.packages,
    // The test the analysis uses, through the same module (service-facts.ts builds it from the detectors).
    { sourceFiles, mayHaveFacts: (await import('../../dist/analyzer/service-facts.js')).mayHaveFactsOf(project), parsed: project.parsed },
    project.containerModules,
  );
  const parsed = program.getSourceFiles().filter((file) => sourceFiles.has(path.normalize(file.fileName))).length;
  const share = project.files.length === 0 ? 0 : (100 * parsed) / project.files.length;
  console.log(`${path.basename(path.resolve(folder))}\t${project.files.length} files\t${parsed} parsed\t${share.toFixed(0)}%`);
}
