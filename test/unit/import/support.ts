import { readFileSync } from 'node:fs';
import { distance } from '@turf/turf';
import type { FeatureCollection, Point } from 'geojson';
import { resolveMapping } from '../../../server/import/map/mapping.ts';
import { findCrs } from '../../../server/import/place/crs.ts';
import { locate } from '../../../server/import/place/locate.ts';
import type { Offset } from '../../../server/import/place/positions.ts';
import { isGrid, readFile } from '../../../server/import/read/read-file.ts';
import type { Source } from '../../../server/import/read/source.ts';
import { spreadsheetSource } from '../../../server/import/read/spreadsheet.ts';
import { inLanguage, type Said } from '../../../server/import/said.ts';
import { findLayer } from '../../../server/layers/registry.ts';
import type { BBox } from '../../../server/store/index.ts';

/** The import's sentences as the command line prints them: in English. */
export const inEnglish = (said: Said[]): string[] => said.map((s) => inLanguage(s, 'en'));

/** The demo district's box, as the store reports it from the admin areas. */
export const DISTRICT: BBox = [118.85, 25.39, 119.24, 25.76];

export const fixture = (name: string) => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url));

export async function readSource(name: string, layer = 'shelters'): Promise<Source> {
  const read = await readFile(fixture(name), name);
  return isGrid(read) ? spreadsheetSource(read, findLayer(layer)!) : read;
}

interface PlaceOptions {
  crs?: string;
  offset?: Offset;
  district?: BBox | null;
}

/** Reads, maps and places a file as the import does, without a store. */
export async function placeLayer(
  name: string,
  layerId: string,
  options: PlaceOptions = {},
  bytes: Buffer = fixture(name),
) {
  const layer = findLayer(layerId)!;
  const read = await readFile(bytes, name);
  const source = isGrid(read) ? spreadsheetSource(read, layer) : read;
  const mapping = resolveMapping(source.columns, layer);
  const location = locate(source, mapping, {
    crs: options.crs ? findCrs(options.crs) : undefined,
    offset: options.offset,
    district: options.district === undefined ? DISTRICT : options.district,
  });
  return { source, mapping, location };
}

/** A shelters file placed: positions by external id. */
export async function placeBytes(bytes: Buffer, name: string, options: PlaceOptions = {}) {
  const { source, mapping, location } = await placeLayer(name, 'shelters', options, bytes);
  const idColumn = mapping.fields.get('external_id')!;
  const positions = new Map<string, [number, number]>();
  source.records.forEach((record, i) => {
    const located = location.located[i];
    if ('geometry' in located) {
      positions.set(String(record.values[idColumn]), (located.geometry as Point).coordinates as [number, number]);
    }
  });
  return { positions, placement: location.placement, source };
}

export const place = (name: string, options: PlaceOptions = {}) => placeBytes(fixture(name), name, options);

/** Positions by the id property GDAL carried through (编号, or id where the fields were renamed). */
export function expectedPositions(name: string): Map<string, [number, number]> {
  const collection: FeatureCollection<Point> = JSON.parse(fixture(name).toString('utf8'));
  return new Map(
    collection.features.map((f) => [
      String(f.properties?.编号 ?? f.properties?.id),
      f.geometry.coordinates as [number, number],
    ]),
  );
}

export const metres = (a: [number, number], b: [number, number]) => distance(a, b, { units: 'meters' });
