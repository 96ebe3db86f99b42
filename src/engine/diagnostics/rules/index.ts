// Every diagnostic rule. Adding a rule: write its module in this folder and list it here.
import type { Rule } from '../types';

export const ALL_RULES: Rule<object>[] = [];
