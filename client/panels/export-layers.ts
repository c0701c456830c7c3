import { type Collection, fetchDownload } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button, field, layerSelect } from './form.ts';

const FORMATS = ['geojson', 'csv', 'kml'] as const;

/** Hands a blob to the browser as a file to save, under `name`. */
function save(blob: Blob, name: string) {
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/**
 * A whole layer as a file to hand on (a spreadsheet for a township, KML for a phone's map app,
 * GeoJSON for a GIS), with the fields this reader may see; planned features only when asked for.
 */
export function exportSection(collections: Collection[]): HTMLElement {
  const section = document.createElement('section');
  section.className = 'export-layers';
  const heading = document.createElement('h3');
  heading.textContent = t('export.title');
  const layer = layerSelect('export-layer', t('export.layer'), collections);
  const planned = field('checkbox', 'export-planned', t('export.planned'));
  const status = document.createElement('p');
  status.className = 'export-status';
  status.setAttribute('role', 'status');
  const buttons = FORMATS.map((format) => {
    const b = button(t(`export.${format}`), 'secondary');
    b.dataset.format = format;
    b.addEventListener('click', async () => {
      const id = (layer.input as HTMLSelectElement).value;
      const query = (planned.input as HTMLInputElement).checked ? '?include_planned=true' : '';
      status.textContent = t('tool.working');
      try {
        const { blob, name } = await fetchDownload(`/exports/${id}.${format}${query}`);
        save(blob, name);
        status.textContent = t('export.saved').replace('{name}', name);
      } catch (error) {
        status.textContent = (error as Error).message;
      }
    });
    return b;
  });
  const row = document.createElement('div');
  row.className = 'export-buttons';
  row.append(...buttons);
  section.append(heading, layer.label, planned.label, row, status);
  return section;
}
