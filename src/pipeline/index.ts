// The public face of src/pipeline: what other parts may use. Everything else can change without
// looking outside the folder.
export { OutcomeSchema, count, emptyOutcome, merge, problem, valueProblem, type Outcome, type RunError } from './outcome.ts';
export { scoreAccounts } from './score-accounts.ts';
export { updateSegments } from './segments.ts';
