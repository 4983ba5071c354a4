// The topic taxonomy (data/topics.json, or TOPICS_PATH): loaded and validated once at start-up. A
// malformed file stops start-up with one line naming the line and the field at fault, because a
// taxonomy that silently lost a topic would tag every article wrongly from then on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config.ts';
import { stem, words } from './tokens.ts';

export interface Topic {
  id: string;
  label: string;
  /** One line: what belongs to the topic. Also compared with articles when tagging. */
  description: string;
  /**
   * Names and phrases that are evidence of the topic on their own, matched on word stems ("attacks"
   * matches "attacked"): the TTP, "Fitna al-Khawarij", "Line of Control".
   */
  aliases: string[];
  /**
   * Weaker words (a place, a party) that are evidence only in a sentence that also holds one of
   * `cues` (an event or the other side): "Bannu" with "attack" is Khyber Pakhtunkhwa militancy,
   * "India" with "Pakistan" is India–Pakistan, "talks" with "security" is diplomacy.
   */
  anchors?: string[];
  cues?: string[];
  /**
   * For topics about a relation between two sides (India–Pakistan): every group must be mentioned
   * somewhere in the article, so a story about India alone is not tagged India–Pakistan.
   */
  requires?: string[][];
}

const TOPIC_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Discord's limit for an autocomplete choice name. */
export const MAX_LABEL = 100;
const KNOWN_FIELDS = new Set(['id', 'label', 'description', 'aliases', 'anchors', 'cues', 'requires']);

/** The stems of a phrase, space-joined: the form every alias is matched in. */
export function phraseKey(phrase: string): string {
  return words(phrase).map(stem).join(' ');
}

/** Where each topic object, and each of its fields, starts in the file (1-based lines). */
interface Locations {
  element: number[];
  fields: Map<string, number>[];
}

/**
 * Line numbers of the elements of a top-level JSON array and of their keys. A small scanner rather
 * than a parser: JSON.parse has already accepted the text, so only strings and nesting matter.
 */
function locate(text: string): Locations {
  const element: number[] = [];
  const fields: Map<string, number>[] = [];
  let line = 1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 2) {
        element.push(line);
        fields.push(new Map());
      }
    } else if (ch === '}' || ch === ']') depth--;
    else if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const isKey = /^\s*:/.test(text.slice(i + 1, i + 20));
      if (depth === 2 && isKey) fields.at(-1)?.set(JSON.parse(text.slice(start, i + 1)) as string, line);
    }
  }
  return { element, fields };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Why a single alias cannot be used, or null. Shared with /topic-admin add. */
export function aliasProblem(alias: unknown): string | null {
  if (!isText(alias)) return 'is empty or not text';
  if (phraseKey(alias) === '') return `"${alias}" has no letters or digits to match`;
  return null;
}

/** Why a topic id cannot be used, or null. Shared with /topic-admin add. */
export function topicIdProblem(id: unknown): string | null {
  if (!isText(id) || !TOPIC_ID.test(id)) return 'must be lowercase letters, digits and dashes (at most 40), e.g. "ttp"';
  return null;
}

/** Validates parsed JSON as topics; `where(i, field)` words the location of a problem. */
function validateTopics(value: unknown, where: (index: number, field?: string) => string): Topic[] {
  if (!Array.isArray(value)) throw new ConfigError(`${where(-1)}: expected a JSON array of topics`);
  if (value.length === 0) throw new ConfigError(`${where(-1)}: the array has no topics`);
  const seen = new Set<string>();
  return value.map((raw: unknown, index) => {
    const at = (field?: string): string => where(index, field);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${at()}: a topic must be an object`);
    const topic = raw as Record<string, unknown>;
    for (const key of Object.keys(topic)) {
      if (!KNOWN_FIELDS.has(key)) throw new ConfigError(`${at(key)}: unknown field "${key}" (expected ${[...KNOWN_FIELDS].join(', ')})`);
    }
    const idProblem = topicIdProblem(topic.id);
    if (idProblem) throw new ConfigError(`${at('id')}: "id" ${idProblem}`);
    const id = topic.id as string;
    if (seen.has(id)) throw new ConfigError(`${at('id')}: "id" "${id}" is used twice`);
    seen.add(id);
    if (!isText(topic.label) || topic.label.length > MAX_LABEL) {
      throw new ConfigError(`${at('label')}: topic "${id}": "label" must be text of 1 to ${MAX_LABEL} characters`);
    }
    if (!isText(topic.description)) throw new ConfigError(`${at('description')}: topic "${id}": "description" must be non-empty text`);
    const paired = topic.anchors !== undefined || topic.cues !== undefined;
    for (const field of ['anchors', 'cues'] as const) {
      const list = topic[field];
      if (!paired) continue;
      if (!Array.isArray(list) || list.length === 0) {
        throw new ConfigError(`${at(field)}: topic "${id}": "anchors" and "cues" go together, each a non-empty array of phrases`);
      }
      for (const phrase of list) {
        const problem = aliasProblem(phrase);
        if (problem) throw new ConfigError(`${at(field)}: topic "${id}": a phrase of "${field}" ${problem}`);
      }
    }
    // A topic with anchors and cues may do without aliases; otherwise it would match nothing.
    if (!Array.isArray(topic.aliases) || (topic.aliases.length === 0 && !paired)) {
      throw new ConfigError(`${at('aliases')}: topic "${id}": "aliases" must be a non-empty array of phrases`);
    }
    for (const alias of topic.aliases) {
      const problem = aliasProblem(alias);
      if (problem) throw new ConfigError(`${at('aliases')}: topic "${id}": an alias ${problem}`);
    }
    const requires = topic.requires;
    if (requires !== undefined) {
      const valid = Array.isArray(requires) && requires.length > 0
        && requires.every((group) => Array.isArray(group) && group.length > 0 && group.every((term) => aliasProblem(term) === null));
      if (!valid) throw new ConfigError(`${at('requires')}: topic "${id}": "requires" must be a non-empty array of non-empty arrays of phrases`);
    }
    return {
      id,
      label: topic.label.trim(),
      description: topic.description.trim(),
      aliases: (topic.aliases as string[]).map((a) => a.trim()),
      ...(paired ? { anchors: (topic.anchors as string[]).map((a) => a.trim()), cues: (topic.cues as string[]).map((a) => a.trim()) } : {}),
      ...(requires ? { requires: requires as string[][] } : {}),
    };
  });
}

/** Parses and validates taxonomy text; problems are ConfigErrors naming `name`, the line and the field. */
export function parseTaxonomy(text: string, name: string): Topic[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    throw new ConfigError(`${name}${line ? ` line ${line}` : ''}: not valid JSON (${message})`);
  }
  const { element, fields } = locate(text);
  return validateTopics(value, (index, field) => {
    if (index < 0) return name;
    const line = (field && fields[index]?.get(field)) || element[index];
    return `${name} line ${line} (topic ${index + 1})`;
  });
}

export function loadTaxonomy(file: string): Topic[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`TOPICS_PATH ${file} cannot be read`);
  }
  const relative = path.relative(process.cwd(), file);
  return parseTaxonomy(text, relative && !relative.startsWith('..') ? relative : file);
}
