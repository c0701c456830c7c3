/** The part of vt-pbf (which ships no types) that encodes geojson-vt tiles as MVT. */
declare module 'vt-pbf' {
  import type { LegacyFeature } from 'geojson-vt';

  namespace vtpbf {
    function fromGeojsonVt(
      layers: Record<string, { features: LegacyFeature[] }>,
      options?: { version?: 1 | 2; extent?: number },
    ): Uint8Array;
  }
  function vtpbf(tile: unknown): Uint8Array;
  export = vtpbf;
}
