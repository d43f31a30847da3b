// TG2xx: the S3 bucket a trail delivers to.
import type { Rule } from '../rule';
import { TG201 } from './TG201';
import { TG202 } from './TG202';
import { TG203 } from './TG203';
import { TG204 } from './TG204';
import { TG205 } from './TG205';
import { TG206 } from './TG206';
import { TG207 } from './TG207';
import { TG208 } from './TG208';
import { TG209 } from './TG209';
import { TG210 } from './TG210';
import { TG211 } from './TG211';
import { TG212 } from './TG212';
import { TG213 } from './TG213';

export const rules: Rule[] = [TG201, TG202, TG203, TG204, TG205, TG206, TG207, TG208, TG209, TG210, TG211, TG212, TG213] as Rule[];
