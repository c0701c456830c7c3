/**
 * The OpenStreetMap readers on what an attacker or a broken download sends: XML declaring entities,
 * a PBF cut short, an XML that is not OSM; and character references in tags read as text.
 */
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../server/import/errors.ts';
import { readOsmPbf, readOsmXml } from '../../../server/import/read/osm.ts';
import { osmPbfFromXml } from '../../support/osm-pbf.ts';

const WAY = `<osm version="0.6">
  <node id="1" lat="25.5" lon="119.1"/><node id="2" lat="25.51" lon="119.11"/>
  <way id="9"><nd ref="1"/><nd ref="2"/><tag k="highway" v="tertiary"/><tag k="name" v="东&amp;西路 &#x6C5F;"/></way>
</osm>`;

async function refusal(read: () => unknown): Promise<string> {
  const error = await Promise.resolve()
    .then(read)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ImportError);
  expect((error as ImportError).part).toBe('file');
  return (error as ImportError).reason;
}

describe('reading OpenStreetMap', () => {
  it('decodes character references in tags, and nothing more', () => {
    const source = readOsmXml(Buffer.from(WAY));
    expect(source.records.map((r) => r.values.name)).toEqual(['东&西路 江']);
  });

  it('refuses XML that declares entities', async () => {
    const hostile = `<?xml version="1.0"?><!DOCTYPE osm [<!ENTITY x SYSTEM "file:///etc/passwd">]>${WAY}`;
    expect(await refusal(() => readOsmXml(Buffer.from(hostile)))).toMatch(/DTD or XML entities/);
  });

  it('refuses a PBF cut short', async () => {
    const whole = osmPbfFromXml(WAY);
    expect((await readOsmPbf(whole)).records).toHaveLength(1);
    expect(await refusal(() => readOsmPbf(whole.subarray(0, whole.length - 10)))).toMatch(/not a readable/);
  });

  it('refuses XML that is not well formed', async () => {
    expect(await refusal(() => readOsmXml(Buffer.from('<osm><way id="1"></osm>')))).toMatch(/well-formed/);
  });
});
