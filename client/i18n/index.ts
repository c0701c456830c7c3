/** Simplified Chinese first; the English table mirrors it key for key. */
const zh: Record<string, string> = {
  'group.resources': '应急资源',
  'group.hazards': '隐患',
  'group.risk': '风险',
  'group.monitoring': '监测预警',
  'group.base': '基础数据',
  'legend.risk': '安全风险四色',
  'demo.badge': '演示数据',
};

export function t(key: string): string {
  return zh[key] ?? key;
}

export function language(): 'zh' | 'en' {
  return 'zh';
}
