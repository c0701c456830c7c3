/** Simplified Chinese first; the English table mirrors it key for key. */
const zh: Record<string, string> = {
  'app.title': 'OneMap 应急一张图',
  'app.loadFailed': '加载失败',
  'group.resources': '应急资源',
  'group.hazards': '隐患',
  'group.risk': '风险',
  'group.monitoring': '监测预警',
  'group.base': '基础数据',
  'legend.risk': '安全风险四色',
  'demo.badge': '演示数据',
  'layers.title': '图层',
  'search.placeholder': '搜索名称或乡镇',
  'search.none': '没有找到',
  'measure.distance': '测距',
  'measure.area': '测面',
  'measure.clear': '清除',
  'popup.close': '关闭',
  'popup.yes': '是',
  'popup.no': '否',
  'lang.switch': 'English',
  'panel.toggle': '图层',
};

const en: Record<string, string> = {
  'app.title': 'OneMap',
  'app.loadFailed': 'Failed to load',
  'group.resources': 'Resources',
  'group.hazards': 'Hazards',
  'group.risk': 'Risk',
  'group.monitoring': 'Monitoring',
  'group.base': 'Base data',
  'legend.risk': 'Four-colour risk levels',
  'demo.badge': 'Demo data',
  'layers.title': 'Layers',
  'search.placeholder': 'Search name or township',
  'search.none': 'Nothing found',
  'measure.distance': 'Distance',
  'measure.area': 'Area',
  'measure.clear': 'Clear',
  'popup.close': 'Close',
  'popup.yes': 'Yes',
  'popup.no': 'No',
  'lang.switch': '中文',
  'panel.toggle': 'Layers',
};

export type Language = 'zh' | 'en';

let current: Language = 'zh';

export function setLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function language(): Language {
  return current;
}

export function t(key: string): string {
  return (current === 'en' ? en : zh)[key] ?? zh[key] ?? key;
}
