import { Readable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import type { Position } from 'geojson';
import { OSMTransform } from 'osm-pbf-parser-node';
import { refuse } from '../errors.ts';
import { OSM_COLUMNS, onewayOf, osmRoadClass, osmRoadValues } from './osm-roads.ts';
import type { Source, SourceRecord } from './source.ts';
import { decodeText } from './text-encoding.ts';
import { decodeReferences, refuseDeclarations } from './xml.ts';

/**
 * An OpenStreetMap extract, as `.osm.pbf` (the binary format every extract service offers, read
 * with osm-pbf-parser-node) or `.osm` XML: each drivable way becomes one road, its nodes its
 * vertices; everything else (buildings, rivers, footways, points of interest, relations) is left
 * out and counted. OSM is always WGS 84. A way whose nodes the extract clipped away keeps the nodes
 * it has; one left with fewer than two is dropped and counted too. The XML is refused if it declares
 * a DTD or entities, as KML is (xml.ts).
 */

interface Way {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}

type Coordinates = Map<number, Position>;

/** A PBF file opens with the length of its first blob header and that header's type, `OSMHeader`. */
export function looksLikeOsmPbf(bytes: Buffer): boolean {
  return bytes.length > 16 && bytes[4] === 0x0a && bytes[5] === 9 && bytes.toString('latin1', 6, 15) === 'OSMHeader';
}

export function looksLikeOsmXml(head: string): boolean {
  return /^(<\?xml[^>]*>\s*)?<osm[\s>]/.test(head);
}

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

/** The kept ways as records, and what was left out, for the report. */
function roadsOf(ways: Way[], nodes: Coordinates): Source {
  const records: SourceRecord[] = [];
  let others = 0;
  let clipped = 0;
  ways.forEach((way, i) => {
    const roadClass = osmRoadClass(way.tags);
    if (!roadClass) {
      others++;
      return;
    }
    const line = way.refs.map((ref) => nodes.get(ref)).filter((p): p is Position => p !== undefined);
    if (line.length < 2) {
      clipped++;
      return;
    }
    if (onewayOf(way.tags).reversed) line.reverse();
    const geometry = { type: 'LineString' as const, coordinates: line };
    records.push({ row: i + 1, values: osmRoadValues(way.id, way.tags, roadClass), geometry });
  });
  const notes = [
    `read ${ways.length} OpenStreetMap ways: kept ${records.length} drivable roads, one feature each; left out ${others} other ways (footways, paths, service lanes, rivers, buildings…)`,
  ];
  if (clipped > 0) {
    const [were, their] = clipped === 1 ? ['road was', 'its'] : ['roads were', 'their'];
    notes.push(`${clipped} ${were} dropped: the extract holds fewer than two of ${their} nodes`);
  }
  return {
    format: 'osm',
    unit: 'feature',
    columns: OSM_COLUMNS,
    records,
    hasGeometry: true,
    crs: { code: 'EPSG:4326', from: 'OpenStreetMap, which is always WGS 84 longitude/latitude' },
    notes,
  };
}

/** Nodes' positions and the ways with their tags, block by block as the parser hands them over. */
export async function readOsmPbf(bytes: Buffer): Promise<Source> {
  const nodes: Coordinates = new Map();
  const ways: Way[] = [];
  const parser = new OSMTransform({ withTags: { node: false, way: true, relation: false }, withInfo: false });
  try {
    for await (const batch of Readable.from([bytes], { objectMode: false }).pipe(parser)) {
      for (const item of batch as Array<Record<string, unknown>>) {
        if (item.type === 'node')
          nodes.set(item.id as number, [round7(item.lon as number), round7(item.lat as number)]);
        else if (item.type === 'way') {
          ways.push({ id: item.id as number, refs: item.refs as number[], tags: (item.tags ?? {}) as Way['tags'] });
        }
      }
    }
  } catch (error) {
    refuse(
      'file',
      `不是可读的 OpenStreetMap PBF 数据(${(error as Error).message})`,
      `is not a readable OpenStreetMap PBF extract (${(error as Error).message})`,
    );
  }
  return roadsOf(ways, nodes);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'node' || name === 'way' || name === 'nd' || name === 'tag' || name === 'relation',
});

type XmlElement = Record<string, unknown>;

export function readOsmXml(bytes: Buffer): Source {
  const { text } = decodeText(bytes);
  refuseDeclarations(text, 'OSM XML');
  let document: { osm?: XmlElement };
  try {
    document = parser.parse(text, true);
  } catch (error) {
    refuse(
      'file',
      `不是格式正确的 XML:${(error as Error).message}`,
      `is not well-formed XML: ${(error as Error).message}`,
    );
  }
  const osm = document.osm ?? refuse('file', '是没有 <osm> 元素的 XML', 'is XML without an <osm> element');
  const nodes: Coordinates = new Map();
  for (const node of (osm.node as XmlElement[] | undefined) ?? []) {
    nodes.set(Number(node.id), [round7(Number(node.lon)), round7(Number(node.lat))]);
  }
  const ways: Way[] = ((osm.way as XmlElement[] | undefined) ?? []).map((way) => ({
    id: Number(way.id),
    refs: ((way.nd as XmlElement[] | undefined) ?? []).map((nd) => Number(nd.ref)),
    tags: Object.fromEntries(
      ((way.tag as XmlElement[] | undefined) ?? []).map((tag) => [
        decodeReferences(String(tag.k)),
        decodeReferences(String(tag.v)),
      ]),
    ),
  }));
  return roadsOf(ways, nodes);
}
