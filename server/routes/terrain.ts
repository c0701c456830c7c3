/**
 * The DEM and what cameras see on it: an administrator imports a GeoTIFF (`PUT /terrain/dem`, the
 * file as the body), staff download it back (`GET /terrain/dem.tif`, never the public: a DEM may be
 * classified), and staff ask what a camera sees (`GET /analysis/viewshed/{cameraId}`, `?height=` for a
 * what-if mast). Staff's web map reads what the DEM in use is (`GET /terrain/dem`), its shaded relief
 * (`GET /terrain/hillshade.png`) and a terrain profile along a line (`POST /terrain/profile`). Thin:
 * terrain/ reads, warps and computes; the store keeps the DEM.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { userOf } from '../http/auth.ts';
import { nameDownload } from '../http/download.ts';
import { HttpProblem, invalidParam } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import type { Store } from '../store/index.ts';
import { type Dem, heightsDigest } from '../terrain/dem.ts';
import { demImporter } from '../terrain/dem-import.ts';
import { NoDem } from '../terrain/errors.ts';
import { terrainProfile } from '../terrain/profile.ts';
import { type ReliefImage, reliefImage } from '../terrain/relief-image.ts';
import type { ViewshedAnswer, Viewsheds } from '../terrain/viewsheds.ts';
import { demToGeoTiff } from '../terrain/write-geotiff.ts';
import { PoolFull } from '../workers/worker-pool.ts';
import { lonLat } from './analysis-requests.ts';
import { file, GEOJSON, json, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

/** The largest DEM file read: a 1″ tile of 3601² float32 cells is 52 MB. */
export const DEM_MAX_BYTES = 256 * 1024 * 1024;

async function readDemBody(req: Request, res: Response): Promise<Uint8Array> {
  const tooLarge = () => {
    res.set('Connection', 'close');
    const reason = `is larger than ${DEM_MAX_BYTES} bytes`;
    return new HttpProblem(413, 'DEM too large', `body: ${reason}`, [{ name: 'body', reason }]);
  };
  if (Number(req.get('content-length')) > DEM_MAX_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > DEM_MAX_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  if (total === 0) throw invalidParam('body', 'send the GeoTIFF file as the request body');
  return Buffer.concat(chunks, total);
}

const demQuery = z.strictObject({
  filename: z
    .string()
    .max(500, 'is longer than 500 characters')
    .optional()
    .meta({ description: 'The file’s name, recorded as the DEM’s source.' }),
});

const viewshedQuery = z.strictObject({
  height: z.coerce
    .number({ error: 'must be a number of metres' })
    .min(0, 'must be 0 m or more')
    .max(500, 'must be 500 m or less')
    .optional()
    .meta({ description: 'A mast height to try in place of the camera’s, m (0–500).' }),
});

const profileRequest = z.strictObject({
  line: z
    .array(lonLat, { error: 'must be a list of [longitude, latitude]' })
    .min(2, 'needs at least 2 points')
    .max(500, 'may have at most 500 points'),
});

/** The DEM in use, read once per version: its shaded relief is drawn once for every reader. */
function reliefCache(store: Store) {
  let kept: { version: number; image: ReliefImage } | undefined;
  return async () => {
    const info = await store.terrain.info();
    if (!info) throw new NoDem();
    if (kept?.version !== info.version) {
      const loaded = await store.terrain.load();
      if (!loaded) throw new NoDem();
      kept = { version: loaded.info.version, image: reliefImage(loaded.dem) };
    }
    return { info, ...kept };
  };
}

/** The answer as GeoJSON: the visible area as one MultiPolygon feature, the figures beside it. */
function viewshedCollection(answer: ViewshedAnswer) {
  const { visible, ...figures } = answer;
  const properties = {
    camera_id: figures.cameraId,
    camera_revision: figures.revision,
    dem_version: figures.demVersion,
    height_m: figures.heightM,
    range_m: figures.rangeM,
    heading_deg: figures.headingDeg,
    fov_deg: figures.fovDeg,
    visible_area_m2: Math.round(figures.areaM2),
    visible_cells: figures.cells,
    cell_m: figures.cellM,
    method: 'viewshed',
  };
  return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: visible, properties }] };
}

