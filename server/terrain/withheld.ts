/**
 * What the public is not shown of the terrain. The DEM is staff's alone (a county's may be classified,
 * and even a public surface model is the bureau's to publish or not), and so is what is traced from it:
 * a camera's viewshed, and the blind spots left between viewsheds, draw the ridges and valleys of the
 * ground they were computed on, and a few hundred of them give the DEM back in outline. So an anonymous
 * reader of an answer measured on viewsheds gets its figures (covered km² and %, per township, the
 * method) but not its polygons; where the views are flat sectors, drawn from the cameras' public
 * fields alone, the polygons stay.
 */

/** The members of an answer that hold polygons traced on the DEM. */
const TRACED = ['sectors', 'blindSpots', 'views'] as const;

const empty = () => ({ type: 'FeatureCollection', features: [] });

/** The answer with the polygons of every part measured on viewsheds emptied, and `withheld` naming them. */
export function withoutViewsheds<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutViewsheds) as T;
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) out[key] = withoutViewsheds(child);
  if (object.method !== 'viewshed') return out as T;
  const withheld = TRACED.filter((key) => key in object);
  for (const key of withheld) out[key] = empty();
  return (withheld.length > 0 ? { ...out, withheld } : out) as T;
}
