// TG3xx: the KMS key a trail encrypts with.
import type { Rule } from '../rule';
import { TG301 } from './TG301';
import { TG302 } from './TG302';
import { TG303 } from './TG303';
import { TG304 } from './TG304';
import { TG305 } from './TG305';
import { TG306 } from './TG306';

export const rules: Rule[] = [TG301, TG302, TG303, TG304, TG305, TG306] as Rule[];
