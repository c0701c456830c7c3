import { language, t } from '../i18n/index.ts';
import type { Report } from './import-report.ts';

/**
 * The file's columns beside the field each fills, a few of its values to tell what it holds, and a
 * choice of every field of the layer, a coordinate or nothing: any column can become any field,
 * whatever its header. The server decides the mapping (the report's `mapping`); a change is sent
 * back as `map=column=field` and the file is checked again, so what the table shows is always what
 * the server would import.
 */

/** The coordinate roles the import reads besides the layer's fields (server/import/map/mapping.ts). */
const COORDINATES = ['lon', 'lat', 'x', 'y', 'wkt'] as const;
export const IGNORE = '-';

/** A refusal of the last change, shown at the column it was made on. */
export interface MappingRefusal {
  column: string;
  text: string;
}

function targetSelect(report: Report, column: string, current: string): HTMLSelectElement {
  const lang = language();
  const select = document.createElement('select');
  select.dataset.column = column;
  select.setAttribute('aria-label', t('import.fieldFor').replace('{column}', column));
  select.append(new Option(t('import.ignore'), IGNORE));
  const coordinates = document.createElement('optgroup');
  coordinates.label = t('import.coordinates');
  for (const role of COORDINATES) coordinates.append(new Option(t(`import.role.${role}`), role));
  const fields = document.createElement('optgroup');
  fields.label = t('import.fields');
  for (const target of report.targets) {
    const text = `${target.label[lang]} (${target.name})${target.required ? ' *' : ''}`;
    fields.append(new Option(text, target.name));
  }
  select.append(coordinates, fields);
  select.value = current;
  return select;
}

/** The required fields no column fills yet, in the interface language. */
function unmapped(report: Report): string[] {
  const filled = new Set(report.mapping.map((m) => m.target));
  return report.targets.filter((f) => f.required && !filled.has(f.name)).map((f) => f.label[language()]);
}

export function mappingTable(
  report: Report,
  chosen: Record<string, string>,
  onChange: (column: string, target: string) => void,
  refusal?: MappingRefusal,
): HTMLElement {
  const box = document.createElement('div');
  box.className = 'import-mapping';
  const missing = unmapped(report);
  const status = document.createElement('p');
  status.className = missing.length ? 'import-unmapped' : 'import-mapped';
  status.textContent = missing.length ? `${t('import.unmapped')}: ${missing.join('、')}` : t('import.allMapped');
  const table = document.createElement('table');
  table.className = 'import-mapping-table';
  const head = table.createTHead().insertRow();
  for (const key of ['import.column', 'import.samples', 'import.field'] as const) {
    const th = document.createElement('th');
    th.textContent = t(key);
    head.append(th);
  }
  const body = table.createTBody();
  for (const { name, samples } of report.columns) {
    const row = body.insertRow();
    row.dataset.column = name;
    row.insertCell().textContent = name;
    const sample = row.insertCell();
    sample.className = 'import-samples';
    sample.textContent = samples.join(' · ');
    const mapped = report.mapping.find((m) => m.column === name)?.target;
    // A choice the server refused is kept on show, so the planner sees what was refused and why.
    const select = targetSelect(report, name, refusal?.column === name ? chosen[name] : (mapped ?? IGNORE));
    select.addEventListener('change', () => onChange(name, select.value));
    const note = document.createElement('small');
    if (refusal?.column === name) {
      note.className = 'field-error';
      note.setAttribute('role', 'alert');
      note.textContent = refusal.text;
    } else {
      // Why a column fills nothing: no field matched it, or another column already fills its field.
      note.className = 'import-why';
      note.textContent = report.ignoredColumns.find((c) => c.column === name && mapped === undefined)?.why ?? '';
    }
    if (note.textContent) {
      note.id = `import-note-${row.sectionRowIndex}`;
      select.setAttribute('aria-describedby', note.id);
    }
    const cell = row.insertCell();
    cell.append(select, note);
  }
  box.append(status, table);
  return box;
}
