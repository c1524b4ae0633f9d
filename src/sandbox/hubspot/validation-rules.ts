// A portal admin's validation rules, as HubSpot enforces them on API writes from 2026-09: a rule
// refuses some values of one property, on every record or only on records that hold given
// values (a conditional rule). A refused record is not written and comes back as one of the
// batch answer's errors[] with the rule's message; the rest of the batch is written.

export interface ValidationRule {
  /** The object type the rule governs: `companies`, `tasks`, ... */
  objectType: string;
  /** The property whose new value is checked. */
  property: string;
  /** Values the rule refuses. */
  refuses: readonly string[];
  /** Only on records whose properties (as the write would leave them) hold these values. Default: every record. */
  when?: Readonly<Record<string, string>>;
  /** What the admin wrote for users to read; HubSpot returns it as the error's message. */
  message: string;
}

/** The first rule a write breaks: the record's properties as they are and the values written. */
export function brokenRule(rules: readonly ValidationRule[], objectType: string, current: Readonly<Record<string, string | null>>, written: Readonly<Record<string, string>>): ValidationRule | null {
  const after = { ...current, ...written };
  for (const rule of rules) {
    if (rule.objectType !== objectType || !(rule.property in written)) continue;
    if (!rule.refuses.includes(written[rule.property]!)) continue;
    if (Object.entries(rule.when ?? {}).every(([name, value]) => after[name] === value)) return rule;
  }
  return null;
}

/** The per-record error of a refused write (StandardError), naming the record and our trace id. */
export function ruleError(rule: ValidationRule, id: string | null, objectWriteTraceId: string | undefined) {
  return {
    status: 'error',
    category: 'VALIDATION_ERROR',
    message: rule.message,
    context: { ...(id ? { ids: [id] } : {}), propertyName: [rule.property], ...(objectWriteTraceId ? { objectWriteTraceId: [objectWriteTraceId] } : {}) },
    errors: [{ message: rule.message, code: 'VALIDATION_RULE', context: { propertyName: [rule.property] } }],
    links: {},
  };
}
