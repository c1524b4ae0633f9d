// `npm run bench`: every benchmark in turn, each printing its figures. Scale runs live here, not
// in CI. Figures are copied into docs/BENCHMARKS.md.
import { benchCycle, printCycle } from './cycle.ts';
import { benchHubSpot, printHubSpot } from './hubspot.ts';
import { benchSalesforce, printSalesforce } from './salesforce.ts';
import { benchScoring, printScoring } from './scoring.ts';

printScoring(await benchScoring());
console.log();
printHubSpot(await benchHubSpot());
console.log();
printSalesforce(await benchSalesforce());
console.log();
printCycle(await benchCycle(10_000, 110));
printCycle(await benchCycle(100_000, 1_000));
