const MB = 1024 * 1024;

/**
 * What an import accepts. A file a bureau exports is rarely above a few megabytes; the caps stop a
 * hostile or broken file from taking the server's memory or time, not an honest one from being read.
 * Each is checked before the work it guards grows large: line lengths by a scan of the bytes before
 * anything is decoded, columns as each record is parsed, the nesting of JSON before it is parsed.
 */
export const LIMITS = {
  /** The file as uploaded or named on the command line. */
  fileBytes: 100 * MB,
  /** Rows (or features) in one import. */
  rows: 500_000,
  /** Columns of a sheet, or distinct properties of a vector file; bureau sheets have a few dozen. */
  columns: 500,
  /** One line of a CSV file, in bytes: a row of 500 long cells fits many times over. */
  lineBytes: 1 * MB,
  /** Entries in a zip archive (a shapefile is 4 to 8 of them). */
  zipEntries: 256,
  /**
   * One entry once inflated, and all of them together: no more than a file accepted as it is, so an
   * archive cannot be a way round the file limit.
   */
  zipEntryBytes: 100 * MB,
  zipTotalBytes: 200 * MB,
  /**
   * Deflate can shrink a run of zeros about 1000:1; real data, even a DBF padded with spaces, stays
   * well under this. Checked only on entries big enough for the ratio to matter.
   */
  zipRatio: 200,
  zipRatioFloorBytes: 8 * MB,
} as const;
