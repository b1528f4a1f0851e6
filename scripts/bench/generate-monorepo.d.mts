/** Types for generate-monorepo.mjs, which tests import. */
export interface GenerateOptions {
  /** How many .ts source files the repository holds (declaration files aside). */
  readonly files: number;
  readonly seed: number;
  /** Default 50: about one service per 50 files. */
  readonly filesPerService?: number;
  /** Default 0: how many plain files of its service each route, producer and consumer file imports. */
  readonly reach?: number;
}
/** What the generator wrote, counted from its plan: what the CLI must find. */
export interface ExpectedFacts {
  readonly seed: number;
  readonly filesPerService: number;
  readonly files: number;
  /** Lines of those source files. */
  readonly lines: number;
  readonly services: number;
  readonly topics: number;
  readonly routes: number;
  readonly interactions: { readonly http: number; readonly produce: number; readonly consume: number };
}
export declare const MIN_FILES: number;
export declare const DEFAULT_FILES_PER_SERVICE: number;
export declare function generateMonorepo(options: GenerateOptions): { files: Record<string, string>; expected: ExpectedFacts };
export declare function writeMonorepo(folder: string, options: GenerateOptions): ExpectedFacts;
