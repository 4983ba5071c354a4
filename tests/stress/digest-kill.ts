// npm run stress:digest [runs] [--baseline=<commit>]: the crash of issue 18, again and again. Each run
// starts the real bot (`npm start`) against the fake Discord with a slot every 2 s, SIGKILLs its
// process group the moment Discord has stored a digest part and before the answer reaches it,
// restarts it on the same database and waits for the killed slot and two later ones. Runs cycle
// through one-part and two-part digests (the kill after either part) and through the guards Discord
// leaves: both, the nonce alone (no Read Message History), the channel history alone (the nonce window
// is over). Prints each run and the totals of duplicated messages and lost slots, exits 1 if either is
// not 0; then one control run in which Discord gives neither guard, where the duplicate must show.
// With --baseline, the issue's own setting (a slot every 20 s, so the restart falls within the killed
// slot, which follows one posted normally) is run twice on this tree and twice on the code of that
// commit (extracted to a temporary folder, with this tree's fake Discord and scenario).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killDuringPost, type KillScenario } from '../e2e/kill-scenario.ts';
import { REPO_ROOT } from '../support/corpora.ts';

const args = process.argv.slice(2);
const baseline = args.find((a) => a.startsWith('--baseline='))?.slice('--baseline='.length);

/** The issue's setting, twice; prints one line per run and the total under `label`. */
async function issueSetting(label: string): Promise<void> {
  let duplicates = 0;
  let lost = 0;
  for (let run = 1; run <= 2; run++) {
    const outcome = await killDuringPost({ parts: 'one', slotsBefore: 1, guards: 'both', cron: '*/20 * * * * *', laterSlots: 0, restartWaitMs: 20_000 });
    duplicates += outcome.duplicates;
    lost += outcome.lost;
    console.log(
      `${label}, run ${run}: the killed slot landed ${outcome.killedSlotTitles.length} time(s); duplicates ${outcome.duplicates}, lost slots ${outcome.lost}, unrecorded messages ${outcome.unrecorded}`,
    );
  }
  console.log(`${label}: duplicates ${duplicates}, lost slots ${lost}`);
}

if (args[0] === '--issue-setting') {
  await issueSetting(args[1] ?? 'issue setting');
} else {
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 20);
  const variants: KillScenario[] = [];
  for (const guards of ['both', 'nonce', 'history'] as const) {
    // One part: the second slot is killed, after one posted normally; two parts: the first slot.
    variants.push({ parts: 'one', slotsBefore: 1, guards }, { parts: 'several', killAfterPart: 1, guards }, { parts: 'several', killAfterPart: 2, guards });
  }
  let duplicates = 0;
  let lost = 0;
  let unrecorded = 0;
  let failedRuns = 0;
  const started = Date.now();
  for (let run = 1; run <= runs; run++) {
    const scenario = variants[(run - 1) % variants.length]!;
    const label = `${scenario.parts === 'one' ? 'one part' : `two parts, kill after part ${scenario.killAfterPart}`}, guards: ${scenario.guards}`;
    try {
      const outcome = await killDuringPost(scenario);
      duplicates += outcome.duplicates;
      lost += outcome.lost;
      unrecorded += outcome.unrecorded;
      const order = outcome.killedSlotTitles.map((t) => /\(\d+\/\d+\)$/.exec(t)?.[0] ?? '(1/1)').join(' ');
      if (outcome.duplicates + outcome.lost + outcome.unrecorded > 0) {
        const file = path.join(tmpdir(), `digest-kill-run-${run}.log`);
        writeFileSync(file, outcome.stderr);
        console.log(`run ${String(run).padStart(2)}: the bots' logs are in ${file}`);
      }
      console.log(
        `run ${String(run).padStart(2)} (${label}): killed slot ${outcome.killedSlot} landed ${order}; duplicates ${outcome.duplicates}, lost slots ${outcome.lost}, unrecorded ${outcome.unrecorded}, later slots posted ${outcome.laterPosted}, nonce repeats ${outcome.nonceRepeats}, found in history ${outcome.foundInHistory}`,
      );
    } catch (error) {
      failedRuns++;
      console.log(`run ${String(run).padStart(2)} (${label}): FAILED ${(error as Error).message.split('\n')[0]}`);
    }
  }
  console.log(
    `${runs} kill/restart runs in ${((Date.now() - started) / 1000).toFixed(0)} s: duplicates ${duplicates}, lost slots ${lost}, unrecorded messages ${unrecorded}, runs that failed ${failedRuns}`,
  );
  // The control: with neither guard the same crash must post the part twice, or the count above proves nothing.
  const control = await killDuringPost({ parts: 'one', slotsBefore: 1, guards: 'none' });
  console.log(`control run (Discord gives no nonce window and no history): duplicates ${control.duplicates}, lost slots ${control.lost}`);
  process.exitCode = duplicates === 0 && lost === 0 && unrecorded === 0 && failedRuns === 0 ? 0 : 1;

  if (baseline) {
    await issueSetting('issue setting, this tree');
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-baseline-'));
    try {
      const extracted = spawnSync('sh', ['-c', `git archive "$0" | tar -x -C "$1"`, baseline, dir], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (extracted.status !== 0) throw new Error(`could not extract ${baseline}`);
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
      mkdirSync(path.join(dir, 'tests/stress'), { recursive: true });
      for (const file of ['tests/e2e/fake-discord.ts', 'tests/e2e/harness.ts', 'tests/e2e/kill-scenario.ts', 'tests/stress/digest-kill.ts']) {
        copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
      }
      spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), [path.join(dir, 'tests/stress/digest-kill.ts'), '--issue-setting', `issue setting, baseline ${baseline}`], {
        cwd: dir,
        stdio: 'inherit',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
