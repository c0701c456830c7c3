/**
 * Whom to call about a feature, and on what number: the layers name their contact fields differently
 * (a team's leader, a depot's manager, a hazard's responsible person), so a list of results reads the
 * first of these that a feature has. The fields are internal: only staff receive them.
 */

export const CONTACT_PERSON_FIELDS = [
  'contact_person',
  'responsible_person',
  'manager',
  'leader',
  'responsible_unit',
] as const;

export const CONTACT_PHONE_FIELDS = ['phone', 'contact_phone'] as const;

/** The first of `names` that `props` holds a value for, as text; '' when none. */
export function firstValue(props: Record<string, unknown> | null | undefined, names: readonly string[]): string {
  const value = names.map((n) => props?.[n]).find((v) => v !== null && v !== undefined && v !== '');
  return value === undefined ? '' : String(value);
}
