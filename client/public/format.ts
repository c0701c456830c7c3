import { t } from './strings.ts';

export const formatPeople = (n: number) => t('unit.people', { n: n.toLocaleString('zh-CN') });
