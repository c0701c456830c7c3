/**
 * The nearest rescue teams for a need: those with every asked specialty, and on duty unless the
 * responder says otherwise. Unknown specialties are for the caller to refuse: `knownSpecialties`
 * lists the ones the layer registry allows.
 */
import { teams } from '../layers/resources.ts';
import { fits, type Misfit } from './misfit.ts';

/** Teams need every asked specialty, and to be on duty unless `onDutyOnly` is false. */
export function teamMisfit(specialties: string[], onDutyOnly = true): Misfit {
  return (team) => {
    const has = team.properties?.specialties;
    const list = Array.isArray(has) ? (has as string[]) : [];
    if (!specialties.every((s) => list.includes(s))) return 'lacks_specialty';
    return onDutyOnly && team.properties?.on_duty !== true ? 'off_duty' : null;
  };
}

export const teamFits = (specialties: string[], onDutyOnly = true) => fits(teamMisfit(specialties, onDutyOnly));

/** The specialties the layer registry allows for teams. */
export function knownSpecialties(): string[] {
  const field = teams.fields.find((f) => f.name === 'specialties');
  return Object.keys(field?.values ?? {});
}
