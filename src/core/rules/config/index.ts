// AWS Config rules (TG4xx): one module per rule, registered here in id order.
import type { Rule } from '../rule';
import { TG401 } from './TG401';
import { TG402 } from './TG402';
import { TG403 } from './TG403';
import { TG404 } from './TG404';

export const rules: Rule[] = [TG401, TG402, TG403, TG404] as Rule[];
