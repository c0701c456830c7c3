/**
 * Cameras' viewsheds for the API: the DEM read from the store once per version into shared memory,
 * each viewshed computed in a worker thread so that the event loop keeps answering, and kept by
 * (camera, its revision, the DEM's version, the eye height) so that asking again costs nothing until
 * the camera or the DEM changes. Every API process holds its own cache; the versions in the key keep
 * them all right when another process writes. An analysis asks for the cameras it measures by their
 * eye (where they stand and how they look), stored or only proposed, and gets their visible areas as
 * data (`ofCameras`).
 */
import type { MultiPolygon } from 'geojson';
import proj4 from 'proj4';
import { type CameraEye, eyeKey, eyeOf, type TerrainViews } from '../analysis/camera-views.ts';
import { num, pointOf } from '../analysis/geometry.ts';
import { viewSpecOf } from '../analysis/sectors.ts';
import type { AnyFeature } from '../analysis/types.ts';
import { crsByCode } from '../import/place/crs.ts';
import { cameras } from '../layers/monitoring.ts';
import { FeatureNotFound } from '../store/errors.ts';
import type { Store } from '../store/index.ts';
import { type PoolSettings, type WorkerPool, workerPool } from '../workers/worker-pool.ts';
import type { CameraView, CameraViewshed } from './camera-viewshed.ts';
import { cellAt, type Dem } from './dem.ts';
import { CameraUnfit, NoDem, ObserverOffDem } from './errors.ts';
import { lonLatBox } from './warp.ts';

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
/** Viewsheds an analysis asks the workers for at once: well within the pool's queue. */
const AT_ONCE = 16;

/** The DEM with its heights moved into memory the workers share. */
function shared(dem: Dem): Dem {
  const heights = new Float32Array(new SharedArrayBuffer(dem.heights.byteLength));
  heights.set(dem.heights);
  return { ...dem, heights };
}

/** Keeps `value` under `key`, letting the oldest go once the cache holds CACHED. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}

/** Whether a camera stands on the DEM: on a cell with a height, outside it, or on a cell without one. */
function standing(dem: Dem, at: { lon: number; lat: number }): 'on' | 'outside' | 'nodata' {
  const [x, y] = proj4('EPSG:4326', crsByCode(dem.crs).proj4 as string).forward([at.lon, at.lat]);
  const cell = cellAt(dem, x, y);
  if (!cell) return 'outside';
  return Number.isNaN(dem.heights[cell.row * dem.cols + cell.col]) ? 'nodata' : 'on';
}

export class Viewsheds {
  private dem?: { version: number; dem: Dem };
  private readonly cache = new Map<string, ViewshedAnswer>();
  /** What an analysis asked for: the visible area by DEM version and eye. */
  private readonly seenCache = new Map<string, MultiPolygon>();
  private pool?: WorkerPool;
  /** The DEM's extent in degrees, for the version it was measured on. */
  private box?: { version: number; box: [number, number, number, number] };

  constructor(
    private readonly store: Store,
    private readonly settings: PoolSettings = VIEWSHED_WORKERS,
  ) {}

  /** The DEM in use, as the viewsheds read it; throws NoDem when there is none. */
  async demInUse(): Promise<{ version: number; dem: Dem }> {
    return this.currentDem();
  }

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
    const placed = standing(dem, view);
    if (placed !== 'on') throw new ObserverOffDem(placed);
    const answer: ViewshedAnswer = {
      ...(await this.compute(dem, view)),
      cameraId: id,
      revision,
      demVersion: version,
      ...view,
    };
    remember(this.cache, key, answer);
    return answer;
  }

  /**
   * What each of these cameras sees on the DEM in use, by its eye, for an analysis to measure; null for
   * a camera off the DEM. Undefined when no DEM is loaded, or when the one loaded does not reach the
   * district (the demo's, left after another district was set up): the analysis then falls back to
   * sectors rather than call every camera blind.
   */
  async ofCameras(features: AnyFeature[]): Promise<TerrainViews | undefined> {
    if (!(await this.store.terrain.info())) return undefined;
    const { version, dem } = await this.currentDem();
    if (!(await this.reachesDistrict(version, dem))) return undefined;
    const eyes = new Map<string, CameraEye>();
    for (const f of features) {
      const eye = eyeOf(f);
      if (eye) eyes.set(eyeKey(eye), eye);
    }
    const seen = new Map<string, MultiPolygon | null>();
    const todo = [...eyes];
    for (let k = 0; k < todo.length; k += AT_ONCE) {
      const batch = todo.slice(k, k + AT_ONCE);
      const found = await Promise.all(batch.map(([key, eye]) => this.seenBy(key, eye, version, dem)));
      for (const [i, [key]] of batch.entries()) seen.set(key, found[i]);
    }
    return { demVersion: version, seen };
  }

  private async reachesDistrict(version: number, dem: Dem): Promise<boolean> {
    const district = await this.store.districtExtent();
    if (!district) return true;
    if (this.box?.version !== version) this.box = { version, box: lonLatBox({ ...dem, pixelIsPoint: false }) };
    const [w, s, e, n] = this.box.box;
    return w <= district[2] && district[0] <= e && s <= district[3] && district[1] <= n;
  }

  private async seenBy(key: string, eye: CameraEye, version: number, dem: Dem): Promise<MultiPolygon | null> {
    if (standing(dem, eye) !== 'on') return null;
    const cacheKey = `${version}:${key}`;
    const cached = this.seenCache.get(cacheKey);
    if (cached) return cached;
    const { mastAssumed: _, ...view } = eye;
    const { visible } = await this.compute(dem, view);
    remember(this.seenCache, cacheKey, visible);
    return visible;
  }

  private async compute(dem: Dem, view: CameraView): Promise<CameraViewshed> {
    this.pool ??= workerPool(new URL('./viewshed-worker.ts', import.meta.url), this.settings);
    return (await this.pool.run({ dem, camera: view })) as CameraViewshed;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
