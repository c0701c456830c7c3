/**
 * Townships (乡镇/街道) and the district from the admin-areas layer, and which township a point lies in.
 * Every per-township figure groups by this one locator, so they all agree. A flatbush index over the
 * townships' boxes picks the one or two candidates; point-in-polygon decides. A feature with no usable
 * geometry falls back to the township the store derived for it (`properties.township`).
 *
 * A district set up from its boundary alone has no townships yet: then the area figures measure over
 * the district polygon (`measured`), the per-township tables stay empty and say why (`basis`), and
 * with neither townships nor a district polygon the area figures are null, saying why.
 */
import * as turf from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { anchorOf, areaM2, featuresOf, isPolygonal, str } from './geometry.ts';
import type { Unknown } from './scorecard-facts.ts';
import type { AnyFeature, Layer, LonLat, Props } from './types.ts';

export interface Township {
  name: string;
  code: string | null;
  geometry: Polygon | MultiPolygon;
  /** On the ellipsoid, from the geometry (not the stored area_km2). */
  areaM2: number;
}

function areasAt(adminAreas: Layer, level: string): Township[] {
  return featuresOf(adminAreas)
    .filter((f) => f.properties?.level === level && isPolygonal(f.geometry))
    .map((f) => {
      const geometry = f.geometry as Polygon | MultiPolygon;
      return {
        name: str(f.properties, 'name') ?? String(f.id),
        code: str(f.properties, 'code'),
        geometry,
        areaM2: areaM2(geometry),
      };
    })
    .sort((a, b) => (a.code ?? a.name).localeCompare(b.code ?? b.name));
}

/** The townships, ordered by code. */
export function townshipsOf(adminAreas: Layer): Township[] {
  return areasAt(adminAreas, 'township');
}

/** The district area; when the layer has none, the townships stand in for it. */
export function districtOf(adminAreas: Layer): { name: string; code: string | null; areaM2: number } {
  const [district] = areasAt(adminAreas, 'district');
  if (district) return district;
  const townships = townshipsOf(adminAreas);
  return { name: '', code: null, areaM2: townships.reduce((n, t) => n + t.areaM2, 0) };
}

/**
 * What the area figures are measured over: the townships; the district polygon alone when there are no
 * townships; nothing when there is neither.
 */
export type Basis = 'townships' | 'district' | 'none';

/** Why a per-township table is empty: on any basis but the townships, there are none. */
export function basisWhy(basis: Basis): { townships: Unknown } | undefined {
  return basis === 'townships' ? undefined : { townships: 'no_townships' };
}

export class TownshipLocator {
  readonly townships: Township[];
  readonly basis: Basis;
  /** The polygons area figures are measured over: the townships, else the district's, else none. */
  readonly measured: Township[];
  private readonly index: Flatbush | null;

  constructor(adminAreas: Layer) {
    this.townships = townshipsOf(adminAreas);
    const district = this.townships.length > 0 ? [] : areasAt(adminAreas, 'district').slice(0, 1);
    this.measured = this.townships.length > 0 ? this.townships : district;
    this.basis = this.townships.length > 0 ? 'townships' : district.length > 0 ? 'district' : 'none';
    if (this.townships.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(this.townships.length);
    for (const t of this.townships) {
      const [w, s, e, n] = turf.bbox(t.geometry);
      this.index.add(w, s, e, n);
    }
    this.index.finish();
  }

  /** The township containing a point (the first by code if it lies on a shared border), or null. */
  at(p: LonLat): Township | null {
    if (!this.index) return null;
    const hits = this.index.search(p[0], p[1], p[0], p[1]).sort((a, b) => a - b);
    for (const i of hits) if (turf.booleanPointInPolygon(p, this.townships[i].geometry)) return this.townships[i];
    return null;
  }

  /** The township name of a feature: from its geometry, else as the store recorded it. */
  of(feature: AnyFeature | Feature): string | null {
    const p = anchorOf(feature as AnyFeature);
    if (p) return this.at(p)?.name ?? null;
    return str(feature.properties as Props, 'township');
  }

  byName(name: string): Township | undefined {
    return this.townships.find((t) => t.name === name);
  }
}

/** One row per township (in code order) from a function of the township's name. */
export function perTownship<T>(
  locator: TownshipLocator,
  row: (t: Township) => T,
): ({ township: string; code: string | null } & T)[] {
  return locator.townships.map((t) => ({ township: t.name, code: t.code, ...row(t) }));
}
