/** A scale bar's length: the longest 1, 2 or 5 × 10ⁿ metres that fits in `maxUnits` page units. */
export function scaleBarLength(groundPerUnit: number, maxUnits: number): { metres: number; units: number } {
  const most = groundPerUnit * maxUnits;
  const power = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((step) => step * power).find((length) => length <= most) ?? power;
  return { metres, units: metres / groundPerUnit };
}

/** 500 米, 2 公里, 2.5 公里. */
export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${Number((metres / 1000).toPrecision(6))} 公里` : `${metres} 米`;
}
