// The crash the digest must survive: the real bot (`npm start`: tsx src/main.ts) posts a digest part,
// the fake Discord stores it, and the bot's whole process group is SIGKILLed before the answer reaches
// it (the fake then cuts the connection). A new process on the same database must post that slot's
// missing parts once, in order, and every later slot once. Shared by tests/e2e/digest-kill.test.ts
// and the stress loop in tests/stress/digest-kill.ts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { SlotRecord } from '../../src/store/digests.ts';
import { openStoreEngine } from '../../src/store/open.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/store.ts';
import { FakeDiscord, type LandedMessage } from './fake-discord.ts';
import { type BotProcess, startBotProcess } from './harness.ts';

export const KILL_GUILD = '230000000000000001';
export const KILL_CHANNEL = '240000000000000001';
const CRON = '*/2 * * * * *';
const ZONE = 'Asia/Kathmandu';

export interface KillScenario {
  /**
   * 'one': the digest is a single message; 'several': it has two parts, and the kill falls after
   * part `killAfterPart` was accepted (1: between the two parts; 2: after the last, before the record).
   */
  parts: 'one' | 'several';
  killAfterPart?: 1 | 2;
  /**
   * Which guard Discord leaves the bot: both (nonce window and a readable history), only the nonce
   * (no Read Message History), only the history (the nonce window has passed), or none (a control:
   * the part must then land twice, or the scenario measures nothing).
   */
  guards: 'both' | 'nonce' | 'history' | 'none';
  /** Posted slots after the killed one to wait for before stopping the second process. */
  laterSlots?: number;
  /** How long the second process has to post the killed slot and the later ones (then it counts as lost). */
  restartWaitMs?: number;
  /** The digest cron (every 2 s by default); a slower one makes the restart fall within the killed slot. */
  cron?: string;
  /** Slots posted normally before the one killed (one-part digests only: later slots have one part). */
  slotsBefore?: number;
  /** An empty PostgreSQL database: the bots run with DATABASE_URL set to it instead of a SQLite file. */
  databaseUrl?: string;
}

export interface KillOutcome {
  /** The slot being posted when the bot was killed. */
  killedSlot: string;
  /** Titles of the killed slot's messages as they landed, in order. */
  killedSlotTitles: string[];
  /** How many parts the killed slot's digest has. */
  killedSlotParts: number;
  /**
   * Messages that landed again for a (slot, part, message) that had landed already: the same nonce,
   * or (for code that sends none) the same title and description.
   */
  duplicates: number;
  /** Messages in the channel that no slot recorded (a post cut off by the end of the run, or a leak). */
  unrecorded: number;
  /** Slots begun but not posted in full (up to the last posted one), the killed slot included. */
  lost: number;
  /** Posted slots after the killed one. */
  laterPosted: number;
  /** Posts Discord answered with an earlier message because of their nonce. */
  nonceRepeats: number;
  /** The second process found the killed part in the channel and recorded it. */
  foundInHistory: boolean;
  ledger: SlotRecord[];
  messages: LandedMessage[];
  stderr: string;
}

const PLACES = ['Bannu', 'Quetta', 'Chaman', 'Kurram', 'Khost', 'Gilgit', 'Turbat', 'Gwadar', 'Swat', 'Zhob', 'Kohat', 'Tank'];
const EVENTS = ['curfew', 'bridge', 'school', 'market', 'highway', 'border crossing', 'hospital', 'college', 'bus terminal', 'power station', 'court', 'checkpoint'];

/**
 * Stories long enough that eight of them fill two digest parts, or short ones for a one-part
 * digest; written for this test, one place and one event each so that none cluster together.
 */
export function killStories(long: boolean): string {
  return PLACES.map((place, i) => {
    const event = EVENTS[i]!;
    const detail = long
      ? ` once elders, traders and district staff had met twice to agree on arrangements for the ${event} over the coming week, a committee had heard from residents of every ward and the shopkeepers of the main bazaar had been told which streets would stay closed to vehicles after dark`
      : '';
    const guards = long
      ? `, and police said patrols on the roads leading to the ${event} would continue at night until the measures were reviewed at the end of the month by a panel of officials from the provincial home department, the district police and the elected local council`
      : '';
    return JSON.stringify({
      title: `${place} ${event} reopened after security review (${i})`,
      text: `${place.toUpperCase()}: The ${event} in ${place} reopened on Monday after a security review${detail}, officials said, in report number ${i}.\n\n` +
        `Residents of ${place} district welcomed the decision while the administration kept extra guards in place around the ${event}${guards}.`,
      outlet: 'Kill Test Wire',
      url: `https://news.example/kill/${place.toLowerCase()}-${i}`,
    });
  }).join('\n');
}

/** The digest ledger of a guild (the shared digest by default), read through a connection of the scenario's own. */
export function readLedger(databasePath: string, guild = 'shared'): SlotRecord[] {
  const store = Store.open(databasePath);
  try {
    const slots = store.db.prepare('SELECT slot FROM digest_slots WHERE guild = ? ORDER BY slot').pluck().all(guild) as string[];
    return slots.map((slot) => store.digests.slot(guild, slot)!);
  } finally {
    store.close();
  }
}

