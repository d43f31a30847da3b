// A command's options declared once: parsed with node's util.parseArgs, printed by --help (every flag with its
// description and default, and examples), and an unknown flag answered with the closest known one.
import { parseArgs, type ParseArgsConfig } from 'util';
import { UsageError } from './io';
import { closestWord } from '../core/closest';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** The value's placeholder in help (`FILE`, `N`). */
  arg?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  /** One line under the usage line. */
  summary: string;
  positionals?: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Paragraphs after the options (exit codes, notes). */
  notes?: string[];
}

/** The known flag closest to `flag` (at most a third of its letters off), if any. */
export function closestOption(flag: string, spec: CommandSpec): string | undefined {
  const name = flag.replace(/^-+/, '').split('=')[0];
  const known = closestWord(name, Object.keys(spec.options), Math.max(1, Math.floor(name.length / 3)));
  return known && `--${known}`;
}

export function parseCommand(spec: CommandSpec, argv: string[]): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
    // parseArgs rejects keys present with an undefined value: copy only what the spec sets.
    Object.entries(spec.options).map(([name, o]) => [name, JSON.parse(JSON.stringify({ type: o.type, short: o.short, multiple: o.multiple, default: o.default }))]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: !!spec.positionals, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(e.message)?.[1] ?? '';
      const near = closestOption(flag, spec);
      throw new UsageError(`unknown option ${flag}${near ? ` (did you mean ${near}?)` : ''}; see trailguard ${spec.name} --help`);
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`${spec.name} takes no arguments besides options (${e.message.split('.')[0]}); see trailguard ${spec.name} --help`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${e.message.split('. ')[0]}; see trailguard ${spec.name} --help`);
    throw err;
  }
}

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
    const extra = [o.multiple ? 'repeatable' : '', o.default !== undefined && o.default !== false ? `default: ${o.default}` : ''].filter(Boolean).join('; ');
    return [flag, `${o.description}${extra ? ` (${extra})` : ''}`];
  });
  const width = Math.min(34, Math.max(...rows.map(([f]) => f.length)) + 2);
  const lines = [
    `usage: trailguard ${spec.name}${spec.positionals ? ` ${spec.positionals}` : ''} [options]`,
    '',
    spec.summary,
    '',
    'options:',
    ...rows.map(([f, d]) => (f.length + 2 > width ? `  ${f}\n  ${' '.repeat(width)}${d}` : `  ${f.padEnd(width)}${d}`)),
    '',
    'examples:',
    ...spec.examples.map((e) => `  ${e}`),
  ];
  for (const note of spec.notes ?? []) lines.push('', note);
  return lines.join('\n') + '\n';
}
