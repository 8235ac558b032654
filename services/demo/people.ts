/** People of the district: plausible names, birth dates, phones and ID numbers, unique district-wide. */
import { idNumberCheckCharacter } from '../domain/id-number';
import { pad } from './counting';
import { DISTRICT_CODE, REFERENCE } from './figures';
import type { Random } from './random';
import type { Gender } from './records';

/** Approximate shares (%) of China's commonest surnames. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 7.1], ['李', 7.0], ['张', 6.7], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['黄', 2.2], ['赵', 2.0],
  ['吴', 1.9], ['周', 1.9], ['徐', 1.3], ['孙', 1.3], ['马', 1.1], ['朱', 1.1], ['胡', 1.0], ['郭', 1.0],
  ['何', 0.9], ['林', 0.9], ['高', 0.9], ['罗', 0.8], ['郑', 0.8], ['梁', 0.7], ['谢', 0.6], ['宋', 0.5],
  ['唐', 0.5], ['许', 0.5], ['韩', 0.5], ['冯', 0.5], ['邓', 0.5], ['曹', 0.4], ['沈', 0.4], ['叶', 0.4],
  ['蒋', 0.4], ['潘', 0.3], ['钱', 0.2], ['俞', 0.2], ['欧阳', 0.05],
];

/** Given names follow fashion, so they are picked by the generation of the birth year. */
const GIVEN_NAMES: Record<'elder' | 'middle' | 'young', Record<Gender, readonly string[]>> = {
  elder: {
    MALE: ['建国', '建华', '国强', '国庆', '志强', '德明', '永福', '振华', '文斌', '卫东', '建军', '长林', '金根', '根生', '海', '明', '军', '刚', '华', '福'],
    FEMALE: ['秀英', '桂英', '秀兰', '玉兰', '桂兰', '淑珍', '凤英', '玉珍', '素珍', '月英', '美华', '金凤', '彩娥', '阿英', '芳', '英', '萍', '珍', '兰', '娟'],
  },
  middle: {
    MALE: ['志勇', '建峰', '海涛', '晓东', '俊杰', '文杰', '立新', '永强', '晓明', '宏伟', '伟', '磊', '勇', '涛', '斌', '强', '鹏', '杰', '浩', '军'],
    FEMALE: ['丽娟', '晓燕', '海燕', '春梅', '雪梅', '晓丽', '丽华', '美玲', '秀梅', '丽萍', '丽', '静', '敏', '燕', '艳', '霞', '婷', '红', '洁', '颖'],
  },
  young: {
    MALE: ['浩宇', '子轩', '宇轩', '梓豪', '浩然', '俊熙', '一鸣', '博文', '天佑', '子墨', '宇航', '思远', '嘉诚', '睿', '航', '宸', '轩', '乐', '辰', '昊'],
    FEMALE: ['欣怡', '梓涵', '诗涵', '子涵', '一诺', '雨桐', '语嫣', '可馨', '思彤', '佳怡', '梦瑶', '雨欣', '若汐', '悦', '彤', '妍', '琪', '萱', '瑶', '涵'],
  },
};

/** Mobile number blocks of the three big operators (13x/15x/18x). */
const PHONE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '180', '181', '182', '183', '185', '186', '187', '188', '189',
];

const DAY_MS = 86_400_000;

export interface Person {
  name: string;
  gender: Gender;
  age: number;
  birthDate: string;
  phone: string | null;
}

/** Makes people with plausible names, birth dates and phones; phones and ID numbers stay unique district-wide. */
export class People {
  private readonly phones = new Set<string>();
  private readonly idNumbers = new Set<string>();
  constructor(private readonly random: Random) {}

  surname(): string {
    return this.random.weighted(SURNAMES);
  }

  name(gender: Gender, birthYear: number, surname = this.surname()): string {
    const generation = birthYear < 1966 ? 'elder' : birthYear < 1996 ? 'middle' : 'young';
    return surname + this.random.pick(GIVEN_NAMES[generation][gender]);
  }

  person(age: number, gender: Gender, surname?: string): Person {
    const birthDate = this.birthDate(age);
    // Young children and many of the oldest have no phone of their own.
    const hasPhone = age >= 12 && (age < 85 || this.random.chance(0.4));
    return {
      name: this.name(gender, Number(birthDate.slice(0, 4)), surname),
      gender,
      age,
      birthDate,
      phone: hasPhone ? this.phone() : null,
    };
  }

  phone(): string {
    for (;;) {
      const phone = this.random.pick(PHONE_PREFIXES) + pad(this.random.int(0, 99_999_999), 8);
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }

  /** Region code, birth date, a sequence number odd for men and even for women, and the check digit. */
  idNumber(person: Person): string {
    const born = person.birthDate.replaceAll('-', '');
    for (;;) {
      const sequence = this.random.int(0, 499) * 2 + (person.gender === 'MALE' ? 1 : 0);
      const first17 = DISTRICT_CODE + born + pad(sequence, 3);
      const idNumber = first17 + idNumberCheckCharacter(first17);
      if (!this.idNumbers.has(idNumber)) {
        this.idNumbers.add(idNumber);
        return idNumber;
      }
    }
  }

  /** A birth date at which the person is exactly `age` on the reference date. */
  private birthDate(age: number): string {
    const [year, month, day] = REFERENCE;
    const latest = Date.UTC(year - age, month, day);
    const earliest = Date.UTC(year - age - 1, month, day) + DAY_MS;
    const days = (latest - earliest) / DAY_MS;
    return new Date(earliest + this.random.int(0, days) * DAY_MS).toISOString().slice(0, 10);
  }
}
