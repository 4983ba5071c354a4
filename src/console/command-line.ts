// Reads a typed command line ("/quotes speaker:"Khawaja Asif" days:7") into the same command, subcommand
// and typed options that Discord would deliver, so the console and `brief ask` test the real path.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Command, type OptionSpec, type OptionValue, optionSpecs, UserError } from '../command.ts';

export interface ParsedCommandLine {
  command: Command;
  subcommand: string | null;
  options: Record<string, OptionValue>;
}

/** Splits on spaces outside quotes; `name:"a b"` and `name:'a b'` keep their spaces. */
export function tokenizeCommandLine(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"'“”]+|"[^"]*"|'[^']*'|“[^”]*”)+/g;
  for (const match of line.matchAll(pattern)) tokens.push(match[0]);
  const quotes = (line.match(/"/g) ?? []).length;
  if (quotes % 2 === 1) throw new UserError('A quote is not closed: check the "…" around option values.');
  return tokens;
}

function unquote(value: string): string {
  return value.replace(/^"([\s\S]*)"$|^'([\s\S]*)'$|^“([\s\S]*)”$/, (_m, a, b, c) => a ?? b ?? c ?? '');
}

function fileAttachment(file: string): OptionValue {
  const resolved = path.resolve(file);
  let size: number;
  try {
    size = statSync(resolved).size;
  } catch {
    throw new UserError(`No such file: ${file}`);
  }
  return { name: path.basename(resolved), size, contentType: null, read: async () => readFileSync(resolved) };
}

function typedValue(spec: OptionSpec, raw: string): OptionValue {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) {
        throw new UserError(`${spec.name} must be a ${spec.type === 'integer' ? 'whole number' : 'number'}, not "${raw}".`);
      }
      if (spec.minValue !== undefined && n < spec.minValue) throw new UserError(`${spec.name} must be at least ${spec.minValue}.`);
      if (spec.maxValue !== undefined && n > spec.maxValue) throw new UserError(`${spec.name} must be at most ${spec.maxValue}.`);
      return n;
    }
    case 'boolean':
      if (/^(true|yes|1|on)$/i.test(raw)) return true;
      if (/^(false|no|0|off)$/i.test(raw)) return false;
      throw new UserError(`${spec.name} must be true or false, not "${raw}".`);
    case 'attachment':
      return fileAttachment(raw);
    case 'channel':
      return raw.replace(/^<#(\d+)>$/, '$1');
    default:
      if (spec.choices && !spec.choices.some((c) => String(c.value) === raw)) {
        throw new UserError(`${spec.name} must be one of: ${spec.choices.map((c) => c.value).join(', ')}.`);
      }
      if (spec.maxLength !== undefined && raw.length > spec.maxLength) {
        throw new UserError(`${spec.name} is too long (${raw.length} characters; at most ${spec.maxLength}).`);
      }
      return raw;
  }
}

export function parseCommandLine(line: string, findCommand: (name: string) => Command | undefined): ParsedCommandLine {
  const tokens = tokenizeCommandLine(line.trim());
  const name = tokens.shift();
  if (!name) throw new UserError('Type a command, for example /help.');
  const command = findCommand(name);
  if (!command) throw new UserError(`Unknown command ${name}. Type /help for the list.`);
  let subcommand: string | null = null;
  if (command.spec.subcommands?.length) {
    const next = tokens[0];
    if (next && !next.includes(':') && command.spec.subcommands.some((s) => s.name === next)) {
      subcommand = next;
      tokens.shift();
    } else {
      const names = command.spec.subcommands.map((s) => s.name).join(', ');
      throw new UserError(`/${command.spec.name} needs one of: ${names}.`);
    }
  }
  const specs = optionSpecs(command.spec, subcommand);
  const options: Record<string, OptionValue> = {};
  for (const token of tokens) {
    const colon = token.indexOf(':');
    if (colon <= 0) throw new UserError(`"${token}" is not an option; write name:value. Options: ${specs.map((s) => s.name).join(', ') || 'none'}.`);
    const key = token.slice(0, colon).toLowerCase();
    const spec = specs.find((s) => s.name === key);
    if (!spec) throw new UserError(`Unknown option "${key}". Options: ${specs.map((s) => s.name).join(', ') || 'none'}.`);
    options[key] = typedValue(spec, unquote(token.slice(colon + 1)));
  }
  return { command, subcommand, options };
}

