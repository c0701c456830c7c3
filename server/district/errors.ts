/**
 * Why a district cannot be set up from what was given, in the domain's words. `part` names the
 * input at fault so the command line can print it and an HTTP route can name it in `invalid-params`;
 * the reason is in Chinese and English, for a bureau's staff and for the README's readers alike.
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
