/** Types for generate-big-repo.mjs, which tests import. */
export declare const BIG_REPO: { readonly services: number; readonly topics: number };
export declare function bigRepoFiles(): Record<string, string>;
export declare function writeBigRepo(folder: string): void;
