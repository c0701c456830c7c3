/**
 * A pool worker (workers/worker-pool.ts) computing one camera's viewshed. The DEM's heights arrive in
 * shared memory, so a job moves a few numbers, not the DEM.
 */
import { type CameraView, cameraViewshed } from './camera-viewshed.ts';
import type { Dem } from './dem.ts';

export function handle(message: { dem: Dem; camera: CameraView }) {
  return cameraViewshed(message.dem, message.camera);
}
