/**
 * Invented names and contacts. People and phone numbers must be obviously fictional (张某某, 林工,
 * 0594-2555xxx) because the demo is published; place names only need to sound like Putian.
 */
import type { Random } from './random.ts';

const SURNAMES = ['林', '陈', '黄', '郑', '吴', '李', '蔡', '许', '方', '翁', '余', '王', '张', '刘', '朱', '宋'];
const PERSON_PATTERNS = ['某某', '某某', '某', '工', '队', '主任'];

export function personName(rng: Random): string {
  return rng.pick(SURNAMES) + rng.pick(PERSON_PATTERNS);
}

/** 0594 is Putian's area code; 2555 keeps every number in a block nobody would dial. */
export function phone(rng: Random): string {
  return `0594-2555${String(rng.int(0, 999)).padStart(3, '0')}`;
}

const FIRST =
  '东西南北前后上下新旧大小洋埔厝坑溪林塘港亭墩顶田岭坂兜宅湖庄美福安和平丰兴霞珠沙石桥竹梅松青白龙凤'.split('');
const SECOND = '头尾山溪洋埔厝坑林塘港亭墩顶田岭坂兜宅湖庄里美福安和园阳峰浦厦边坪垄洲'.split('');

/** Two-character stems like 东埔 or 霞洋, never repeated within the district. */
export class PlaceNames {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  stem(): string {
    for (;;) {
      const first = this.rng.pick(FIRST);
      const second = this.rng.pick(SECOND);
      const stem = first + second;
      if (first !== second && !this.used.has(stem)) {
        this.used.add(stem);
        return stem;
      }
    }
  }
}

const COMPANY_WORDS = ['恒', '鑫', '华', '隆', '泰', '兴', '源', '达', '润', '丰', '联', '诚', '盛', '瑞', '宏', '德'];
const COMPANY_TRADES = [
  '化工',
  '化学',
  '精细化工',
  '新材料',
  '涂料',
  '食品',
  '纺织',
  '鞋业',
  '电子',
  '机械',
  '包装',
  '燃气',
  '油品',
  '塑胶',
];

/** Invented enterprise names (某某化工有限公司 style), unique within one generator run. */
export class CompanyNames {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  next(trades: readonly string[] = COMPANY_TRADES): string {
    for (;;) {
      const brand = this.rng.pick(COMPANY_WORDS) + this.rng.pick(COMPANY_WORDS);
      const name = `莆田${brand}${this.rng.pick(trades)}有限公司`;
      if (brand[0] !== brand[1] && !this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}
