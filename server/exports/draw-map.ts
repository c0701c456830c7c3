import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { BBox } from '../store/index.ts';
import { areaRings, pointsOf } from './geometry.ts';
import { INK } from './layout.ts';
import type { MapFrame } from './mercator.ts';
import { type Painter, rectangle } from './painter.ts';
import type { MapSheet } from './sheet.ts';
import { DISTRICT_LINE, drawShelter, TOWNSHIP_LINE, zonePaint } from './symbols.ts';

type Layers = MapSheet['layers'];

const levelOf = (feature: Feature) => String(feature.properties?.level ?? '');

/** The district's admin areas when there are any, otherwise whatever the sheet holds. */
export function mapExtent(layers: Layers): BBox | null {
  const everything: FeatureCollection<Geometry> = {
    type: 'FeatureCollection',
    features: [...layers.adminAreas.features, ...layers.riskZones.features, ...layers.shelters.features],
  };
  const basis = layers.adminAreas.features.length > 0 ? layers.adminAreas : everything;
  if (basis.features.length === 0) return null;
  return turf.bbox(basis) as BBox;
}

/** The map inside its frame: admin areas as the background, the four-colour zones, boundaries, shelters, names. */
export function drawMap(painter: Painter, frame: MapFrame, layers: Layers): void {
  const project = frame.toPage;
  const { x, y, width, height } = frame.box;
  const admin = layers.adminAreas.features.filter((f) => levelOf(f) !== 'village');
  const townships = admin.filter((f) => levelOf(f) === 'township');
  const districts = admin.filter((f) => levelOf(f) === 'district');
  painter.clipped(x, y, width, height, () => {
    painter.path([rectangle(x, y, width, height)], { fill: INK.outside });
    for (const area of admin) painter.path(areaRings(area.geometry, project), { fill: INK.land });
    // The highest level is drawn last, so where zones overlap the graver colour shows.
    const zones = [...layers.riskZones.features].sort((a, b) => Number(levelOf(b)) - Number(levelOf(a)));
    for (const zone of zones) painter.path(areaRings(zone.geometry, project), zonePaint(Number(levelOf(zone))));
    for (const township of townships) painter.path(areaRings(township.geometry, project), { stroke: TOWNSHIP_LINE });
    for (const district of districts) painter.path(areaRings(district.geometry, project), { stroke: DISTRICT_LINE });
    for (const shelter of layers.shelters.features) {
      for (const at of pointsOf(shelter.geometry, project)) drawShelter(painter, at);
    }
    for (const township of townships) {
      const name = township.properties?.name;
      if (typeof name !== 'string') continue;
      const [lx, ly] = project(turf.pointOnFeature(township).geometry.coordinates);
      painter.text(name, lx, ly, { size: 8, colour: INK.muted, align: 'center', halo: '#ffffff' });
    }
  });
  painter.path([rectangle(x, y, width, height)], {
    stroke: { colour: INK.frame, width: 1.2 },
  });
}
