import { type CliIo, runCli } from '../../src/cli/main.js';

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in memory; `io` overrides what the CLI sees of its process (TTYs, environment). */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(argv, {
    ...io,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { exitCode, stdout, stderr };
}
