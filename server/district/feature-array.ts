/**
 * DataV (阿里云 DataV.GeoAtlas) serves a district as a bare JSON array of Features, which the import
 * readers do not take yet: it is wrapped here as the FeatureCollection it stands for, bytes in and
 * bytes out so the readers still decide the encoding. Anything else passes through untouched.
 */
export function wrapFeatureArray(bytes: Buffer): Buffer {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let i = bom;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] !== 0x5b) return bytes;
  return Buffer.concat([Buffer.from('{"type":"FeatureCollection","features":'), bytes.subarray(bom), Buffer.from('}')]);
}
