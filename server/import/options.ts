/**
 * An import's options are spelled two ways: as flags on the command line (`--crs EPSG:4549`,
 * `--skip-bad`) and as query parameters of `POST /import/{layer}` (`crs=EPSG:4549`,
 * `skip_bad=true`). A message anywhere in the import names an option by a mark (`option('crs',
 * 'EPSG:4549')`), and the pipeline spells every mark for the door the import came in by before its
 * report or its refusal leaves: a planner on the web is never told to type a flag, nor a clerk at
 * the command line a query parameter.
 */

/** Who asked: the command line (and library callers), or the HTTP API. */
export type Door = 'cli' | 'api';

const BOOLEAN = ['gcj02', 'bd09', 'dry_run', 'skip_bad', 'allow_outside_district'] as const;
const VALUED = ['layer', 'crs', 'map', 'source'] as const;
type OptionName = (typeof BOOLEAN)[number] | (typeof VALUED)[number];

const MARK = /⟦([a-z0-9_]+)(?:=([^⟧]*))?⟧/g;

/** An option named inside a message: with a value as an example, or alone. */
export function option(name: OptionName, value?: string): string {
  return value === undefined ? `⟦${name}⟧` : `⟦${name}=${value}⟧`;
}

export function isOption(name: string): name is OptionName {
  return (BOOLEAN as readonly string[]).includes(name) || (VALUED as readonly string[]).includes(name);
}

/** The command line's flag for an option: skip_bad is --skip-bad. */
export function flagOf(name: OptionName): string {
  return `--${name.replace(/_/g, '-')}`;
}

function spelled(door: Door, name: OptionName, value: string | undefined): string {
  const boolean = (BOOLEAN as readonly string[]).includes(name);
  if (door === 'cli') return value === undefined ? flagOf(name) : `${flagOf(name)} ${value}`;
  // The API takes the layer in the path, not as a parameter.
  if (name === 'layer') return value === undefined ? 'the path /import/{layer}' : `/import/${value}`;
  if (value === undefined) return boolean ? `${name}=true` : name;
  return `${name}=${value}`;
}

/** A message with each option spelled as the door spells it. */
export function spell(text: string, door: Door): string {
  return text.replace(MARK, (whole, name: string, value: string | undefined) =>
    isOption(name) ? spelled(door, name, value) : whole,
  );
}
