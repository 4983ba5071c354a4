// Dispatch latency per command through the real bot and a fake Discord on 127.0.0.1, with 10,000
// articles stored: from the INTERACTION_CREATE leaving the gateway to the acknowledgement arriving at
// REST (what Discord's 3 s rule is about; a deferred command acknowledges before it works), and to
// the last message of the answer. Beside it, the same command run directly (askCommandLine:
// runCommand, no Discord) in the same run: the ratio shows what gateway, dispatch, rendering and REST add.
import { askCommandLine } from '../../src/app.ts';
import { ADMIN_PERMISSIONS, type SentInteraction } from '../e2e/fake-discord.ts';
import { commandVariants, fillArticles, generatedArticle, startStack } from '../e2e/harness.ts';
import { fixed, latencySummary } from './support.ts';

const GUILD = '200000000000000007';
const ARTICLES = 10_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);

interface Case {
  label: string;
  /** The same command as a console line, for the direct baseline (null: no console equivalent). */
  line: ((i: number) => string) | null;
  send: (i: number) => SentInteraction;
}

const stack = await startStack({ guilds: [{ id: GUILD }] });
await fillArticles(stack.services, ARTICLES);
const { discord } = stack;
const caller = { guildId: GUILD, userId: '300000000000000001', isAdmin: true };
const admin = { guildId: GUILD, permissions: ADMIN_PERMISSIONS };

const list = discord.command({ guildId: GUILD, name: 'article', subcommand: 'list' });
await list.settled();
const nextPage = list.messages[0]!.body.components?.[0]?.components?.[1]?.custom_id;
const cases: Case[] = [
  { label: '/help', line: () => '/help', send: () => discord.command({ guildId: GUILD, name: 'help' }) },
  { label: '/article list', line: () => '/article list', send: () => discord.command({ guildId: GUILD, name: 'article', subcommand: 'list' }) },
  {
    label: '/article list page:N',
    line: (i) => `/article list page:${1 + ((i * 37) % 1000)}`,
    send: (i) => discord.command({ guildId: GUILD, name: 'article', subcommand: 'list', options: { page: 1 + ((i * 37) % 1000) } }),
  },
  { label: 'page button', line: null, send: () => discord.button({ guildId: GUILD, customId: nextPage!, message: list.messages[0] }) },
  {
    label: '/article-admin add text',
    line: (i) => `/article-admin add text:"${generatedArticle(ARTICLES + 2 * i).text.replace(/"/g, "'")}"`,
    send: (i) => discord.command({ ...admin, name: 'article-admin', subcommand: 'add', options: { text: generatedArticle(ARTICLES + 2 * i + 1).text } }),
  },
];
// Every other command as it stands: autocomplete where offered, and the command itself when it needs no option.
for (const v of commandVariants(discord, ['help', 'article'])) {
  const focused = v.autocomplete;
  cases.push(
    focused
      ? { label: v.label, line: null, send: () => discord.autocomplete({ guildId: GUILD, name: v.name, subcommand: v.subcommand, options: { [focused]: 'pa' }, focused }) }
      : { label: v.label, line: () => v.label, send: () => discord.command({ ...admin, name: v.name, subcommand: v.subcommand }) },
  );
}

console.log(`dispatch latency, ${SAMPLES} samples per command, ${ARTICLES} articles stored, in ms; direct = the same command through runCommand without Discord; ratio = answer p50 / direct p50`);
const columns = ['ack p50', 'ack p99', 'answer p50', 'answer p99', 'direct p50', 'direct p99', 'ratio p50'];
console.log(`${'command'.padEnd(30)}${columns.map((c) => c.padStart(12)).join('')}`);
let slowest = 0;
for (const c of cases) {
  const acks: number[] = [];
  const answers: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const interaction = c.send(i);
    await interaction.settled(10_000, 0);
    acks.push(interaction.acknowledgedAfterMs!);
    answers.push(interaction.lastMessageAfterMs ?? interaction.acknowledgedAfterMs!);
  }
  const direct: number[] = [];
  if (c.line) {
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      await askCommandLine(stack.services, c.line(i), caller);
      direct.push(performance.now() - started);
    }
  }
  const ack = latencySummary(acks);
  const answer = latencySummary(answers);
  const base = direct.length ? latencySummary(direct) : null;
  slowest = Math.max(slowest, ack.max);
  const cells = [fixed(ack.p50), fixed(ack.p99), fixed(answer.p50), fixed(answer.p99), base ? fixed(base.p50, 2) : '-', base ? fixed(base.p99, 2) : '-', base ? `${fixed(answer.p50 / base.p50)}x` : '-'];
  console.log(`${c.label.padEnd(30)}${cells.map((v) => v.padStart(12)).join('')}`);
}
console.log(`slowest acknowledgement: ${fixed(slowest)} ms (Discord allows 3000)`);
if (discord.rejected.length) console.log(`payloads refused by the fake: ${discord.rejected.length}`);
await stack.stop();
if (slowest >= 3000 || discord.rejected.length) process.exitCode = 1;
