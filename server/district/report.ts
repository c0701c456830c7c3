import { findLayer } from '../layers/registry.ts';
import type { LoaderData } from '../store/district.ts';
import type { FileReading } from './read-areas.ts';
import type { DistrictReport } from './set-up.ts';

/**
 * The set-up's report as a bureau reads it on the command line: Chinese first, then English, saying
 * what was stored, how each file's coordinates were read (a DataV file's GCJ-02 conversion above
 * all), which profile the analyses now use, and what became of the demo.
 */

const km2 = (value: number) => Math.round(value).toLocaleString('en');
const total = (data: LoaderData) => Object.values(data.features).reduce((a, b) => a + b, 0);
const isEmpty = (data: LoaderData) => total(data) === 0 && data.scenarios === 0 && data.publications.length === 0;

function layerCounts(data: LoaderData, lang: 'zh' | 'en'): string {
  return Object.entries(data.features)
    .map(([id, n]) => `${findLayer(id)?.title[lang] ?? id} ${n}`)
    .join(lang === 'zh' ? '、' : ', ');
}

function fileLine(f: FileReading, lang: 'zh' | 'en'): string {
  const marks = f.dataV.join(lang === 'zh' ? '、' : ', ');
  const columns = [
    f.columns.name && (lang === 'zh' ? `名称取自 ${f.columns.name}` : `name from ${f.columns.name}`),
    f.columns.code && (lang === 'zh' ? `代码取自 ${f.columns.code}` : `code from ${f.columns.code}`),
  ].filter(Boolean);
  let how: string;
  if (lang === 'zh') {
    if (f.offset && f.dataV.length && !f.crsGiven)
      how = `识别为 DataV 文件(${marks}),坐标已从 ${f.offset} 转换为 WGS 84`;
    else if (f.offset) how = `坐标已按 --crs 从 ${f.offset} 转换为 WGS 84`;
    else if (f.dataV.length) how = `DataV 文件(${marks}),按 --crs 视为 WGS 84,未转换`;
    else how = `坐标系 ${f.crs.name}(${f.crs.code})`;
    return `  ${f.filename}:${f.features} 个面,${how}${columns.length ? `;${columns.join(',')}` : ''}`;
  }
  if (f.offset && f.dataV.length && !f.crsGiven)
    how = `a DataV file (${marks}): its ${f.offset} coordinates were converted to WGS 84`;
  else if (f.offset) how = `${f.offset} coordinates converted to WGS 84, as --crs says`;
  else if (f.dataV.length) how = `a DataV file (${marks}), read as WGS 84 as --crs says: not converted`;
  else how = `coordinates in ${f.crs.name} (${f.crs.code})`;
  return `  ${f.filename}: ${f.features} polygon${f.features === 1 ? '' : 's'}, ${how}${columns.length ? `; ${columns.join(', ')}` : ''}`;
}

function demoLines(report: DistrictReport, lang: 'zh' | 'en'): string[] {
  const { cleared, left } = report.demo;
  const lines: string[] = [];
  const zh = lang === 'zh';
  if (!isEmpty(cleared)) {
    const withdrawn = cleared.publications.join(', ');
    lines.push(
      zh
        ? `演示数据已清除:${total(cleared)} 个要素(${layerCounts(cleared, lang)})、${cleared.scenarios} 个规划方案${withdrawn ? `,已撤回发布版本 ${withdrawn}` : ''}`
        : `Demo data cleared: ${total(cleared)} features (${layerCounts(cleared, lang)}), ${cleared.scenarios} scenarios${withdrawn ? `; publication ${withdrawn} withdrawn` : ''}`,
    );
  }
  if (!isEmpty(left)) {
    const published = left.publications.join(', ');
    const what = zh
      ? `${total(left)} 个要素(${layerCounts(left, lang)})、${left.scenarios} 个规划方案${published ? `、发布版本 ${published}` : ''}`
      : `${total(left)} features (${layerCounts(left, lang)}), ${left.scenarios} scenarios${published ? `, publication ${published}` : ''}`;
    const kept = isEmpty(cleared)
      ? zh
        ? `演示数据的其他内容仍保留:${what};加 --clear-demo 可清除`
        : `The demo's other data stays: ${what}; --clear-demo removes it`
      : zh
        ? `有人修改过的演示数据已保留:${what}`
        : `Demo data someone has changed was kept: ${what}`;
    lines.push(kept);
  } else if (report.wasDemo && isEmpty(cleared)) {
    lines.push(zh ? '演示数据已不在' : 'No demo data is left');
  }
  return lines;
}

function block(report: DistrictReport, lang: 'zh' | 'en'): string[] {
  const { district, counts, profile } = report;
  const zh = lang === 'zh';
  const profileName = `${profile.name[lang]} (${profile.code})`;
  return [
    zh
      ? `已设置区县:${district.name}(${district.code}),面积 ${km2(district.areaKm2)} km²`
      : `District set up: ${district.name} (${district.code}), ${km2(district.areaKm2)} km²`,
    zh
      ? `行政区划:1 个区县、${counts.township} 个乡镇(街道)、${counts.village} 个村(社区),替换原有 ${report.replaced} 个`
      : `Admin areas: 1 district, ${counts.township} townships, ${counts.village} villages, replacing ${report.replaced}`,
    ...report.files.map((f) => fileLine(f, lang)),
    zh ? `分析配置:${profileName}` : `Profile of the analyses: ${profileName}`,
    ...demoLines(report, lang),
    ...report.warnings.map((w) => (zh ? `注意:${w.zh}` : `Note: ${w.en}`)),
  ];
}

export function formatDistrictReport(report: DistrictReport): string {
  return [...block(report, 'zh'), '', ...block(report, 'en')].join('\n');
}
