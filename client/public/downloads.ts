import { layerPath } from './api.ts';
import { button, h } from './dom.ts';
import { t } from './strings.ts';

/** The map sheet of the version shown, as an image and as a PDF, and its two layers as GeoJSON. */
export function downloadLinks(version: number): Node[] {
  const link = (href: string, text: string, file: string) => h('li', {}, h('a', { href, download: file }, text));
  return [
    h(
      'ul',
      { class: 'downloads' },
      link(`/publications/${version}/map.png`, t('downloads.png'), `risk-map-v${version}.png`),
      link(`/publications/${version}/map.pdf`, t('downloads.pdf'), `risk-map-v${version}.pdf`),
      link(layerPath(version, 'risk_zones'), t('downloads.zones'), `risk_zones-v${version}.geojson`),
      link(layerPath(version, 'shelters'), t('downloads.shelters'), `shelters-v${version}.geojson`),
    ),
  ];
}

/** The iframe another government site pastes to show the latest published map. */
export function embedSnippet(pageUrl: string, title: string): string {
  const quoted = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${pageUrl}?embed=1" width="100%" height="480" style="border:0" title="${quoted}" loading="lazy"></iframe>`;
}

export function embedPanel(snippet: string): Node[] {
  const code = h('textarea', { class: 'snippet', readonly: '', rows: '4', 'aria-label': t('embed.title') });
  code.value = snippet;
  const copy = button(
    t('embed.copy'),
    () => {
      code.select();
      const done = () => {
        copy.textContent = t('embed.copied');
      };
      // The clipboard API needs a secure context; selecting the text leaves copying by hand possible.
      navigator.clipboard?.writeText(snippet).then(done, () => undefined);
    },
    'action primary',
  );
  return [h('p', {}, t('embed.help')), code, copy];
}
