// /digest-admin setup|show|preview|now|off: the daily digest of a server. Settings are stored per guild; a
// guild without any shows the defaults from .env. The console and CLI act on the shared digest.
import { AUTOCOMPLETE_LIMIT, type AutocompleteContext, bySubcommand, type Choice, type CommandContext, type CommandSpec, defineCommand, numberOption, stringOption, type SubcommandOptions, UserError } from '../src/command.ts';
import { composeDigestFor, DEFAULT_MAX_STORIES, digestWindow, MAX_STORIES_LIMIT } from '../src/digest/compose.ts';
import type { DigestJob } from '../src/digest/port.ts';
import { effectiveSettings } from '../src/digest/schedule.ts';
import { compileSchedule, formatLocal, formatOffset, hasSeconds, nextSlot, type Schedule, ScheduleError } from '../src/digest/slots.ts';
import type { Reply } from '../src/reply.ts';
import { scopeKey } from '../src/domain/scope.ts';
import type { DigestSettings } from '../src/store/digests.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../src/time.ts';
import { visibleTopics } from './topic.ts';

/** Zones offered first: the region's, then the usual references. */
const PREFERRED_ZONES = [
  'Asia/Karachi', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Kabul', 'Asia/Dhaka', 'Asia/Colombo',
  'Asia/Thimphu', 'Indian/Maldives', 'Asia/Tehran', 'UTC', 'Europe/London',
];
const ALL_ZONES = [...new Set([...PREFERRED_ZONES, ...Intl.supportedValuesOf('timeZone')])];
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DURATION = /^(\d+)\s*(m|h|d)$/i;
const DURATION_UNIT_MS = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;
const MAX_PREVIEW_MS = 7 * DAY_MS;

/** "24h", "90m" or "2d" as milliseconds; at most 7 days. */
function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new UserError(`"${text}" is not a duration; write it like 24h, 90m or 2d.`);
  const ms = Number(match[1]) * DURATION_UNIT_MS[match[2]!.toLowerCase() as keyof typeof DURATION_UNIT_MS];
  if (ms <= 0 || ms > MAX_PREVIEW_MS) throw new UserError(`"${text}" must be more than 0 and at most 7d.`);
  return ms;
}

/** "daily at 08:00" for the schedules /digest-admin setup makes, the cron itself otherwise. */
function describeCron(cron: string): string {
  const match = /^(?:0\s+)?(\d{1,2})\s+(\d{1,2})\s+\*\s+\*\s+\*$/.exec(cron.trim());
  return match ? `daily at ${match[2]!.padStart(2, '0')}:${match[1]!.padStart(2, '0')}` : `cron "${cron}"`;
}

function describeNextRun(schedule: Schedule, now: Date): string {
  const next = nextSlot(schedule, now);
  if (!next) return 'never (the schedule matches no date)';
  const seconds = hasSeconds(schedule.cron);
  return `${formatLocal(next, schedule.timezone, seconds)} ${schedule.timezone} (${formatOffset(next, schedule.timezone)}) = ${formatLocal(next, 'UTC', seconds)} UTC`;
}

function scheduleOf(settings: DigestSettings): Schedule {
  return { cron: settings.cron, timezone: settings.timezone };
}

function settingsLines(settings: DigestSettings, now: Date): string[] {
  return [
    `Channel: ${settings.channelId ?? 'none chosen'}`,
    `Schedule: ${describeCron(settings.cron)} (${settings.timezone})`,
    `Topics: ${settings.topics.length ? settings.topics.join(', ') : 'all'}`,
    `Stories: at most ${settings.maxStories}`,
    `Next run: ${settings.enabled && settings.channelId ? describeNextRun(scheduleOf(settings), now) : 'none (the digest is off)'}`,
  ];
}

