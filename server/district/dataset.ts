import type { Dataset } from '../routes/landing.ts';

/**
 * The store's `dataset` meta once a district is set up: its name (the title, the map sheets, the
 * tiles' attribution and the public map follow it), its six-digit code, and the profile the
 * analyses use, by code or path (null: none was given and none is for this code).
 */
export interface DistrictDataset extends Dataset {
  demo: false;
  code: string;
  profile: string | null;
}
