import fs from 'node:fs';
import path from 'node:path';

/*
 * `analyze --watch`: one process that analyses again after each change. What makes it fast is what stays
 * in memory between runs: the parts of the repository (cache.ts, checked as `--cache` entries are: a part
 * whose files all read the same is taken, the others analysed again), the compiler already loaded and
 * compiled by V8, its lib files parsed. A run still discovers the repository again, so a new service,
 * compose file or package is seen as in a new process.
 *
 * What is watched: every folder the last run's walk found files in (the root included), each with a
 * watcher of its own (`fs.watch` on one folder: inotify, FSEvents or ReadDirectoryChangesW), never
 * `node_modules`, `.git` or the other folders the analysis does not read; the list follows each run. A
 * change starts a run once the folder has been quiet for `quietMs` (a save, a `git checkout` of many
 * files: one run); a change during a run starts one more run after it.
 */

export interface WatchLoop {
  /** Analyses, delivers the result, and says which folders to watch until the next run. */
  readonly run: () => Promise<readonly string[]>;
  /** A run that failed on the user's input (a config made invalid while editing): said, and the watch goes on. */
  readonly isInputError: (error: unknown) => boolean;
  readonly reportInputError: (error: unknown) => void;
  /** Resolves the watch when aborted (Ctrl-C). */
  readonly stop: AbortSignal;
  /** Files whose changes start no run: what the watch writes itself (`--out`), else each write would start the next run. */
  readonly ignores?: (file: string) => boolean;
  readonly quietMs?: number;
}

export async function watchAndRun(loop: WatchLoop): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let changedWhileRunning = false;
  let ended = false;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const schedule = () => {
    if (ended) return;
    if (running !== undefined) {
      changedWhileRunning = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => void runOnce(), loop.quietMs ?? 100);
  };
  const watchers = new FolderWatchers(schedule, loop.ignores);
  const end = (error?: unknown) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    watchers.close();
    if (error !== undefined) settle!.reject(error);
    // A run under way is finished first: its output file is never left half written.
    else void (running ?? Promise.resolve()).then(settle!.resolve, settle!.reject);
  };
  const runOnce = async (): Promise<void> => {
    let failure: unknown;
    running = (async () => {
      try {
        const folders = await loop.run();
        if (!ended) watchers.follow(folders);
      } catch (error) {
        if (loop.isInputError(error)) loop.reportInputError(error);
        else failure = error;
      }
    })();
    await running;
    running = undefined;
    // Our own bug: the watch ends and the CLI says so (exit 3), as a single run would.
    if (failure !== undefined) end(failure);
    else if (changedWhileRunning) {
      changedWhileRunning = false;
      schedule();
    }
  };

  if (loop.stop.aborted) {
    end();
    return finished;
  }
  loop.stop.addEventListener('abort', () => {
    end();
  });
  await runOnce();
  return finished;
}

/** One `fs.watch` per folder, following the list each run gives; any change not ignored calls `changed`. */
class FolderWatchers {
  private readonly watchers = new Map<string, fs.FSWatcher>();

  constructor(
    private readonly changed: () => void,
    private readonly ignores: ((file: string) => boolean) | undefined,
  ) {}

  follow(folders: readonly string[]): void {
    const wanted = new Set(folders);
    for (const [folder, watcher] of this.watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
    for (const folder of wanted) if (!this.watchers.has(folder)) this.watch(folder);
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private watch(folder: string): void {
    try {
      const watcher = fs.watch(folder, { persistent: true }, (_event, name) => {
        if (name !== null && this.ignores?.(path.join(folder, name)) === true) return;
        this.changed();
      });
      // A folder removed while watched: the next run's list no longer has it.
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(folder);
        this.changed();
      });
      this.watchers.set(folder, watcher);
    } catch {
      // Gone between the walk and now: the change that removed it has started a run already.
    }
  }
}
