/**
 * What a store holds and how its map is drawn, as the server keeps them and every client reads them
 * from the landing page (`dataset`, `map`): the store, the map sheets and the web maps share one
 * wording of each.
 */

/**
 * The data a store was loaded with: the demo district, or a bureau's own, named (the title, the map
 * sheets, the tiles' attribution and the public map follow its name). A district set up by
 * `npm run district` also has its six-digit code and the profile its analyses use, by code or path
 * (null: none was given and none is for this code).
 */
export interface Dataset {
  demo: boolean;
  name: string;
  note?: string;
  code?: string;
  profile?: string | null;
}

/**
 * How the web map draws its background; none (the admin areas alone) and a bureau's own file (`file`,
 * served by the API at /basemap) work with no internet.
 */
export interface MapSettings {
  basemap: 'none' | 'osm' | 'tianditu-vec' | 'tianditu-img' | 'file';
  /** Tianditu's browser key, needed for its tiles. */
  tiandituKey?: string;
  /** The map review number (审图号) a public internet map must show. */
  reviewNumber?: string;
}
