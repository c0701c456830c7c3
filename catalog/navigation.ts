/**
 * Links that open a phone's map app with directions between two places: 高德 (its web URI, which hands
 * over to the app when installed) and 百度 (its app scheme, and its web page for a phone without the
 * app). 高德 wants GCJ-02, so the true positions are offset first; 百度 is told the coordinates are
 * WGS 84 (`coord_type=wgs84`) and offsets them itself. Driving for a team sent out, walking for a
 * person going to a shelter.
 */
import { wgs84ToGcj02 } from './gcj02.ts';

export type TravelMode = 'car' | 'walk';

export interface Place {
  /** True lon/lat (WGS 84 / CGCS2000). */
  at: readonly number[];
  name: string;
}

export interface NavigationLinks {
  amap: string;
  baidu: string;
  baiduWeb: string;
}

const six = (x: number) => x.toFixed(6);
const gaode = ({ at, name }: Place) => {
  const [lon, lat] = wgs84ToGcj02(at);
  return `${six(lon)},${six(lat)},${name}`;
};
const baiduPlace = ({ at, name }: Place) => `name:${name}|latlng:${six(at[1])},${six(at[0])}`;

/**
 * A query string as a form writes it (application/x-www-form-urlencoded, what URLSearchParams gives,
 * which this dependency-free catalog does not have): a space as "+", all but letters, digits and
 * `*-._` percent-encoded.
 */
function query(params: Record<string, string>): string {
  const form = (text: string) =>
    encodeURIComponent(text)
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  return Object.entries(params)
    .map(([key, value]) => `${form(key)}=${form(value)}`)
    .join('&');
}

/** Directions from one place to another, by car or on foot. */
export function navigationLinks(from: Place, to: Place, mode: TravelMode): NavigationLinks {
  const amap = query({
    from: gaode(from),
    to: gaode(to),
    mode: mode === 'car' ? 'car' : 'walk',
    coordinate: 'gaode',
    callnative: '1',
  });
  const baidu = {
    origin: baiduPlace(from),
    destination: baiduPlace(to),
    coord_type: 'wgs84',
    mode: mode === 'car' ? 'driving' : 'walking',
    src: 'onemap',
  };
  return {
    amap: `https://uri.amap.com/navigation?${amap}`,
    baidu: `baidumap://map/direction?${query(baidu)}`,
    baiduWeb: `https://api.map.baidu.com/direction?${query({ ...baidu, output: 'html' })}`,
  };
}
