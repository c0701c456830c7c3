import TileLayer from 'ol/layer/Tile.js';
import type OlMap from 'ol/Map.js';
import OSM from 'ol/source/OSM.js';
import XYZ from 'ol/source/XYZ.js';
import type { MapSettings } from '../../catalog/datasets.ts';

/** Tianditu's Web Mercator (_w) tiles: a base layer and its Chinese labels over it. */
function tianditu(layer: 'vec' | 'img', key: string): TileLayer[] {
  const labels = layer === 'vec' ? 'cva' : 'cia';
  const source = (name: string) =>
    new XYZ({
      url: `https://t{0-7}.tianditu.gov.cn/${name}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${name}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
      attributions: '天地图',
      maxZoom: 18,
    });
  return [new TileLayer({ source: source(layer) }), new TileLayer({ source: source(labels) })];
}

/**
 * An online basemap under everything when configured; none by default, so the map never waits on
 * a network it may not have. The admin areas are drawn either way.
 */
export function addBasemap(map: OlMap, settings: MapSettings): void {
  const layers =
    settings.basemap === 'osm'
      ? [new TileLayer({ source: new OSM() })]
      : settings.basemap.startsWith('tianditu') && settings.tiandituKey
        ? tianditu(settings.basemap === 'tianditu-img' ? 'img' : 'vec', settings.tiandituKey)
        : [];
  layers.forEach((layer, i) => {
    layer.setZIndex(-10 + i);
    layer.set('id', `basemap-${i}`);
    map.addLayer(layer);
  });
}
