// Turns the benchmark's figures into a plain table for the terminal and a Markdown section for
// docs/performance.md, and judges them against the floors of issue 9. Pure: figures in, text out.

export const DOC_START = '<!-- bench:start -->';
export const DOC_END = '<!-- bench:end -->';

const s = (value) => value.toFixed(2);
const mib = (value) => value.toFixed(0);
const ratio = (value) => `${value.toFixed(2)}×`;
const percent = (value) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(0)}%`;
const count = (value) => value.toLocaleString('en-US');
const spread = (summary, format = s) => `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;

/** Per-file time (wall, or CPU with `figure`) at the largest size over that at the smallest, for one tool. */
function perFileGrowth(sizes, tool, figure = 'seconds') {
  if (sizes.length < 2) return undefined;
  const first = sizes[0];
  const last = sizes.at(-1);
  return last[tool][figure].median / last.files / (first[tool][figure].median / first.files);
}

/** Each floor of issue 9, with what this run measured and whether it holds (null: not measured). */
export function judgeFloors(figures) {
  const floors = [];
  const at = (files) => figures.sizes.find((size) => size.files === files);
  // Judged at the sizes the floors name, never at other sizes standing in for them.
  const large = [at(4000), at(8000)].filter(Boolean);
  floors.push({
    floor: 'CLI ≤ 0.5× tsc --noEmit wall at 4k and 8k files (aim 0.25×)',
    measured: large.length === 0 ? 'sizes 4,000 and 8,000 not in this run' : large.map((size) => `${ratio(size.ratio.seconds)} at ${count(size.files)} (CPU ${ratio(size.ratio.cpuSeconds)})`).join(', '),
    holds: large.length === 0 ? null : large.every((size) => size.ratio.seconds <= 0.5),
  });
  const [small, big] = [at(1000), at(8000)];
  const growth = small && big ? perFileGrowth([small, big], 'cli') : undefined;
  floors.push({
    floor: 'CLI time per file at 8k within 1.2× of 1k',
    measured: growth === undefined ? 'sizes 1,000 and 8,000 not both in this run' : `${ratio(growth)} (CPU ${ratio(perFileGrowth([small, big], 'cli', 'cpuSeconds'))})`,
    holds: growth === undefined ? null : growth <= 1.2,
  });
  floors.push({
    floor: "CLI peak memory ≤ tsc's",
    measured: figures.sizes.map((size) => `${mib(size.cli.peakMiB.median)} / ${mib(size.tsc.peakMiB.median)} MiB at ${count(size.files)}`).join(', '),
    holds: figures.sizes.every((size) => size.cli.peakMiB.median <= size.tsc.peakMiB.median),
  });
  floors.push({
    floor: 'warm --cache run after touching one file ≤ 15% of cold',
    measured: figures.cache.supported
      ? figures.cache.rows.map((row) => `${(row.ratio * 100).toFixed(0)}% of cold at ${count(row.files)}${row.mismatches.length > 0 ? ' (a different result)' : ''}`).join(', ')
      : 'no --cache yet',
    // A fast warm run that changes the result does not count.
    holds: figures.cache.supported ? figures.cache.rows.every((row) => row.ratio <= 0.15 && row.mismatches.length === 0) : null,
  });
  const watched = figures.cache.rows?.filter((row) => row.watch !== undefined) ?? [];
  if (watched.length > 0) {
    // Not the floor's own wording (it names a --cache run): the same edit in a process that stays running.
    floors.push({
      floor: '(beside it) --watch: the run after touching one file ≤ 15% of the cold --cache run',
      measured: watched.map((row) => `${(watchRatio(row) * 100).toFixed(0)}% at ${count(row.files)}${row.watch.mismatches.length > 0 ? ' (a different result)' : ''}`).join(', '),
      holds: watched.every((row) => watchRatio(row) <= 0.15 && row.watch.mismatches.length === 0),
    });
  }
  for (const kind of ['untyped', 'typed']) {
    const row = figures.eslint.rows?.find((candidate) => candidate.kind === kind);
    floors.push({
      floor: `ESLint plugin overhead ≤ +10% on ${kind === 'untyped' ? 'an untyped' : 'a typed'} run`,
      measured: row === undefined ? (figures.eslint.skipped ?? 'not measured') : `${percent(row.ratio - 1)} (CPU ${percent(row.cpuRatio - 1)})${row.overEmpty ? `; one empty rule alone ${percent(row.emptyRatio - 1)}, the plugin over it ${percent(row.overEmpty - 1)}` : ''}`,
      holds: row === undefined ? null : row.ratio <= 1.1,
    });
  }
  return floors;
}

const verdict = (holds) => (holds === null ? 'not measured' : holds ? 'holds' : 'does not hold');