export function terrainOperations(store: Store, viewsheds: Viewsheds): Operation[] {
  const importer = demImporter();
  const relief = reliefCache(store);
  return [
    operation({
      method: 'get',
      path: '/terrain/dem',
      role: 'responder',
      operationId: 'demInfo',
      summary: 'The elevation model in use, without its heights (staff): grid, source, extent in degrees',
      tags: ['terrain'],
      responses: {
        '200': {
          description: 'The DEM’s description and its extent in longitude/latitude.',
          ...json({ type: 'object' }),
        },
        '404': problem('No DEM has been imported.'),
      },
      handler: async (_req, res) => {
        const { info, image } = await relief();
        res.set('Cache-Control', 'private, no-store');
        res.json({ ...info, bbox: image.bbox, hillshade: `/terrain/hillshade.png?v=${info.version}` });
      },
    }),
    operation({
      method: 'get',
      path: '/terrain/hillshade.png',
      role: 'responder',
      operationId: 'demHillshade',
      summary: 'The DEM’s shaded relief as a PNG in longitude/latitude over its extent (staff)',
      description:
        'Lit from 315° at 45°, as `gdaldem hillshade` with its defaults; transparent where the DEM has no value. `GET /terrain/dem` gives the extent to place it on.',
      tags: ['terrain'],
      responses: {
        '200': { description: 'Grey and opacity, one pixel a DEM cell or so.', ...file('image/png') },
        '404': problem('No DEM has been imported.'),
      },
      handler: async (_req, res) => {
        const { version, image } = await relief();
        res.set('Cache-Control', 'private, max-age=3600');
        res.set('ETag', `"relief-${version}"`);
        res.type('image/png').send(image.png);
      },
    }),
    operation({
      method: 'post',
      path: '/terrain/profile',
      role: 'responder',
      body: { schema: profileRequest },
      operationId: 'terrainProfile',
      summary: 'Heights of the ground along a line (staff): a terrain profile',
      description:
        'Points every DEM cell along the line (at most 1000), each with the height of the cell under it and its distance from the start.',
      tags: ['terrain'],
      responses: {
        '200': {
          description: '{ dem_version, length_m, step_m, points: [{ distance_m, lon, lat, height_m }] }',
          ...json({ type: 'object' }),
        },
        '400': problem('`line` is not a list of 2–500 [longitude, latitude]; invalid-params names it.'),
        '404': problem('No DEM has been imported.'),
      },
      handler: async (_req, res, input) => {
        const { line } = input.body();
        const loaded = await viewsheds.demInUse();
        const profile = terrainProfile(loaded.dem, line);
        res.json({
          dem_version: loaded.version,
          length_m: Math.round(profile.lengthM * 10) / 10,
          step_m: Math.round(profile.stepM * 10) / 10,
          points: profile.points.map((p) => ({
            distance_m: Math.round(p.distanceM * 10) / 10,
            lon: p.lon,
            lat: p.lat,
            height_m: p.heightM === null ? null : Math.round(p.heightM * 10) / 10,
          })),
        });
      },
    }),
    operation({
      method: 'put',
      path: '/terrain/dem',
      role: 'admin',
      query: demQuery,
      operationId: 'importDem',
      summary: 'Import the elevation model (administrators): a GeoTIFF as the body, replacing the one in use',
      description:
        'Placed as GDAL places it (pixel is point or area), nodata as cells without a height, warped onto the district’s 3° Gauss-Krüger zone unless it is in it. Internal: never served to the public.',
      tags: ['terrain'],
      bodySchema: { type: 'string', format: 'binary' },
      body: { types: ['image/tiff', 'application/octet-stream'] },
      responses: {
        '200': { description: 'The DEM now in use, without its heights.', ...json({ type: 'object' }) },
        '400': problem(
          'Not a usable GeoTIFF: no georeferencing, an unknown CRS, off the district; invalid-params names `body`.',
        ),
        '413': problem('The file is larger than a DEM may be (256 MB).'),
        '503': problem('Another DEM is being imported; Retry-After says when to try again.'),
      },
      handler: async (req, res, input) => {
        const { filename } = input.query();
        const bytes = await readDemBody(req, res);
        let dem: Dem;
        try {
          dem = await importer.prepare(bytes, await store.districtExtent());
        } catch (error) {
          if (!(error instanceof PoolFull)) throw error;
          res.set('Retry-After', '30');
          throw new HttpProblem(503, 'Service unavailable', 'another DEM is being imported; try again in 30 s');
        }
        const sha256 = heightsDigest(dem);
        const source = filename ?? 'upload';
        const info = await store.terrain.replace(dem, { sha256, source, importedBy: userOf(res) });
        let missing = 0;
        for (const h of dem.heights) if (Number.isNaN(h)) missing++;
        await auditSecurity(store, req, res, {
          event: 'import',
          details: { layer: 'terrain_dem', file: source, rows: dem.rows, cols: dem.cols, version: info.version },
        });
        res.json({ ...info, cells_without_height: missing });
      },
    }),
    operation({
      method: 'get',
      path: '/terrain/dem.tif',
      role: 'responder',
      operationId: 'downloadDem',
      summary: 'The elevation model in use as a GeoTIFF (staff)',
      tags: ['terrain'],
      responses: {
        '200': {
          description: 'Float32 heights in the DEM’s Gauss-Krüger zone; NaN where none.',
          ...file('image/tiff'),
        },
        '404': problem('No DEM has been imported.'),
      },
      handler: async (_req, res) => {
        const loaded = await store.terrain.load();
        if (!loaded) throw new NoDem();
        res.set('Cache-Control', 'private, no-store');
        res.set('ETag', `"dem-${loaded.info.version}"`);
        nameDownload(res, 'attachment', `dem-v${loaded.info.version}.tif`, `高程模型-v${loaded.info.version}.tif`);
        res.type('image/tiff').send(Buffer.from(demToGeoTiff(loaded.dem)));
      },
    }),
    operation({
      method: 'get',
      path: '/analysis/viewshed/{cameraId}',
      role: 'responder',
      query: viewshedQuery,
      operationId: 'cameraViewshed',
      summary: 'What a camera sees on the terrain (staff): its visible area as polygons',
      description:
        'GDAL’s reference-plane viewshed from the camera’s mast top, to its range, cut to its heading and field of view, with the earth’s curvature and refraction (0.85714). `height` replaces the mast height for a what-if.',
      tags: ['analysis', 'terrain'],
      parameters: [{ name: 'cameraId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        '200': {
          description: 'A FeatureCollection: one MultiPolygon of the visible area, its figures as properties.',
          ...json({ type: 'object' }, GEOJSON),
        },
        '400': problem('`cameraId` is not a UUID or `height` is not a height; invalid-params names it.'),
        '404': problem('No such camera, or no DEM has been imported.'),
        '422': problem(
          'The camera stands outside the DEM or on a cell without a height, or has no range or mast height.',
        ),
      },
      handler: async (req, res, input) => {
        const id = String(req.params.cameraId);
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
          throw invalidParam('cameraId', 'must be a UUID');
        }
        const { height } = input.query();
        let answer: ViewshedAnswer;
        try {
          answer = await viewsheds.forCamera(id, height);
        } catch (error) {
          if (!(error instanceof PoolFull)) throw error;
          res.set('Retry-After', '10');
          throw new HttpProblem(503, 'Service unavailable', 'every viewshed worker is busy; try again in 10 s');
        }
        res.type(GEOJSON).json(viewshedCollection(answer));
      },
    }),
  ];
}
