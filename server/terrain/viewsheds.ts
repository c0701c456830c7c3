/**
 * Cameras' viewsheds for the API: the DEM read from the store once per version into shared memory,
 * each viewshed computed in a worker thread so that the event loop keeps answering, and kept by
 * (camera, its revision, the DEM's version, the eye height) so that asking again costs nothing until
 * the camera or the DEM changes. Every API process holds its own cache; the versions in the key keep
 * them all right when another process writes.
 */
import proj4 from 'proj4';
import { num, pointOf } from '../analysis/geometry.ts';
import { viewSpecOf } from '../analysis/sectors.ts';
import { crsByCode } from '../import/place/crs.ts';
import { cameras } from '../layers/monitoring.ts';
import { FeatureNotFound } from '../store/errors.ts';
import type { Store } from '../store/index.ts';
import { type PoolSettings, type WorkerPool, workerPool } from '../workers/worker-pool.ts';
import type { CameraView, CameraViewshed } from './camera-viewshed.ts';
import { cellAt, type Dem } from './dem.ts';
import { CameraUnfit, NoDem, ObserverOffDem } from './errors.ts';

export interface ViewshedAnswer extends CameraViewshed {
  cameraId: string;
  revision: number;
  demVersion: number;
  heightM: number;
  rangeM: number;
  headingDeg: number;
  fovDeg: number;
}

export const VIEWSHED_WORKERS: PoolSettings = {
  workers: 2,
  queue: 64,
  memoryMb: 256,
  timeoutMs: 60_000,
  idleMs: 60_000,
};
const CACHED = 512;

/** The DEM with its heights moved into memory the workers share. */
function shared(dem: Dem): Dem {
  const heights = new Float32Array(new SharedArrayBuffer(dem.heights.byteLength));
  heights.set(dem.heights);
  return { ...dem, heights };
}

export class Viewsheds {
  private dem?: { version: number; dem: Dem };
  private readonly cache = new Map<string, ViewshedAnswer>();
  private pool?: WorkerPool;

  constructor(
    private readonly store: Store,
    private readonly settings: PoolSettings = VIEWSHED_WORKERS,
  ) {}

  private async currentDem(): Promise<{ version: number; dem: Dem }> {
    const info = await this.store.terrain.info();
    if (!info) throw new NoDem();
    if (this.dem?.version !== info.version) {
      const loaded = await this.store.terrain.load();
      if (!loaded) throw new NoDem();
      this.dem = { version: loaded.info.version, dem: shared(loaded.dem) };
    }
    return this.dem;
  }

  /** The camera as the viewshed takes it; `heightM` in place of its mast height when given. */
  private async camera(id: string, heightM?: number): Promise<{ view: CameraView; revision: number }> {
    const found = await this.store.getItem(cameras, id, 'internal');
    if (!found) throw new FeatureNotFound('cameras', id);
    const feature = { ...found, properties: found.properties ?? {} };
    const spec = viewSpecOf(feature);
    const point = pointOf(feature);
    if (!spec || !point) throw new CameraUnfit('cameraId', 'the camera has no position, range or field of view');
    const height = heightM ?? num(feature.properties, 'mast_height_m');
    if (height === null) throw new CameraUnfit('height', 'the camera has no mast height: give one');
    const view = { lon: point[0], lat: point[1], heightM: height, ...spec };
    return { view, revision: Number(feature.properties?.revision) };
  }

  async forCamera(id: string, heightM?: number): Promise<ViewshedAnswer> {
    const { version, dem } = await this.currentDem();
    const { view, revision } = await this.camera(id, heightM);
    const key = `${id}:${revision}:${version}:${view.heightM}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const [x, y] = proj4('EPSG:4326', crsByCode(dem.crs).proj4 as string).forward([view.lon, view.lat]);
    const cell = cellAt(dem, x, y);
    if (!cell) throw new ObserverOffDem('outside');
    if (Number.isNaN(dem.heights[cell.row * dem.cols + cell.col])) throw new ObserverOffDem('nodata');
    this.pool ??= workerPool(new URL('./viewshed-worker.ts', import.meta.url), this.settings);
    const result = (await this.pool.run({ dem, camera: view })) as CameraViewshed;
    const answer: ViewshedAnswer = { ...result, cameraId: id, revision, demVersion: version, ...view };
    if (this.cache.size >= CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, answer);
    return answer;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
