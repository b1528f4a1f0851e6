// Boundaries of the code, checked by `npm run lint` (dependency-cruiser). Each rule says why it exists; a
// violation is a design question first, and a rule changes only with a reason written here.

/** Tests and their helpers live beside the code they test; they may reach test helpers, code may not. */
const TESTS = String.raw`\.test(-support)?\.ts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A cycle makes two modules one: neither can be read, tested or moved alone, and the order they load in ' +
        'starts to matter. Type-only imports count too (tsPreCompilationDeps), since a type cycle is the same ' +
        'knot in the design. Break it by moving the shared piece into a third module both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-host-free',
      comment:
        'src/core (model, engine, detectors, checks, graph) runs inside ESLint and inside the analyzer alike, ' +
        'so it must not depend on either host: no ESLint, no ts-morph (each host passes its own TypeScript in), ' +
        'and no file system (ESLint hands it the text; the analyzer reads files, and is the only one that may).',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TESTS },
      to: {
        path: [
          '^node_modules/(eslint|@eslint|@typescript-eslint|typescript-eslint|ts-morph|@ts-morph)/',
          '^(node:)?fs(/promises)?$',
        ],
      },
    },
    {
      name: 'reporters-read-only-the-model',
      comment:
        'Reporters are pure functions of the saved JSON model, so `render saved.json --format x` works without ' +
        're-parsing anything: they may import the model and their own helpers, nothing that analyses code. One ' +
        'door is open: rule-info.ts reads the catalogue of rules (id, description, message templates, docs URL) ' +
        'that ships with the package, static data that SARIF and the text report name; it analyses nothing. ' +
        'node:crypto is allowed: a hash (a SARIF fingerprint, a CSP script hash) is a pure function of its input.',
      severity: 'error',
      from: { path: '^src/reporters/', pathNot: [TESTS, '^src/reporters/rule-info\\.ts$'] },
      to: { pathNot: ['^src/reporters/', '^src/core/model/', '^(node:)?crypto$'] },
    },
    {
      name: 'rule-info-reads-only-the-catalogue',
      comment: 'The one door of reporters-read-only-the-model stays narrow: the list of checks and the package facts.',
      severity: 'error',
      from: { path: '^src/reporters/rule-info\\.ts$' },
      to: { pathNot: ['^src/reporters/', '^src/core/model/', '^src/core/checks/index\\.ts$', '^src/package-info\\.ts$'] },
    },
    {
      name: 'cli-drives-the-analyzer',
      comment:
        'The CLI is argv, IO and exit codes around the analyzer and the reporters (and the model they share): ' +
        'reaching into the engine, detectors or checks would make it a third host with its own rules.',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: TESTS },
      to: { path: '^src/(core/(engine|detectors|checks|graph)|eslint-plugin)/' },
    },
    {
      name: 'no-tests-or-fixtures-in-src',
      comment:
        'What ships must not need what does not ship: test helpers and fixtures (analysed code, not ours) are ' +
        'left out of the package, so code importing them would break for every user.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^(test|fixtures)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies of the design, even if the compiler erases them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
