import { Project, ts as morphTs } from 'ts-morph';
import type { TS } from '../core/engine/ast.js';
import type { WorkspacePackage } from './workspace.js';

/**
 * ts-morph bundles its own TypeScript; the engine gets that module, never the `typescript` package, so
 * syntax kinds and type flags always match the AST it reads (TOOLCHAIN.md: TypeFlags moved in 6.0).
 */
export const analyzerTs = morphTs as unknown as TS;

/**
 * One program over the repository's sources. Workspace packages are mapped by name to their source entry
 * (`@shop/contracts` -> `packages/contracts/src/index.ts`), so imports of them resolve on a fresh clone with
 * no node_modules; installed libraries, when present, give the checker their types.
 */
export function createAnalysisProject(files: readonly string[], packages: readonly WorkspacePackage[]): Project {
  const paths: Record<string, string[]> = {};
  for (const pkg of packages) {
    if (pkg.name === undefined) continue;
    if (pkg.sourceEntry) paths[pkg.name] = [pkg.sourceEntry];
    paths[`${pkg.name}/*`] = [`${pkg.root}/src/*`, `${pkg.root}/*`];
  }
  const project = new Project({
    compilerOptions: {
      target: morphTs.ScriptTarget.ES2022,
      module: morphTs.ModuleKind.Preserve,
      moduleResolution: morphTs.ModuleResolutionKind.Bundler,
      allowJs: true,
      checkJs: false,
      jsx: morphTs.JsxEmit.Preserve,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      // No ambient @types: only what files import is loaded, which keeps big repositories fast.
      types: [],
      // The DOM's declarations are the largest lib file and decide nothing here.
      lib: ['lib.es2023.d.ts'],
      paths,
    },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
  });
  for (const file of files) project.addSourceFileAtPath(file);
  return project;
}