function loadNote(figures) {
  const { machine } = figures;
  const busy = Math.max(machine.loadStart, machine.loadEnd) > machine.cores;
  return {
    line: `1-minute load average ${machine.loadStart.toFixed(2)} at the start, ${machine.loadEnd.toFixed(2)} at the end, on ${machine.cores} cores`,
    warning: busy ? `the load average exceeded the ${machine.cores} cores during this run: other work shared the machine, so wall times are longer and noisier than on an idle machine (ratios between tools run side by side suffer less than absolute times)` : undefined,
  };
}

function sections(figures) {
  const cliTsc = {
    headers: ['files', 'services', 'interactions found/written', 'CLI s (min–max)', 'tsc s (min–max)', 'CLI/tsc', 'CPU s CLI', 'CPU s tsc', 'CPU CLI/tsc', 'CLI ms per 1k files', 'tsc ms per 1k files', 'peak MiB CLI', 'peak MiB tsc'],
    rows: figures.sizes.map((size) => [
      count(size.files),
      String(size.services),
      `${count(size.interactions.found)}/${count(size.interactions.expected)}`,
      spread(size.cli.seconds),
      spread(size.tsc.seconds),
      ratio(size.ratio.seconds),
      s(size.cli.cpuSeconds.median),
      s(size.tsc.cpuSeconds.median),
      ratio(size.ratio.cpuSeconds),
      count(Math.round((size.cli.seconds.median * 1e6) / size.files)),
      count(Math.round((size.tsc.seconds.median * 1e6) / size.files)),
      spread(size.cli.peakMiB, mib),
      spread(size.tsc.peakMiB, mib),
    ]),
  };
  // Start-up is paid once per run, so per-file time falls with size even when the work grows faster than the
  // files; the slope between two sizes leaves it out and shows such growth.
  const slopes = (tool) =>
    figures.sizes
      .slice(1)
      .map((size, index) => {
        const previous = figures.sizes[index];
        const ms = ((size[tool].seconds.median - previous[tool].seconds.median) * 1e6) / (size.files - previous.files);
        return `${count(previous.files)}→${count(size.files)} ${count(Math.round(ms))} ms`;
      })
      .join(', ');
  const marginal = figures.sizes.length < 2 ? '' : ` Time per 1,000 more files between sizes (start-up left out): CLI ${slopes('cli')}; tsc ${slopes('tsc')}.`;
  const cliGrowth = perFileGrowth(figures.sizes, 'cli');
  const scaling =
    cliGrowth === undefined
      ? 'Per-file time: one size only, no scaling figure.'
      : `Per-file time at ${count(figures.sizes.at(-1).files)} files relative to ${count(figures.sizes[0].files)} (1.00× is linear): CLI ${ratio(cliGrowth)} wall, ${ratio(perFileGrowth(figures.sizes, 'cli', 'cpuSeconds'))} CPU; tsc ${ratio(perFileGrowth(figures.sizes, 'tsc'))} wall, ${ratio(perFileGrowth(figures.sizes, 'tsc', 'cpuSeconds'))} CPU.${marginal}`;
  const mismatches = figures.sizes.flatMap((size) => size.interactions.problems.map((problem) => `${count(size.files)} files: ${problem}`));
  const cache = figures.cache.supported
    ? {
        left: 2,
        headers: ['files', 'file touched', 'cold s (min–max)', 'warm s (min–max)', 'warm/cold', 'warm result = cold result', '--watch s after the edit (min–max)', '--watch/cold', '--watch result = first'],
        rows: figures.cache.rows.map((row) => [
          count(row.files),
          row.touched,
          spread(row.cold),
          spread(row.warm),
          ratio(row.ratio),
          row.mismatches.length === 0 ? 'yes' : `no (runs ${row.mismatches.join(', ')})`,
          row.watch ? spread(row.watch.seconds) : '–',
          row.watch ? ratio(watchRatio(row)) : '–',
          row.watch ? (row.watch.mismatches.length === 0 ? 'yes' : `no (runs ${row.watch.mismatches.join(', ')})`) : '–',
        ]),
      }
    : undefined;
  const eslint = figures.eslint.rows
    ? {
        headers: ['run', 'no rules s (min–max)', 'one empty rule s (min–max)', 'with the plugin s (min–max)', 'plugin/no rules', 'overhead', 'CPU overhead', 'one empty rule over no rules', 'plugin over one empty rule', 'files linted', 'problems the plugin reported'],
        rows: figures.eslint.rows.map((row) => [
          row.kind === 'untyped' ? 'untyped (recommended)' : 'typed (recommended-type-checked)',
          spread(row.base),
          row.empty ? spread(row.empty) : '–',
          spread(row.plugin),
          ratio(row.ratio),
          percent(row.ratio - 1),
          percent(row.cpuRatio - 1),
          row.emptyRatio ? percent(row.emptyRatio - 1) : '–',
          row.overEmpty ? percent(row.overEmpty - 1) : '–',
          count(row.lintedFiles),
          count(row.problems),
        ]),
      }
    : undefined;
  const shop = {
    headers: ['CLI on', 'files', 's (min–max)', 'peak MiB'],
    rows: figures.shop.map((row) => [row.label, String(row.files), spread(row.seconds), mib(row.peakMiB.median)]),
  };
  const floors = { headers: ['floor (issue 9)', 'measured', 'verdict'], left: 3, rows: judgeFloors(figures).map((row) => [row.floor, row.measured, verdict(row.holds)]) };
  return { cliTsc, scaling, mismatches, cache, eslint, shop, floors };
}

