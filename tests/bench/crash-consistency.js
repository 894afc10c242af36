// Crash consistency of a "Replace" restore, at many kill points (tests/e2e/crash.js):
// a 1,000-opportunity, 50,000-event backup restored over 1,000 other opportunities and
// 3,000 contacts, the browser killed (SIGKILL) or its service worker stopped at evenly
// spread moments, then started again on the same profile. Prints
// "N kill points, N consistent" (consistent: exactly the old history or the new one).
//   node tests/bench/crash-consistency.js [POINTS]   (./build.sh bench runs it)
import { killPoints } from '../e2e/crash.js';

const points = Number(process.argv[2] ?? 20);
const { results } = await killPoints({ points, opportunities: 1000, events: 50000, log: (line) => console.log(line) });
const consistent = results.filter((r) => /^(old|new)$/.test(r.outcome) && !r.journalLeft).length;
const count = (what) => results.filter((r) => r.outcome === what).length;
console.log(`outcomes: ${count('old')} old history, ${count('new')} new history, ${results.length - count('old') - count('new')} mixed`);
console.log(`${results.length} kill points, ${consistent} consistent`);
if (consistent !== results.length) process.exitCode = 1;
