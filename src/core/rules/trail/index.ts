// Trail rules (TG1xx): one module per rule, registered here in id order.
import type { Rule } from '../rule';
import { TG101 } from './TG101';
import { TG102 } from './TG102';
import { TG103 } from './TG103';
import { TG104 } from './TG104';
import { TG105 } from './TG105';
import { TG106 } from './TG106';
import { TG107 } from './TG107';
import { TG108 } from './TG108';
import { TG109 } from './TG109';
import { TG110 } from './TG110';
import { TG111 } from './TG111';
import { TG112 } from './TG112';
import { TG120 } from './TG120';
import { TG121 } from './TG121';

export const rules: Rule[] = [
  TG101, TG102, TG103, TG104, TG105, TG106, TG107, TG108, TG109, TG110, TG111, TG112, TG120, TG121,
] as Rule[];
