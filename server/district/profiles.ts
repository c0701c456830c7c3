import type { Dataset } from '../../catalog/datasets.ts';
import { type DistrictProfile, loadProfile, shippedProfiles } from '../profile.ts';
import type { Store } from '../store/index.ts';

/**
 * Which district profile (targets, thresholds) the analyses use. A profile is named by the code of
 * the district it is for (one data/profiles holds) or by a path. Without ONEMAP_PROFILE the analyses
 * follow the district the store is set up for: the profile its dataset names, else the one for its
 * code, else the default (the demo district's) — so setting up another district moves every API
 * process sharing the store onto its targets, with no restart.
 */

const DISTRICT_CODE = /^\d{6}$/;

/**
 * The profile a code or path names; undefined when data/profiles holds none for that code. A path
 * that cannot be read or is not a profile throws, naming the file, as ONEMAP_PROFILE does.
 */
export function profileFor(pathOrCode: string): DistrictProfile | undefined {
  if (!DISTRICT_CODE.test(pathOrCode)) return loadProfile(pathOrCode);
  return shippedProfiles().find((s) => s.profile.code === pathOrCode)?.profile;
}

/**
 * The profile of the district the store holds, read from its dataset on each call and loaded once
 * per profile named; `fixed` (ONEMAP_PROFILE) wins over it. A profile that cannot be loaded any more
 * (its file gone) falls back to the default, said on stderr, rather than failing every analysis.
 */
export function profileResolver(store: Store, fixed?: DistrictProfile): () => Promise<DistrictProfile> {
  let cached: { key: string; profile: DistrictProfile } | undefined;
  return async () => {
    if (fixed) return fixed;
    const dataset = await store.getMeta<Dataset>('dataset');
    const key = dataset?.profile ?? dataset?.code ?? '';
    if (cached?.key === key) return cached.profile;
    let profile: DistrictProfile | undefined;
    try {
      profile = key ? profileFor(key) : undefined;
    } catch (error) {
      console.warn(`The district profile ${key} cannot be loaded (${(error as Error).message}); using the default.`);
    }
    cached = { key, profile: profile ?? loadProfile() };
    return cached.profile;
  };
}
