import TileLayer from 'ol/layer/Tile.js';
import type OlMap from 'ol/Map.js';
import OSM from 'ol/source/OSM.js';
import TileJSON from 'ol/source/TileJSON.js';
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

/** The bureau's own basemap file, served by the API: its TileJSON gives the tiles, zooms and bounds. */
const ownFile = () => [new TileLayer({ source: new TileJSON({ url: '/basemap.json' }) })];

function layersOf(settings: MapSettings): TileLayer[] {
  if (settings.basemap === 'file') return ownFile();
  if (settings.basemap === 'osm') return [new TileLayer({ source: new OSM() })];
  if (settings.basemap.startsWith('tianditu') && settings.tiandituKey)
    return tianditu(settings.basemap === 'tianditu-img' ? 'img' : 'vec', settings.tiandituKey);
  return [];
}

/**
 * A basemap under everything when configured: the bureau's own file (no internet needed) or an online
 * one; none by default, so the map never waits on a network it may not have. The admin areas are
 * drawn either way.
 */
export function addBasemap(map: OlMap, settings: MapSettings): void {
  const layers = layersOf(settings);
  layers.forEach((layer, i) => {
    layer.setZIndex(-10 + i);
    layer.set('id', `basemap-${i}`);
    map.addLayer(layer);
  });
}
