/**
 * The DEM's shaded relief for staff, laid over the area fills (admin areas, forests) and under
 * everything else, multiplied into the colours beneath as on a printed relief map: a fire-watch
 * planner reads ridges and valleys at a glance, and the risk colours and symbols stay pure. The image needs the staff member's token, which an <img> would not send, so it is
 * fetched and handed to the map as a blob; the public never asks (a DEM is internal). Nothing is
 * drawn when no DEM has been imported.
 */
import type BaseLayer from 'ol/layer/Base.js';
import ImageLayer from 'ol/layer/Image.js';
import type OlMap from 'ol/Map.js';
import ImageStatic from 'ol/source/ImageStatic.js';
import { getFile, getJson, session } from '../api.ts';

interface DemInfo {
  version: number;
  bbox: [number, number, number, number];
  hillshade: string;
}

/**
 * Puts the relief just under `above` (the first layer to stay unshaded), or on top of what is there.
 * Resolves with the image's size once it is loaded; undefined when there is none to draw.
 */
export async function addRelief(map: OlMap, above?: BaseLayer): Promise<{ width: number; height: number } | undefined> {
  if (!session.can('responder')) return undefined;
  const dem = await getJson<DemInfo>('/terrain/dem').catch(() => undefined);
  if (!dem) return undefined;
  const source = new ImageStatic({
    url: dem.hillshade,
    projection: 'EPSG:4326',
    imageExtent: dem.bbox,
    imageLoadFunction: (image, src) => {
      void getFile(src).then((blob) => {
        (image.getImage() as HTMLImageElement).src = URL.createObjectURL(blob);
      });
    },
  });
  const drawn = new Promise<{ width: number; height: number } | undefined>((resolve) => {
    source.once('imageloadend', (event) => {
      const image = event.image.getImage() as HTMLImageElement;
      resolve({ width: image.naturalWidth, height: image.naturalHeight });
    });
    source.once('imageloaderror', () => resolve(undefined));
  });
  const layer = new ImageLayer({ source, className: 'relief-layer', opacity: 0.7, properties: { id: 'relief' } });
  const at = above ? map.getLayers().getArray().indexOf(above) : -1;
  if (at >= 0) map.getLayers().insertAt(at, layer);
  else map.addLayer(layer);
  return drawn;
}
