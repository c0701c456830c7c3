/**
 * The nearest shelters for a need: open, with at least the free places asked. A shelter without a
 * status, planned, closed, full, or whose free places are not known is left out, each for its own
 * reason.
 */
import { num } from './geometry.ts';
import { fits, type Misfit } from './misfit.ts';
import type { Props } from './types.ts';

/** Shelters need to be open with at least `minFreePlaces` free places. */
export function shelterMisfit(minFreePlaces: number): Misfit {
  return (shelter) => {
    const status = shelter.properties?.status;
    if (status === null || status === undefined) return 'no_status';
    if (status !== 'open') return status === 'planned' ? 'planned' : 'closed';
    if (minFreePlaces <= 0) return null;
    const free = num(shelter.properties as Props, 'free_places');
    if (free === null) return 'free_places_unknown';
    return free < minFreePlaces ? 'full' : null;
  };
}

export const shelterFits = (minFreePlaces: number) => fits(shelterMisfit(minFreePlaces));
