// Modal forms: a command invoked with none of its options opens a form for them instead, when the
// input is too long for a slash-command option (a pasted article). The form is a Discord-only way of
// filling in the same options, so commands stay platform-neutral: on submit, dispatch runs the
// command with the form's fields as its options, exactly as if they had been typed.
import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from 'discord.js';

export interface FormField {
  /** The command option this field fills. */
  option: string;
  /** At most 45 characters (Discord). */
  label: string;
  paragraph: boolean;
  required: boolean;
  /** At most 4000 (Discord's text input limit). */
  maxLength: number;
}

export interface Form {
  command: string;
  subcommand: string | null;
  /** At most 45 characters (Discord). */
  title: string;
  fields: FormField[];
}

export const FORMS: Form[] = [
  {
    command: 'article-admin',
    subcommand: 'add',
    title: 'Add an article',
    fields: [
      { option: 'title', label: 'Title (optional if the text has one)', paragraph: false, required: false, maxLength: 256 },
      { option: 'text', label: 'Article text', paragraph: true, required: true, maxLength: 4000 },
    ],
  },
];

const FORM_PREFIX = 'form:';

export function findForm(command: string, subcommand: string | null): Form | null {
  return FORMS.find((f) => f.command === command && f.subcommand === subcommand) ?? null;
}

export function formCustomId(form: Form): string {
  return `${FORM_PREFIX}${form.command}:${form.subcommand ?? ''}`;
}

/** The form a modal submission answers, or null for an id this bot version does not know. */
export function formOfCustomId(customId: string): Form | null {
  if (!customId.startsWith(FORM_PREFIX)) return null;
  const [command = '', subcommand = ''] = customId.slice(FORM_PREFIX.length).split(':');
  return findForm(command, subcommand || null);
}

export function modalOf(form: Form): APIModalInteractionResponseCallbackData {
  return {
    custom_id: formCustomId(form),
    title: form.title,
    components: form.fields.map((field) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: field.option,
          label: field.label,
          style: field.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: field.required,
          max_length: field.maxLength,
        },
      ],
    })),
  };
}
