import { startProgress, type Progress } from './progress.js';

/** What the CLI touches of its process, so tests can run it in memory. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout and stderr are terminals (colour, the progress line). Default: not. */
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  /** The environment (`NO_COLOR`, `FORCE_COLOR`, `TERM`). Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Shows a progress line on the terminal while a long step runs. */
  readonly startProgress?: (label: string) => Progress;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  env: process.env,
  startProgress: (label) => startProgress({ fd: process.stderr.fd, label }),
};

/**
 * Colour on a terminal, unless `NO_COLOR` says none; `FORCE_COLOR` wins over both (`0` or `false` turns it
 * off), as in Node and most tools (https://no-color.org, https://force-color.org).
 */
export function useColor(isTTY: boolean | undefined, env: CliIo['env'] = {}): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}
