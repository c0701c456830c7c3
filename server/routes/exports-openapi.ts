import { CONTENT_TYPES, LAYER_FORMATS } from '../exports/layer-files.ts';
import { problem, type Schema } from './openapi-parts.ts';

const file = (type: string) => ({ content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

function sheet(format: 'png' | 'pdf', type: string, what: string): Schema {
  return {
    get: {
      operationId: `getMapSheet${format.toUpperCase()}`,
      summary: `The current risk map (four-colour zones, shelters, township boundaries) as ${what}`,
      tags: ['exports'],
      responses: {
        '200': {
          description: `${what} with title, legend, scale bar, north arrow, date, version, source and 审图号.`,
          ...file(type),
        },
        '503': problem('No font with Chinese glyphs was found (ONEMAP_MAP_FONT); the detail names the one looked for.'),
      },
    },
  };
}

/** Downloads: the current risk map as a sheet, and every layer as GeoJSON, CSV or KML. */
export function exportPaths(layerParameter: Schema, bboxParameter: Schema): Record<string, Schema> {
  const paths: Record<string, Schema> = {
    '/exports/map.png': sheet('png', 'image/png', 'a PNG image'),
    '/exports/map.pdf': sheet('pdf', 'application/pdf', 'a one-page PDF map sheet'),
  };
  for (const format of LAYER_FORMATS) {
    paths[`/exports/{${layerParameter.name}}.${format}`] = {
      get: {
        operationId: `exportLayer${format.toUpperCase()}`,
        summary: `A whole layer as a ${format.toUpperCase()} download, named after the layer and the day`,
        description:
          'The reader’s fields only (public ones for anonymous readers). Takes bbox and the layer’s property ' +
          'filters as the items endpoint does; limit and offset are refused, since the file holds every match. ' +
          'Planned features are left out unless include_planned=true or a status filter names them.',
        tags: ['exports'],
        parameters: [
          layerParameter,
          bboxParameter,
          {
            name: 'include_planned',
            in: 'query',
            description: 'Also export planned (not yet built) features.',
            schema: { type: 'boolean', default: false },
          },
        ],
        responses: {
          '200': { description: `The layer as ${format.toUpperCase()}.`, ...file(CONTENT_TYPES[format].split(';')[0]) },
          '400': problem('A parameter is not valid; invalid-params names it.'),
          '401': problem('A filter on an internal field needs a signed-in user.'),
          '404': problem('No such layer.'),
        },
      },
    };
  }
  return paths;
}
