/**
 * A pool worker (workers/worker-pool.ts) turning uploaded GeoTIFF bytes into the DEM to store:
 * reading, checking and warping take seconds for a county's DEM, which the API's event loop must not
 * spend. A refusal comes back as data, so its field and reason survive the thread boundary.
 */
import type { BBox } from '../analysis/grid.ts';
import { DemRefused } from './errors.ts';
import { prepareDem } from './prepare-dem.ts';

export async function handle(message: { bytes: Uint8Array; district: BBox | null }) {
  try {
    return { dem: await prepareDem(message.bytes, message.district) };
  } catch (error) {
    if (error instanceof DemRefused) return { refused: { field: error.field, reason: error.reason } };
    throw error;
  }
}
