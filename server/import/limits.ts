const MB = 1024 * 1024;

/**
 * What an import accepts. A file a bureau exports is rarely above a few megabytes; the caps stop a
 * hostile or broken file from taking the server's memory, not an honest one from being read.
 */
export const LIMITS = {
  /** The file as uploaded or named on the command line. */
  fileBytes: 100 * MB,
  /** Rows (or features) in one import. */
  rows: 500_000,
  /** Entries in a zip archive (a shapefile is 4 to 8 of them). */
  zipEntries: 256,
  /** One entry once inflated, and all of them together. */
  zipEntryBytes: 256 * MB,
  zipTotalBytes: 512 * MB,
  /**
   * Deflate can shrink a run of zeros about 1000:1; real data, even a DBF padded with spaces, stays
   * well under this. Checked only on entries big enough for the ratio to matter.
   */
  zipRatio: 200,
  zipRatioFloorBytes: 8 * MB,
} as const;
