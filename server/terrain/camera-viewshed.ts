/**
 * What one camera sees, as the map shows it: the camera placed on the DEM from its longitude and
 * latitude, its eye at the mast's height above the ground there, the viewshed to its range cut to its
 * heading and field of view, and the visible cells traced into polygons (cell edges in the DEM's
 * Gauss-Krüger metres, each vertex then carried to longitude/latitude). A pure function of the DEM and
 * the camera, so it runs in a worker thread and its answer can be cached.
 */
import type { MultiPolygon, Position } from 'geojson';
import proj4 from 'proj4';
import { type Grid, traceRegions } from '../analysis/grid.ts';
import { crsByCode } from '../import/place/crs.ts';
import type { Dem } from './dem.ts';
import { clipToSector } from './sector.ts';
import { type ViewshedResult, viewshed } from './viewshed.ts';

export interface CameraView {
  lon: number;
  lat: number;
  /** Eye above the ground, m. */
  heightM: number;
  rangeM: number;
  /** Clockwise from north; with a field of view under 360° the sector is cut. */
  headingDeg: number;
  fovDeg: number;
  /** Height a target needs above the ground to be seen (0: the ground), m. */
  targetM?: number;
}

export interface CameraViewshed {
  visible: MultiPolygon;
  /** Visible area, m²: the visible cells' area on the DEM's grid. */
  areaM2: number;
  cells: number;
  /** The DEM's cell, m. */
  cellM: number;
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** The visible cells as polygons in longitude/latitude. */
function traced(result: ViewshedResult, dem: Dem): MultiPolygon {
  const { cols, rows } = result;
  // traceRegions counts rows from the south; the viewshed from the north.
  const grid: Grid = {
    west: dem.west + result.col0 * dem.cellX,
    south: dem.north - (result.row0 + rows) * dem.cellY,
    dLon: dem.cellX,
    dLat: dem.cellY,
    cols,
    rows,
    cellM: Math.max(dem.cellX, dem.cellY),
    rowAreaM2: new Float64Array(rows).fill(dem.cellX * dem.cellY),
    rowWidthM: new Float64Array(rows).fill(dem.cellX),
    rowHeightM: new Float64Array(rows).fill(dem.cellY),
  };
  const label = (i: number) => {
    const r = Math.floor(i / cols);
    return result.visible[(rows - 1 - r) * cols + (i - r * cols)];
  };
  const toLonLat = proj4(crsByCode(dem.crs).proj4 as string, 'EPSG:4326');
  const carry = (p: Position): Position => {
    const [lon, lat] = toLonLat.forward([p[0], p[1]]);
    return [round7(lon), round7(lat)];
  };
  return {
    type: 'MultiPolygon',
    coordinates: traceRegions(grid, label).map((region) => region.polygon.coordinates.map((ring) => ring.map(carry))),
  };
}

/** Throws ObserverOffDem when the camera stands outside the DEM or on a cell without a height. */
export function cameraViewshed(dem: Dem, camera: CameraView): CameraViewshed {
  const [x, y] = proj4('EPSG:4326', crsByCode(dem.crs).proj4 as string).forward([camera.lon, camera.lat]);
  const result = viewshed(dem, {
    x,
    y,
    observerHeight: camera.heightM,
    targetHeight: camera.targetM ?? 0,
    maxDistance: camera.rangeM,
  });
  clipToSector(result, dem, camera.headingDeg, camera.fovDeg);
  let cells = 0;
  for (const v of result.visible) cells += v;
  return { visible: traced(result, dem), areaM2: cells * dem.cellX * dem.cellY, cells, cellM: dem.cellX };
}
