import { MARK_LABELS, MARK_PAINT } from './draw-incident-map.ts';
import type { IncidentReport, ReportTable } from './incident-report.ts';

/**
 * The 周边分析报告 as one printable HTML page: the same words and tables as the PDF, the map as a PNG
 * inside the page (so it opens from a download with nothing else to fetch), contacts as `tel:` links,
 * and print rules that keep table headers on each printed page and rows whole.
 */

const htmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A phone number as a link a phone can dial; anything else as text. */
function cell(text: string, label: string): string {
  if (/电话/.test(label) && /^[+\d][\d\s-]{4,}$/.test(text)) {
    return `<a href="tel:${htmlText(text.replace(/[\s-]/g, ''))}">${htmlText(text)}</a>`;
  }
  return htmlText(text);
}

function table(t: ReportTable): string {
  const head = t.columns.map((c) => `<th class="${c.align ?? 'left'}">${htmlText(c.label)}</th>`).join('');
  const rows = t.rows
    .map(
      (row) =>
        `<tr>${row.map((text, i) => `<td class="${t.columns[i].align ?? 'left'}">${cell(text, t.columns[i].label)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const empty = t.rows.length === 0 && !t.note ? '<p class="note">无。</p>' : '';
  const note = t.note ? `<p class="note">${htmlText(t.note)}</p>` : '';
  return `<section><h2>${htmlText(t.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${empty}${note}</section>`;
}

function key(): string {
  const shapes = Object.entries(MARK_PAINT).map(
    ([group, { paint, shape }]) =>
      `<span class="mark"><i class="${shape}" style="background:${paint.fill}"></i>${htmlText(MARK_LABELS[group as keyof typeof MARK_LABELS])}</span>`,
  );
  return `<p class="key"><span class="mark"><b class="star">★</b>事发地点</span><span class="mark"><i class="ring"></i>分析半径</span>${shapes.join('')}</p>`;
}

const STYLE = `
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:#1f2933;margin:24px auto;max-width:780px;padding:0 12px}
h1{font-size:22px;text-align:center;margin:0 0 4px}
h1 .demo{color:#c81e1e;border:1.5px solid #c81e1e;font-size:13px;padding:1px 6px;margin-left:8px;vertical-align:middle}
.issued{text-align:center;color:#52606d;font-size:13px;margin:0 0 12px}
.facts p{margin:2px 0;font-size:14px}
figure{margin:12px 0 4px}figure img{width:100%;border:1px solid #12355b}
.key{font-size:13px;margin:4px 0}.mark{margin-right:14px;white-space:nowrap}
.mark i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
.mark i.dot{border-radius:50%}.mark i.diamond{transform:rotate(45deg) scale(.85)}
.mark i.triangle{clip-path:polygon(50% 0,100% 100%,0 100%)}
.mark i.ring{width:22px;height:0;border-top:2px dashed #c81e1e}
.star{color:#c81e1e;margin-right:4px}
.note{color:#52606d;font-size:12px;margin:4px 0}
h2{font-size:16px;color:#12355b;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px}
th{background:#e4eaf0;text-align:left}th,td{padding:3px 5px;border-bottom:1px solid #c5ccd3;vertical-align:top}
.right{text-align:right}
footer{margin-top:18px;color:#52606d;font-size:12px;text-align:center}
@media print{
  @page{size:A4 portrait;margin:14mm 12mm}
  body{margin:0;max-width:none;padding:0}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}
  a{color:inherit;text-decoration:none}
}`;

/** The page, whole: nothing to fetch, so a saved copy prints the same. */
export function reportHtml(report: IncidentReport, mapPng: Buffer): string {
  const demo = report.demo ? '<span class="demo">演示数据</span>' : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${htmlText(report.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${htmlText(report.title)}${demo}</h1>
<p class="issued">${htmlText(report.issuer)} · 打印时间:${htmlText(report.printedAt)}(北京时间)</p>
<div class="facts">${report.facts.map((f) => `<p>${htmlText(f)}</p>`).join('')}</div>
<figure><img alt="事发地点及周边地图" src="data:image/png;base64,${mapPng.toString('base64')}"></figure>
${key()}
<p class="note">${htmlText(report.aroundNote)}</p>
${report.tables.map(table).join('\n')}
<footer>${htmlText(report.issuer)} · 内部资料,含联系方式,注意保密${report.demo ? ' · 演示数据' : ''}</footer>
</body></html>
`;
}
