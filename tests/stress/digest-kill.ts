// npm run stress:digest [runs]: the crash of issue 18, again and again. Each run starts the real bot
// (`npm start`) against the fake Discord with a slot every 2 s, SIGKILLs its process group the moment
// Discord has stored a digest part and before the answer reaches it, restarts it on the same database
// and waits for the killed slot and two later ones. Runs cycle through one-part and two-part digests
// (the kill after either part) and through the guards Discord leaves: both, the nonce alone (no Read
// Message History), the channel history alone (the nonce window is over). Prints each run and the
// totals of duplicated messages and lost slots, exits 1 if either is not 0; then one control run in
// which Discord gives neither guard, where the duplicate must show.
import { killDuringPost, type KillScenario } from '../e2e/kill-scenario.ts';

const runs = Number(process.argv[2] ?? 20);
const variants: KillScenario[] = [];
for (const guards of ['both', 'nonce', 'history'] as const) {
  // One part: the second slot is killed, after one posted normally; two parts: the first slot.
  variants.push({ parts: 'one', slotsBefore: 1, guards }, { parts: 'several', killAfterPart: 1, guards }, { parts: 'several', killAfterPart: 2, guards });
}

let duplicates = 0;
let lost = 0;
let failedRuns = 0;
const started = Date.now();
for (let run = 1; run <= runs; run++) {
  const scenario = variants[(run - 1) % variants.length]!;
  const label = `${scenario.parts === 'one' ? 'one part' : `two parts, kill after part ${scenario.killAfterPart}`}, guards: ${scenario.guards}`;
  try {
    const outcome = await killDuringPost(scenario);
    duplicates += outcome.duplicates;
    lost += outcome.lost;
    const order = outcome.killedSlotTitles.map((t) => /\(\d+\/\d+\)$/.exec(t)?.[0] ?? '(1/1)').join(' ');
    console.log(
      `run ${String(run).padStart(2)} (${label}): killed slot ${outcome.killedSlot} landed ${order}; duplicates ${outcome.duplicates}, lost slots ${outcome.lost}, later slots posted ${outcome.laterPosted}, nonce repeats ${outcome.nonceRepeats}, found in history ${outcome.foundInHistory}`,
    );
  } catch (error) {
    failedRuns++;
    console.log(`run ${String(run).padStart(2)} (${label}): FAILED ${(error as Error).message.split('\n')[0]}`);
  }
}
console.log(`${runs} kill/restart runs in ${((Date.now() - started) / 1000).toFixed(0)} s: duplicates ${duplicates}, lost slots ${lost}, runs that failed ${failedRuns}`);
// The control: with neither guard the same crash must post the part twice, or the count above proves nothing.
const control = await killDuringPost({ parts: 'one', slotsBefore: 1, guards: 'none' });
console.log(`control run (Discord gives no nonce window and no history): duplicates ${control.duplicates}, lost slots ${control.lost}`);
process.exitCode = duplicates === 0 && lost === 0 && failedRuns === 0 ? 0 : 1;
