/**
 * Why a district cannot be set up from what was given, in the domain's words. `part` names the
 * input at fault so the command line can print it and an HTTP route can name it in `invalid-params`;
 * the reason is in Chinese and English, for a bureau's staff and for the README's readers alike.
 * A message names another input by a mark (`input('code')`), spelled for the door the set-up came in
 * by before it leaves: `--code` on the command line, the form field `code` over HTTP.
 */

export type DistrictPart = 'boundary' | 'townships' | 'villages' | 'name' | 'code' | 'profile' | 'crs';

export interface Words {
  zh: string;
  en: string;
}

export class DistrictRefused extends Error {
  constructor(
    readonly part: DistrictPart,
    readonly reason: Words,
  ) {
    super(`${part}: ${reason.en}`);
  }
}

export function refuse(part: DistrictPart, zh: string, en: string): never {
  throw new DistrictRefused(part, { zh, en });
}

/** Who asked: the command line (and library callers), or the HTTP API's form. */
export type Door = 'cli' | 'api';

type InputName = DistrictPart | 'clear_demo';

const MARK = /⟦([a-z_]+)⟧/g;

/** An input named inside a message, spelled later for its door. */
export function input(name: InputName): string {
  return `⟦${name}⟧`;
}

function spelled(door: Door, name: string): string {
  if (door === 'cli') return `--${name.replace(/_/g, '-')}`;
  return name === 'clear_demo' ? 'clear_demo=true' : name;
}

/** Words with every input named as the door spells it. */
export function spell(words: Words, door: Door): Words {
  const text = (value: string) => value.replace(MARK, (_whole, name: string) => spelled(door, name));
  return { zh: text(words.zh), en: text(words.en) };
}
