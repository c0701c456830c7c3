import { t } from './strings.ts';

export const formatPeople = (n: number) => t('unit.people', { n: n.toLocaleString('zh-CN') });

const clock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A time as the bureau reads it, in China Standard Time: 2026-11-20 14:05. */
export function formatTime(iso: string): string {
  const parts = Object.fromEntries(clock.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