async function setup(ctx: CommandContext<SubcommandOptions<typeof digestAdminSpec, 'setup'>>): Promise<Reply> {
  const { services } = ctx;
  const guild = scopeKey(ctx.scope);
  const current = await effectiveSettings(services, guild);
  const channelId = stringOption(ctx, 'channel') ?? current.channelId ?? services.config.digestChannelId;
  if (!channelId) throw new UserError('Choose the channel to post in, e.g. /digest-admin setup channel:#security-brief time:08:00.');
  const time = stringOption(ctx, 'time');
  const cronOption = stringOption(ctx, 'cron');
  if (time && cronOption) throw new UserError('Give either time or cron, not both.');
  const timeMatch = time === null ? null : TIME.exec(time);
  if (time !== null && !timeMatch) throw new UserError(`"${time}" is not a time of day; write it as HH:MM, e.g. 08:00.`);
  const cronExpression = timeMatch ? `${Number(timeMatch[2])} ${Number(timeMatch[1])} * * *` : (cronOption ?? current.cron);
  const timezone = stringOption(ctx, 'timezone') ?? current.timezone;
  try {
    compileSchedule({ cron: cronExpression, timezone });
  } catch (error) {
    if (error instanceof ScheduleError) throw new UserError(`The schedule is not valid: ${error.message}.`);
    throw error;
  }
  const topicsOption = stringOption(ctx, 'topics');
  const topics =
    topicsOption === null
      ? current.topics
      : /^all$/i.test(topicsOption)
        ? []
        : [...new Set(topicsOption.split(/[,\s]+/).map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const known = new Set((await visibleTopics(services, ctx.scope)).map((t) => t.id));
  const unknown = topics.filter((id) => !known.has(id));
  if (unknown.length) throw new UserError(`Unknown topic id: ${unknown.join(', ')}. /topics lists the ids.`);
  const settings: DigestSettings = {
    guild,
    channelId,
    cron: cronExpression,
    timezone,
    topics,
    maxStories: numberOption(ctx, 'max-stories') ?? current.maxStories,
    enabled: true,
    updatedAt: services.clock().toISOString(),
  };
  await services.store.digests.putSettings(settings);
  await services.digest.settingsChanged();
  return { title: 'Digest set up', sections: [{ lines: settingsLines(settings, services.clock()) }], ephemeral: true, tone: 'success' };
}

async function show(ctx: CommandContext<SubcommandOptions<typeof digestSpec, 'show'>>): Promise<Reply> {
  const { services } = ctx;
  const guild = scopeKey(ctx.scope);
  const settings = await effectiveSettings(services, guild);
  const last = await services.store.digests.lastPosted(guild);
  const status = settings.stored
    ? settings.enabled ? 'on' : 'off'
    : settings.enabled ? 'on (defaults from the bot\'s configuration)' : 'not set up: an admin can run /digest-admin setup';
  const lines = [`Status: ${status}`, ...settingsLines(settings, services.clock())];
  if (last?.postedAt) {
    lines.push(`Last digest: ${formatLocal(new Date(last.postedAt), settings.timezone)} ${settings.timezone}${last.late ? ' (posted late, after downtime)' : ''}`);
  }
  return { title: 'Digest settings', sections: [{ lines }], ephemeral: true };
}

async function preview(ctx: CommandContext<SubcommandOptions<typeof digestSpec, 'preview'>>): Promise<Reply> {
  const { services } = ctx;
  const guild = scopeKey(ctx.scope);
  const settings = await effectiveSettings(services, guild);
  const now = services.clock();
  const since = stringOption(ctx, 'since');
  const window = since
    ? { since: new Date(now.getTime() - parseDuration(since)), until: now }
    : digestWindow((await services.store.digests.lastPosted(guild))?.windowEnd ?? null, now);
  const { reply } = await composeDigestFor(services, {
    scope: ctx.scope,
    ...window,
    timezone: settings.timezone,
    maxStories: settings.maxStories,
    topics: settings.topics,
    chart: services.config.charts,
  });
  return { ...reply, ephemeral: true };
}

async function postNow(ctx: CommandContext<SubcommandOptions<typeof digestAdminSpec, 'now'>>): Promise<Reply> {
  const { services } = ctx;
  if (!services.digest.posting) throw new UserError('Posting needs the Discord bot to be running; /digest preview shows the digest here.');
  const settings = await effectiveSettings(services, scopeKey(ctx.scope));
  if (!settings.channelId) throw new UserError('No digest channel is set; an admin can run /digest-admin setup channel:#… first.');
  const job: DigestJob = {
    guild: settings.guild,
    channelId: settings.channelId,
    schedule: scheduleOf(settings),
    topics: settings.topics,
    maxStories: settings.maxStories,
    activeSince: settings.updatedAt,
  };
  const pending = services.digest.postNow(job);
  // The scheduler may have stopped (the bot shutting down) since the check above.
  if (!pending) throw new UserError('The bot is shutting down; the digest was not posted.');
  const outcome = await pending;
  switch (outcome.kind) {
    case 'posted':
      return {
        title: 'Digest posted',
        description: `${outcome.stories} ${outcome.stories === 1 ? 'story' : 'stories'} in channel ${settings.channelId}. The next scheduled digest covers what arrives after it.`,
        sections: [],
        ephemeral: true,
        tone: 'success',
      };
    case 'empty':
      return { title: 'Nothing to post', description: 'No new articles since the last digest.', sections: [], ephemeral: true };
    case 'already':
      return { title: 'Already posted', description: 'A digest was posted this very second.', sections: [], ephemeral: true };
    case 'in-progress':
      return { title: 'Already being posted', description: 'A digest is being posted right now; it covers these articles. Try again once it has landed.', sections: [], ephemeral: true };
    case 'failed':
      throw new UserError(`The digest could not be posted: ${outcome.error}`);
    default:
      throw new UserError('The bot is shutting down; the digest was not posted.');
  }
}

async function off(ctx: CommandContext<SubcommandOptions<typeof digestAdminSpec, 'off'>>): Promise<Reply> {
  const { services } = ctx;
  const { stored: _stored, ...settings } = await effectiveSettings(services, scopeKey(ctx.scope));
  await services.store.digests.putSettings({ ...settings, enabled: false, updatedAt: services.clock().toISOString() });
  await services.digest.settingsChanged();
  return { title: 'Digest off', description: 'No more scheduled digests here. /digest-admin setup turns it back on.', sections: [], ephemeral: true, tone: 'success' };
}

/** Timezone choices: the region's zones first when nothing is typed, else zones containing the text. */
export function timezoneChoices(query: string): Choice[] {
  const wanted = query.trim().toLowerCase().replace(/\s+/g, '_');
  const zones = wanted ? ALL_ZONES.filter((zone) => zone.toLowerCase().includes(wanted)) : PREFERRED_ZONES;
  const now = new Date();
  return zones.slice(0, AUTOCOMPLETE_LIMIT).map((zone) => ({ name: `${zone} (${formatOffset(now, zone)})`, value: zone }));
}

const digestSpec = {
  name: 'digest',
  description: 'The daily security digest of this server',
  subcommands: [
    { name: 'show', description: 'The digest settings and the next run, in local time and UTC' },
    {
      name: 'preview',
      description: 'The digest as it would be posted now, shown only to you',
      options: [{ name: 'since', description: 'Window instead of "since the last digest", e.g. 24h', type: 'string', maxLength: 10 }],
    },
  ],
} as const satisfies CommandSpec;

export const digestCommand = defineCommand({
  spec: digestSpec,
  run: bySubcommand(digestSpec, { show, preview }),
});

/** Setting up, posting and stopping the digest: admins only as a whole, so Discord can hide it. */
const digestAdminSpec = {
  name: 'digest-admin',
  description: "Set up, post or stop this server's digest",
  admin: true,
  subcommands: [
    {
      name: 'setup',
      description: 'Choose where and when the digest is posted',
      options: [
        { name: 'channel', description: 'The channel to post in', type: 'channel' },
        { name: 'time', description: 'Time of day, HH:MM (24 h)', type: 'string', maxLength: 5 },
        { name: 'timezone', description: 'IANA timezone the time is read in, e.g. Asia/Karachi', type: 'string', autocomplete: true, maxLength: 64 },
        { name: 'topics', description: 'Topic ids to include, comma-separated, or "all"', type: 'string', maxLength: 200 },
        { name: 'max-stories', description: `Stories per digest (default ${DEFAULT_MAX_STORIES})`, type: 'integer', minValue: 1, maxValue: MAX_STORIES_LIMIT },
        { name: 'cron', description: 'Instead of time: a cron expression (5 fields, or 6 with seconds first)', type: 'string', maxLength: 100 },
      ],
    },
    { name: 'now', description: 'Post the digest now (counts as a digest: the next one starts after it)' },
    { name: 'off', description: 'Stop the scheduled digest' },
  ],
} as const satisfies CommandSpec;

export const digestAdminCommand = defineCommand({
  spec: digestAdminSpec,
  run: bySubcommand(digestAdminSpec, { setup, now: postNow, off }),
  autocomplete(ctx: AutocompleteContext) {
    return ctx.focused.name === 'timezone' ? timezoneChoices(ctx.focused.value) : [];
  },
});
