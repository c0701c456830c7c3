import { ROAD_CLASS_VALUES, type RoadClass } from '../../../catalog/road-classes.ts';

/**
 * Which OpenStreetMap ways are roads a fire engine or a relief lorry drives, and what they say in
 * the roads layer's words. `highway` sets the class as OSM's China guidelines use it (trunk for the
 * 国道, primary 省道, secondary 县道, tertiary 乡道, unclassified 村道); footways, paths, steps,
 * cycleways, service lanes, and roads planned or being built are left out. The readers (osm.ts)
 * turn every kept way into one record whose values are already the layer's fields.
 */

const HIGHWAY_CLASS: Record<string, RoadClass> = {
  motorway: 'expressway',
  motorway_link: 'expressway',
  trunk: 'national',
  trunk_link: 'national',
  primary: 'provincial',
  primary_link: 'provincial',
  secondary: 'county',
  secondary_link: 'county',
  tertiary: 'township',
  tertiary_link: 'township',
  unclassified: 'village',
  residential: 'urban',
  living_street: 'urban',
  road: 'village',
  track: 'track',
};

type Tags = Record<string, string>;

/** The class of a drivable way, or undefined for anything else (a footway, a river, a building). */
export function osmRoadClass(tags: Tags): RoadClass | undefined {
  return HIGHWAY_CLASS[tags.highway ?? ''];
}

/** `60`, `60 km/h`, `40 mph` in km/h; a zone (`CN:urban`), `none` or a value beyond (0, 200] is no speed. */
function speedOf(maxspeed: string | undefined): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?\s*$/i.exec(maxspeed ?? '');
  if (!match) return null;
  const kmh = Number(match[1]) * (match[2]?.toLowerCase() === 'mph' ? 1.609344 : 1);
  return kmh >= 1 && kmh <= 200 ? Math.round(kmh) : null;
}

const yes = (value: string | undefined) => value !== undefined && value !== 'no';

/**
 * How a way travels: one-way where tagged so (`yes`, `1`, `true`, or `-1`: one-way against the
 * drawing, which the caller turns round), and where OSM implies it (a motorway, a roundabout).
 */
export function onewayOf(tags: Tags): { oneway: boolean; reversed: boolean } {
  const oneway = tags.oneway;
  if (oneway === '-1' || oneway === 'reverse') return { oneway: true, reversed: true };
  if (oneway === 'yes' || oneway === '1' || oneway === 'true') return { oneway: true, reversed: false };
  if (oneway === 'no' || oneway === 'false' || oneway === '0') return { oneway: false, reversed: false };
  const implied = tags.highway === 'motorway' || tags.junction === 'roundabout' || tags.junction === 'circular';
  return { oneway: implied, reversed: false };
}

/** The layer's values for a kept way: its name (or its route code, or its class and way id), code, speed, structures. */
export function osmRoadValues(id: number, tags: Tags, roadClass: RoadClass): Record<string, unknown> {
  const ref = tags.ref?.trim() || null;
  const name = tags['name:zh']?.trim() || tags.name?.trim() || ref || `${ROAD_CLASS_VALUES[roadClass].zh}(OSM ${id})`;
  return {
    name,
    ref,
    class: roadClass,
    speed_kmh: speedOf(tags.maxspeed),
    oneway: onewayOf(tags).oneway,
    bridge: yes(tags.bridge),
    tunnel: yes(tags.tunnel) && tags.tunnel !== 'culvert',
    external_id: `way/${id}`,
  };
}

/** The record's columns, in the order a report lists them. */
export const OSM_COLUMNS = ['name', 'ref', 'class', 'speed_kmh', 'oneway', 'bridge', 'tunnel', 'external_id'];
