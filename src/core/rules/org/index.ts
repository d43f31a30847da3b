// Organization rules (TG5xx): one module per rule, registered here in id order.
import type { Rule } from '../rule';
import { TG501 } from './TG501';

export const rules: Rule[] = [TG501];
