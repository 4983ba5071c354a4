// Registration compares what commands/ defines with what Discord has, seeing through the way Discord
// returns definitions (ids, versions, omitted false flags and empty lists), and overwrites only on change.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandSpec } from '../../src/command.ts';
import { commandDefinition, commandDefinitions, sameDefinitions } from '../../src/discord/registration.ts';

/** What Discord sends back for a definition: ids and versions added, false flags and empty lists dropped. */
function asReturned(definition: object): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({ ...definition, id: '1', application_id: '2', version: '3', nsfw: false, integration_types: [0] }, (key, value) => {
      if ((key === 'required' || key === 'autocomplete') && value === false) return undefined;
      if (key === 'options' && Array.isArray(value) && value.length === 0) return undefined;
      return value;
    }),
  ) as Record<string, unknown>;
}

describe('command registration', () => {
  const wanted = commandDefinitions(commands);

  it('sees no change in the definitions as Discord returns them, in any order', () => {
    expect(sameDefinitions(wanted, wanted.map(asReturned).reverse())).toBe(true);
  });

  it('sees a changed description, option, permission or a missing command', () => {
    const returned = wanted.map(asReturned);
    expect(sameDefinitions(wanted, returned.slice(1))).toBe(false);
    expect(sameDefinitions(wanted, returned.map((d, i) => (i === 0 ? { ...d, description: 'old text' } : d)))).toBe(false);
    expect(sameDefinitions(wanted, returned.map((d, i) => (i === 0 ? { ...d, default_member_permissions: '32' } : d)))).toBe(false);
    expect(sameDefinitions(wanted, returned.map((d) => ({ ...d, options: [] })))).toBe(false);
  });

  it('puts required options first and gates only all-admin commands', () => {
    const spec: CommandSpec = {
      name: 'x',
      description: 'd',
      admin: true,
      options: [
        { name: 'optional', description: 'd', type: 'string' },
        { name: 'needed', description: 'd', type: 'integer', required: true },
      ],
    };
    const definition = commandDefinition(spec);
    expect(definition.options?.map((o) => o.name)).toEqual(['needed', 'optional']);
    expect(definition.default_member_permissions).toBe('32');
    expect(commandDefinition({ ...spec, admin: false }).default_member_permissions).toBeNull();
  });
});
