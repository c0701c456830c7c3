import proj4 from 'proj4';

/**
 * The coordinate systems Chinese bureau data comes in, defined here from their parameters so that
 * nothing is fetched and no EPSG database is needed. CGCS2000 and WGS84 differ by under a metre and
 * are treated as one (DOMAIN.md); the Gauss-Krüger zones are transverse Mercator on the CGCS2000
 * ellipsoid with scale 1, false easting 500 km, and the zone number in front of the easting in the
 * "zone" variants.
 */

export interface CrsDef {
  code: string;
  name: string;
  kind: 'geographic' | 'projected';
  proj4?: string;
}

const CGCS2000 = '+a=6378137 +rf=298.257222101 +units=m +no_defs';

function gaussKruger(code: number, name: string, centralMeridian: number, falseEasting: number): CrsDef {
  return {
    code: `EPSG:${code}`,
    name,
    kind: 'projected',
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 ${CGCS2000}`,
  };
}

function table(): Map<string, CrsDef> {
  const defs: CrsDef[] = [
    { code: 'EPSG:4326', name: 'WGS 84 longitude/latitude', kind: 'geographic' },
    { code: 'EPSG:4490', name: 'CGCS2000 longitude/latitude', kind: 'geographic' },
    {
      code: 'EPSG:3857',
      name: 'Web Mercator',
      kind: 'projected',
      proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
    },
  ];
  // 6° zones 13–23 (central meridians 75°E–135°E): EPSG:4491–4501 with the zone number, 4502–4512 without.
  for (let zone = 13; zone <= 23; zone++) {
    const cm = 6 * zone - 3;
    defs.push(gaussKruger(4491 + zone - 13, `CGCS2000 / Gauss-Kruger zone ${zone}`, cm, zone * 1e6 + 5e5));
    defs.push(gaussKruger(4502 + zone - 13, `CGCS2000 / Gauss-Kruger CM ${cm}E`, cm, 5e5));
  }
  // 3° zones 25–45 (central meridians 75°E–135°E): EPSG:4513–4533 with the zone number, 4534–4554 without.
  for (let zone = 25; zone <= 45; zone++) {
    const cm = 3 * zone;
    defs.push(gaussKruger(4513 + zone - 25, `CGCS2000 / 3-degree Gauss-Kruger zone ${zone}`, cm, zone * 1e6 + 5e5));
    defs.push(gaussKruger(4534 + zone - 25, `CGCS2000 / 3-degree Gauss-Kruger CM ${cm}E`, cm, 5e5));
  }
  return new Map(defs.map((d) => [d.code, d]));
}

const SUPPORTED = table();

/** `EPSG:4549`, `epsg:4549` or `4549`; undefined for anything this module does not define. */
export function findCrs(text: string): CrsDef | undefined {
  const match = /^\s*(?:epsg:{1,2})?(\d{4,5})\s*$/i.exec(text);
  return match ? SUPPORTED.get(`EPSG:${match[1]}`) : undefined;
}

export function crsByCode(code: string): CrsDef {
  const def = SUPPORTED.get(code);
  if (!def) throw new Error(`unknown CRS ${code}`);
  return def;
}

/** The Gauss-Krüger system with a zone number in the easting: 3° zones 25–45 or 6° zones 13–23. */
export function zonedCrs(zone: number): CrsDef | undefined {
  if (zone >= 25 && zone <= 45) return SUPPORTED.get(`EPSG:${4513 + zone - 25}`);
  if (zone >= 13 && zone <= 23) return SUPPORTED.get(`EPSG:${4491 + zone - 13}`);
  return undefined;
}

/** The Gauss-Krüger system without a zone number for a central meridian, 3° zones first. */
export function centralMeridianCrs(cm: number, degrees: 3 | 6 = 3): CrsDef | undefined {
  if (degrees === 3 && cm % 3 === 0 && cm >= 75 && cm <= 135) return SUPPORTED.get(`EPSG:${4534 + cm / 3 - 25}`);
  if (degrees === 6 && (cm + 3) % 6 === 0 && cm >= 75 && cm <= 135) {
    return SUPPORTED.get(`EPSG:${4502 + (cm + 3) / 6 - 13}`);
  }
  return undefined;
}

export type Transform = (x: number, y: number) => [number, number];

const transforms = new Map<string, Transform>();

/** From the CRS to longitude/latitude. */
export function toLonLat(def: CrsDef): Transform {
  if (def.kind === 'geographic') return (x, y) => [x, y];
  let transform = transforms.get(def.code);
  if (!transform) {
    const converter = proj4(def.proj4 as string, 'EPSG:4326');
    transform = (x, y) => converter.forward([x, y]) as [number, number];
    transforms.set(def.code, transform);
  }
  return transform;
}