/** The watch's run after an edit against the cold `--cache` run of the same size (medians). */
function watchRatio(row) {
  return row.watch.seconds.median / row.cold.median;
}

/** Columns before `left` (the first by default) are text, aligned left; the others are figures. */
function textTable({ headers, rows, left = 1 }) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, column) => (column < left ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable({ headers, rows, left = 1 }) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, column) => (column < left ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function describeRun(figures) {
  const { machine } = figures;
  return {
    machine: `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB, ${machine.os}, Node ${machine.node}`,
    method: `${figures.timer}; median of ${figures.runs} run${figures.runs === 1 ? '' : 's'}, each tool in a fresh process, the sizes in rounds; CLI and tsc (and each ESLint pair) back to back in alternating order, their ratios the median of the ratios pair by pair; generated monorepo seed ${figures.seed}, one service per ${figures.filesPerService} files${figures.reach ? `, each file that talks importing ${figures.reach} plain files (BENCH_REACH)` : ''}`,
  };
}

/** The plain table printed on stdout. */
export function renderText(figures) {
  const parts = sections(figures);
  const { machine, method } = describeRun(figures);
  const load = loadNote(figures);
  const out = [`service-map bench, ${figures.date}${figures.commit ? `, commit ${figures.commit}` : ''}`, machine, load.line, method];
  if (load.warning) out.push(`WARNING: ${load.warning}`);
  out.push('', 'CLI `analyze DIR --format json` vs `tsc -p DIR --noEmit`', textTable(parts.cliTsc), parts.scaling);
  for (const mismatch of parts.mismatches) out.push(`WARNING: ${mismatch}`);
  out.push('', 'Warm / cold cache', parts.cache ? textTable(parts.cache) : 'no --cache yet');
  out.push('', `ESLint plugin overhead${figures.eslint.rows ? ` (the generated repository of ${count(figures.eslint.files)} files, all of it)` : ''}`, parts.eslint ? textTable(parts.eslint) : figures.eslint.skipped);
  out.push('', 'fixtures/shop', textTable(parts.shop), '', textTable(parts.floors), '');
  return out.join('\n');
}

/** The generated part of docs/performance.md, between its markers. */
export function renderMarkdown(figures) {
  const parts = sections(figures);
  const { machine, method } = describeRun(figures);
  const load = loadNote(figures);
  const out = [
    DOC_START,
    `_Written by \`npm run bench -- --write\` on ${figures.date}${figures.commit ? ` at commit \`${figures.commit}\`` : ''}._`,
    '',
    `- Machine: ${machine}.`,
    `- Load: ${load.line}.${load.warning ? ` **Warning:** ${load.warning}.` : ''}`,
    `- Method: ${method}.`,
    '',
    '### CLI and `tsc --noEmit`',
    '',
    markdownTable(parts.cliTsc),
    '',
    parts.scaling,
    ...parts.mismatches.map((mismatch) => `\n**Warning:** ${mismatch}.`),
    '',
    '### Warm and cold cache',
    '',
    parts.cache ? markdownTable(parts.cache) : 'No `--cache` yet: `service-map analyze --help` lists no such flag, so every run is a cold run.',
    '',
    '### ESLint plugin overhead',
    '',
    parts.eslint ? `On the generated repository of ${count(figures.eslint.files)} files (all of it):\n\n${markdownTable(parts.eslint)}` : figures.eslint.skipped,
    '',
    '### fixtures/shop',
    '',
    markdownTable(parts.shop),
    '',
    '### Floors',
    '',
    markdownTable(parts.floors),
    DOC_END,
  ];
  return `${out.join('\n')}\n`;
}

/** `doc` with the text between its markers replaced by `section`; throws when the markers are missing. */
export function replaceGenerated(doc, section) {
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`docs/performance.md: markers ${DOC_START} and ${DOC_END} not found`);
  return `${doc.slice(0, start)}${section.trimEnd()}${doc.slice(end + DOC_END.length)}`;
}
