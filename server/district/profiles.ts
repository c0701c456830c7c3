import { type DistrictProfile, loadProfile, shippedProfiles } from '../profile.ts';

/**
 * Which district profile (targets, thresholds) a district's set-up chooses. A profile is named by
 * the code of the district it is for (one data/profiles holds) or by a path.
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
