export { DEFAULTS as DEFAULTS_FOR_TESTS } from '../../../src/model/policy.ts';
export { compilePolicy, createScorer } from '../../../src/scoring/index.ts';
