// The walls of crm-pulse's house (docs/architecture.md), checked by `npm test` (`npm run
// test:deps`). Each rule says why it exists; a new import that crosses a wall fails the tests
// with that reason.
//
// The parts, from the callers down: cli -> http -> jobs -> pipeline -> sync | write-back ->
// sandbox -> store -> connectors -> observe | config | scoring -> model. A part may import only
// parts below it, and only through their index.ts.

/** Parts in the order of the flow; a part may import only the parts of later rows. */
const LAYERS = [['cli'], ['http'], ['jobs'], ['pipeline'], ['sync', 'writeback'], ['sandbox'], ['store'], ['connectors'], ['observe', 'config', 'scoring'], ['model']];

const part = (name) => `^src/${name}/`;
const any = (names) => `^src/(${names.join('|')})/`;

/** One rule per part: nothing it imports may sit on its own row (another part) or above it. */
const layering = LAYERS.flatMap((row, i) =>
  row.map((name) => {
    const notBelow = [...LAYERS.slice(0, i).flat(), ...row.filter((other) => other !== name)];
    return {
      name: `flow-${name}`,
      comment:
        `${name} imports only the parts below it (${LAYERS.slice(i + 1).flat().join(', ') || 'none'}): ` +
        'calls flow one way, from the CLI and HTTP through jobs to the CRM, so no cycle between parts can form and a change below never needs one above.',
      severity: 'error',
      from: { path: part(name) },
      to: { path: any(notBelow) },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'scoring-imports-only-model',
      comment: 'Scoring is pure functions of data, a policy and an as-of date (DOMAIN.md): it reads the model and nothing that does I/O or keeps state.',
      severity: 'error',
      from: { path: part('scoring') },
      to: { path: '^src/', pathNot: [part('scoring'), part('model')] },
    },
    {
      name: 'model-imports-nothing-of-ours',
      comment: "The model is the words every part shares (the canonical account, the policy, write-back fields, tasks, errors); it sits at the bottom so that every part can use it and it depends on none of them.",
      severity: 'error',
      from: { path: part('model') },
      to: { path: '^src/', pathNot: part('model') },
    },
    {
      name: 'connectors-stay-below',
      comment: 'A connector moves data between a CRM and the model; it never decides (scoring), never plans writes (write-back), and knows nothing of jobs, HTTP or the CLI that call it, so either CRM can be swapped or tested alone.',
      severity: 'error',
      from: { path: part('connectors') },
      to: { path: any(['jobs', 'http', 'cli', 'scoring', 'writeback', 'pipeline', 'sync']) },
    },
    {
      name: 'crms-do-not-know-each-other',
      comment: 'HubSpot and Salesforce share helpers only through src/connectors/ (retry, history window, mapping): a change for one CRM must not break the other.',
      severity: 'error',
      from: { path: '^src/connectors/(hubspot|salesforce)/' },
      to: { path: '^src/connectors/(hubspot|salesforce)/', pathNot: '^src/connectors/$1/' },
    },
    {
      name: 'store-stays-below',
      comment: 'The store keeps state for the parts that call it; it never calls them back (jobs, HTTP, write-back), so it can be tested on Redis alone.',
      severity: 'error',
      from: { path: part('store') },
      to: { path: any(['jobs', 'http', 'writeback', 'cli', 'pipeline', 'sync']) },
    },
    {
      name: 'sandbox-only-from-its-commands',
      comment: 'The sandbox is a fake CRM for the demo, the tests and the benchmarks; nothing that runs against a real CRM may load it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/sandbox/', '^src/cli/(demo|demo-[a-z-]+|sandbox)\\.ts$'] },
      to: { path: part('sandbox') },
    },
    {
      name: 'sandbox-loaded-lazily',
      comment: 'The demo and sandbox commands load the sandbox only when run (import()), so no other command pays for it; a type import costs nothing at run time.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: part('sandbox'), dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'through-the-public-face',
      comment: "Another part is used through its index.ts only: what a part exports there is what others may rely on, and everything else can change without looking outside the folder.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'A file that reaches itself through its imports is loaded half-initialised and cannot be understood or tested alone.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layering,
  ],
  options: {
    // TypeScript 7 has no JavaScript API; swc parses our TypeScript and tells type-only imports apart.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
  },
};
