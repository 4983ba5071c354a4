// `npm run figures [-- eval:quotes bench:ingest …]`: runs evaluations and benchmarks and writes what
// they print into docs/figures.md, one section per script, stamped with the commit and the date, so
// the figures a reader sees are the ones the code printed, not ones copied by hand. With no names it
// runs every eval:* script and every benchmark; sections it did not run are kept as they were.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './corpora.ts';

const FIGURES_PATH = path.join(REPO_ROOT, 'docs', 'figures.md');
const SECTION_PREFIX = '## `';

const HEADER = `# Evaluation and benchmark figures

Written by \`npm run figures\` (all of them) or \`npm run figures -- eval:quotes bench:ingest\` (some):
each section is what that script printed, on the commit and date named under its heading. Quality
figures come from \`npm run eval:*\` on \`../shared/corpora\`; speed figures from \`npm run bench -- <name>\`
on this project's 2-core machine, which is shared, so speed varies from run to run. Every script prints
the project's figure beside a baseline computed in the same run.
`;

interface Job {
  /** eval:quotes or bench:ingest */
  name: string;
  command: string[];
}

function allJobs(): Job[] {
  const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const evals = Object.keys(scripts)
    .filter((name) => name.startsWith('eval:'))
    .map((name) => ({ name, command: ['npm', 'run', '--silent', name] }));
  const benches = readdirSync(path.join(REPO_ROOT, 'tests', 'bench'))
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.replace(/\.bench\.ts$/, ''))
    .sort()
    .map((bench) => ({ name: `bench:${bench}`, command: ['npm', 'run', '--silent', 'bench', '--', bench] }));
  return [...evals, ...benches];
}

/** Sections of the existing file by name, in file order. */
function readSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(FIGURES_PATH)) return sections;
  const text = readFileSync(FIGURES_PATH, 'utf8');
  for (const part of text.split(`\n${SECTION_PREFIX}`).slice(1)) {
    const name = part.slice(0, part.indexOf('`'));
    sections.set(name, `${SECTION_PREFIX}${part.trimEnd()}\n`);
  }
  return sections;
}

function stamp(): string {
  let commit = 'uncommitted';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)docs/figures.md'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    if (dirty) commit += ' with uncommitted changes';
  } catch {
    // Not a git checkout: the date alone still says when. (This file's own rewrites are not a change.)
  }
  return `printed at ${commit} on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function run(job: Job): string {
  process.stderr.write(`running ${job.command.join(' ')}\n`);
  const result = spawnSync(job.command[0]!, job.command.slice(1), { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const printed = `${result.stdout ?? ''}${result.stderr ? `\n${result.stderr}` : ''}`.trim();
  const status = result.status === 0 ? '' : ` (exit code ${result.status ?? result.signal})`;
  return `${SECTION_PREFIX}${job.name}\`\n\n${stamp()}${status}\n\n\`\`\`\n${printed.replace(/```/g, "'''")}\n\`\`\`\n`;
}

const jobs = allJobs();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !jobs.some((job) => job.name === name));
if (unknown.length > 0) {
  console.error(`unknown: ${unknown.join(', ')}; known: ${jobs.map((job) => job.name).join(', ')}`);
  process.exit(2);
}
const sections = readSections();
for (const job of jobs.filter((j) => wanted.length === 0 || wanted.includes(j.name))) {
  sections.set(job.name, run(job));
  writeFileSync(FIGURES_PATH, `${HEADER}\n${[...sections.values()].join('\n')}`);
}
console.log(`wrote ${path.relative(REPO_ROOT, FIGURES_PATH)}`);
