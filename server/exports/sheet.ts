import type { FeatureCollection, Geometry } from 'geojson';

/**
 * Everything a map sheet shows, as plain data: whoever holds the features — the live store, a
 * published version — builds one of these, and the renderer needs nothing else.
 */
export interface MapSheet {
  title: string;
  /** A published version's number; null for the current, unpublished data. */
  version: number | null;
  /** The date the sheet stands for, YYYY-MM-DD. */
  date: string;
  /** Who issued the data, e.g. 涵江区应急管理局. */
  source: string;
  /** The map review number (审图号) a published map must carry. */
  reviewNumber?: string;
  /** Demo data: the sheet says so (演示数据). */
  demo: boolean;
  layers: {
    /** Four-colour risk zones; `properties.level` 1–4 (重大/较大/一般/低). */
    riskZones: FeatureCollection<Geometry>;
    /** Shelters, drawn as symbols at their points. */
    shelters: FeatureCollection<Geometry>;
    /** Admin areas: the district outline and the township boundaries behind everything else. */
    adminAreas: FeatureCollection<Geometry>;
  };
}

export type SheetFormat = 'png' | 'pdf';

/** The sheet is laid out in points on an A4 landscape page; the PNG draws each point as PNG_SCALE pixels. */
export const PAGE = { width: 842, height: 595 } as const;
export const PNG_SCALE = 2;
