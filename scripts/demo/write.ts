/**
 * Writes one FeatureCollection per layer with one feature per line: small enough to keep in git,
 * and a change to one feature shows as a one-line diff.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature } from 'geojson';

function collectionText(features: readonly Feature[]): string {
  const lines = features.map((feature) => JSON.stringify(feature));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

export function writeLayer(dir: string, layerId: string, features: readonly Feature[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${layerId}.geojson`);
  writeFileSync(path, collectionText(features));
  return path;
}
