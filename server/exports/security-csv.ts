import { chinaSecond } from '../../catalog/china-time.ts';
import { ROLE_LABELS, type Role } from '../../catalog/roles.ts';
import {
  SECURITY_EVENT_LABELS,
  type SecurityEventKind,
  SIGN_IN_FAILURE_LABELS,
  type SignInFailure,
} from '../accounts/security-events.ts';
import { guardFormula, quote } from '../formats/spreadsheet-cell.ts';
import { findLayer } from '../layers/registry.ts';
import type { SecurityEvent } from '../store/security-log.ts';

/**
 * The security audit as a reviewer's sheet, like the layers' sheets: Chinese headers, times on the
 * clock in China, each entry's particulars in a sentence, UTF-8 with a BOM so Excel reads the
 * Chinese. Every text cell is guarded, as a title or a file name is whatever its author typed.
 */

const HEADERS = ['时间（北京时间）', '事件', '用户', '对象', '客户端地址', '详情'];

const roleName = (role: unknown) => ROLE_LABELS[role as Role]?.zh ?? String(role);
const layerName = (id: unknown) => findLayer(String(id))?.title.zh ?? String(id);

/** What a district set-up (an import of the admin areas that names the district) set up and replaced. */
function districtSetUp(details: Record<string, unknown>): string {
  const district = details.district as { name: string; code: string } | undefined;
  if (!district) return '';
  const replaced = details.replaced as { district: { name: string; demo: boolean } | null; areas: number };
  const before = replaced.district ? `${replaced.district.name}${replaced.district.demo ? '（演示数据）' : ''}` : '无';
  return `；设置区县：${district.name}（${district.code}），替换原区县 ${before} 及其 ${replaced.areas} 个行政区划`;
}

/** An entry's particulars in a sentence. */
function describe(event: SecurityEventKind, details: Record<string, unknown>): string {
  const d = details as Record<string, string | number | undefined>;
  switch (event) {
    case 'sign_in_failed':
      return `原因：${SIGN_IN_FAILURE_LABELS[d.reason as SignInFailure] ?? d.reason}`;
    case 'user_added':
      return `角色：${roleName(d.role)}；姓名：${d.display_name}`;
    case 'user_renamed':
      return `姓名：${d.from} → ${d.to}`;
    case 'user_role_changed':
      return `角色：${roleName(d.from)} → ${roleName(d.to)}`;
    case 'publication':
      return `第${d.version}版《${d.title}》，图面日期 ${d.map_date}`;
    case 'withdrawal':
      return `第${d.version}版，理由：${d.reason}`;
    case 'import':
      return (
        `图层：${layerName(d.layer)}；文件：${d.file}；行数：${d.rows}` +
        `（新增 ${d.created}，更新 ${d.updated}，未变 ${d.unchanged}，跳过 ${d.skipped}）` +
        districtSetUp(details)
      );
    default:
      return '';
  }
}

/** The first lines of the sheet: the BOM and the headers. */
export function securityCsvHead(): string {
  return `\uFEFF${HEADERS.join(',')}\r\n`;
}

/** Entries as lines of the sheet. */
export function securityCsvLines(events: SecurityEvent[]): string {
  return events
    .map((e) =>
      [
        chinaSecond(e.at),
        SECURITY_EVENT_LABELS[e.event].zh,
        e.username,
        e.subject ?? '',
        e.client ?? '命令行',
        describe(e.event, e.details),
      ]
        .map((text) => quote(guardFormula(text)))
        .join(','),
    )
    .map((line) => `${line}\r\n`)
    .join('');
}