/** The same ledger in PostgreSQL, through the engine the bot uses; `close` when done. */
export async function pgLedgerReader(url: string, guild = 'shared'): Promise<{ read: () => Promise<SlotRecord[]>; close: () => Promise<void> }> {
  const engine = await openStoreEngine({ engine: 'postgres', url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async read() {
      const { rows } = await client.query<{ slot: string }>('SELECT slot FROM digest_slots WHERE guild = $1 ORDER BY slot', [guild]);
      const records: SlotRecord[] = [];
      for (const { slot } of rows) records.push((await engine.digests.slot(guild, slot))!);
      return records;
    },
    async close() {
      await client.end();
      await engine.close();
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string, stderr: () => string): Promise<void> {
  if (!(await within(condition, timeoutMs))) throw new Error(`${what} within ${timeoutMs} ms\n${stderr().slice(-3000)}`);
}

async function within(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

const titleOf = (m: LandedMessage): string => m.body.embeds?.[0]?.title ?? '';

/**
 * Runs the scenario once. `track` receives a kill for every process started, for the caller's
 * clean-up should the scenario throw.
 */
export async function killDuringPost(scenario: KillScenario, track: (stop: () => void) => void = () => {}): Promise<KillOutcome> {
  const dir = tempDir('brief-kill-');
  const articlesDir = path.join(dir, 'articles');
  mkdirSync(articlesDir);
  writeFileSync(path.join(articlesDir, 'stories.jsonl'), killStories(scenario.parts === 'several'));
  const databasePath = path.join(dir, 'brief.db');
  const discord = await FakeDiscord.start({
    guilds: [{ id: KILL_GUILD, channelIds: [KILL_CHANNEL] }],
    nonceWindowMs: scenario.guards === 'history' || scenario.guards === 'none' ? 0 : undefined,
    readHistory: scenario.guards === 'both' || scenario.guards === 'history',
  });
  const pgReader = scenario.databaseUrl ? await pgLedgerReader(scenario.databaseUrl) : null;
  const ledgerNow = async (): Promise<SlotRecord[]> => (pgReader ? pgReader.read() : readLedger(databasePath));
  const env = { DATABASE_PATH: databasePath, ...(scenario.databaseUrl ? { DATABASE_URL: scenario.databaseUrl } : {}), ARTICLES_DIR: articlesDir, DIGEST_CHANNEL_ID: KILL_CHANNEL, DIGEST_CRON: scenario.cron ?? CRON, DIGEST_TIMEZONE: ZONE };
  const processes: BotProcess[] = [];
  const start = (): BotProcess => {
    const bot = startBotProcess(discord, env, track);
    processes.push(bot);
    return bot;
  };
  try {
    let first: BotProcess | null = null;
    discord.dropAnswer({
      path: new RegExp(`^/channels/${KILL_CHANNEL}/messages$`),
      // Several parts: killed once the chosen part is accepted, so it landed unrecorded and the parts
      // after it were never sent.
      title: scenario.parts === 'several' ? new RegExp(` \\(${scenario.killAfterPart ?? 1}/\\d+\\)$`) : undefined,
      skip: scenario.parts === 'one' ? (scenario.slotsBefore ?? 0) : 0,
      onAccepted: () => first?.killGroup('SIGKILL'),
    });
    first = start();
    const bot1 = first;
    await until(() => discord.droppedAnswers === 1, 60_000, 'no digest part was posted', bot1.stderr);
    await bot1.exited;
    const unfinished = (await ledgerNow()).filter((s) => s.state !== 'posted' && s.payload !== null);
    if (unfinished.length !== 1) throw new Error(`expected one slot in flight at the kill, found ${unfinished.length}`);
    const killedSlot = unfinished[0]!.slot;
    const killedSlotParts = unfinished[0]!.payload!.length;

    const second = start();
    const laterSlots = scenario.laterSlots ?? 2;
    const posted = async (): Promise<SlotRecord[]> => (await ledgerNow()).filter((s) => s.state === 'posted');
    // Not posted in time: the analysis below counts the killed slot as lost.
    await within(async () => {
      const done = await posted();
      return done.some((s) => s.slot === killedSlot) && done.filter((s) => s.slot > killedSlot).length >= laterSlots;
    }, scenario.restartWaitMs ?? 60_000);
    second.killGroup('SIGTERM');
    await second.exited;

    const ledger = await ledgerNow();
    const messages = discord.channelMessages(KILL_CHANNEL);
    const recorded = new Set(ledger.flatMap((s) => [...s.messageIds.flat(), ...(s.partialIds ?? [])]));
    const sameMessage = (m: LandedMessage): string => (m.nonce === undefined ? `${titleOf(m)}\n${m.body.embeds?.[0]?.description ?? ''}` : `nonce ${m.nonce}`);
    const duplicates = messages.length - new Set(messages.map(sameMessage)).size;
    const unrecorded = messages.filter((m) => !recorded.has(m.id)).length;
    const lastPosted = ledger.filter((s) => s.state === 'posted').at(-1)?.slot ?? '';
    const ids = new Set(messages.map((m) => m.id));
    const lost = ledger.filter(
      (s) =>
        (s.slot <= lastPosted || s.slot === killedSlot) &&
        s.state !== 'skipped' &&
        (s.state !== 'posted' || s.messageIds.length !== (s.payload?.length ?? 0) || !s.messageIds.flat().every((id) => ids.has(id))),
    ).length;
    const killedRecord = ledger.find((s) => s.slot === killedSlot)!;
    const killedIds = new Set(killedRecord.messageIds.flat());
    const killedSlotTitles = messages
      .filter((m) => killedIds.has(m.id) || (killedRecord.payload ?? []).some((p) => p.title === titleOf(m)))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map(titleOf);
    return {
      killedSlot,
      killedSlotTitles,
      killedSlotParts,
      duplicates,
      unrecorded,
      lost,
      laterPosted: ledger.filter((s) => s.state === 'posted' && s.slot > killedSlot).length,
      nonceRepeats: discord.nonceRepeats,
      foundInHistory: second.stderr().includes('found our earlier message in the channel'),
      ledger,
      messages,
      stderr: processes.map((p) => p.stderr()).join('\n----\n'),
    };
  } finally {
    for (const bot of processes) bot.killGroup('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await pgReader?.close();
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
