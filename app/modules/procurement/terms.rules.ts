/**
 * Restrictive terms (设置不合理条件限制、排斥潜在中介机构), checked as data. A rule set is a versioned
 * list of rules published by the platform authority; each rule names its category, the wording that
 * breaks it (regular expressions over one sentence), the wording that makes the same sentence
 * acceptable, the message shown next to the field and the policy it rests on. The checker below is
 * pure: the same text, item and rule set always give the same problems, every one of them.
 */

export const TERM_CATEGORIES = [
  "localPresence",
  "ownership",
  "size",
  "gradeBeyondItem",
  "namedParty",
  "localPerformance",
  "association",
  "unrelated",
] as const;
export type TermCategory = (typeof TERM_CATEGORIES)[number];

/** The text fields of a project the terms are read from, in the order they are shown. */
export const TERM_FIELDS = ["title", "description", "deliverables"] as const;
export type TermField = (typeof TERM_FIELDS)[number];

/** Where a rule comes from: a key a reader can look up (a seed file and item, or a statute and article) and its words. */
export interface TermBasis {
  key: string;
  text: string;
}

/**
 * Built-in matchers for what a pattern alone cannot decide. `gradeBeyondItem`: the sentence asks for a
 * qualification grade (甲级, 乙级及以上 …) that the catalogue item does not require, or a higher one
 * than the lowest grade it accepts.
 */
export const TERM_MATCHERS = ["gradeBeyondItem"] as const;
export type TermMatcher = (typeof TERM_MATCHERS)[number];

export interface TermRule {
  /** Stable within the rule set's history: a problem names the rule by it. */
  id: string;
  category: TermCategory;
  /** Regular-expression sources (Unicode); any one matching a sentence is a problem. */
  patterns: string[];
  /** Regular-expression sources; when one matches the same sentence the wording is acceptable. */
  unless?: string[];
  matcher?: TermMatcher;
  /** Translation key of the message shown next to the field. */
  messageKey: string;
  basis: TermBasis[];
}

export interface TermRuleSet {
  version: number;
  /**
   * Words that, just before a match in the same clause, turn it into the opposite (不得指定…, 不限注册地…):
   * a notice that says what it will not require is acceptable.
   */
  negations: string[];
  rules: TermRule[];
}

export interface TermProblem {
  field: TermField;
  ruleId: string;
  category: TermCategory;
  messageKey: string;
  basis: TermBasis[];
  /** The sentence the rule found, as written. */
  excerpt: string;
  /** The rule set version that found it. */
  version: number;
}

/** What the checker knows of the catalogue item: the qualification the law requires for it, if any. */
export interface TermItemContext {
  requiredQualification: string | null;
}

/** Sentences: a rule never reads across a full stop, a semicolon or a line. */
export function sentences(text: string): string[] {
  return text
    .split(/[。；;！!？?\n\r]+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

interface Compiled {
  rule: TermRule;
  patterns: RegExp[];
  unless: RegExp[];
}

const compiledSets = new WeakMap<TermRuleSet, { negation: RegExp | null; rules: Compiled[] }>();

function compile(set: TermRuleSet) {
  let c = compiledSets.get(set);
  if (!c) {
    c = {
      negation: set.negations.length ? new RegExp(`(?:${set.negations.join("|")})`, "u") : null,
      rules: set.rules.map((rule) => ({
        rule,
        patterns: rule.patterns.map((p) => new RegExp(p, "gu")),
        unless: (rule.unless ?? []).map((p) => new RegExp(p, "u")),
      })),
    };
    compiledSets.set(set, c);
  }
  return c;
}

/** The clause (between commas) before position `at` in a sentence. */
function clauseBefore(sentence: string, at: number): string {
  const head = sentence.slice(0, at);
  const cut = Math.max(head.lastIndexOf("，"), head.lastIndexOf(","), head.lastIndexOf("、"), head.lastIndexOf("："));
  return head.slice(cut + 1);
}

function negated(negation: RegExp | null, sentence: string, at: number): boolean {
  return !!negation && negation.test(clauseBefore(sentence, at));
}

/** A match of any pattern that is not negated by the words just before it. */
function patternHit(c: Compiled, negation: RegExp | null, sentence: string): boolean {
  if (c.unless.some((u) => u.test(sentence))) return false;
  for (const re of c.patterns) {
    re.lastIndex = 0;
    for (const m of sentence.matchAll(re)) if (!negated(negation, sentence, m.index ?? 0)) return true;
  }
  return false;
}

// Grades, highest first within each family; 甲/一 and 乙/二 and 丙/三 rank alike.
const GRADE_RANK: Record<string, number> = {
  特级: 4,
  甲级: 3,
  一级: 3,
  壹级: 3,
  乙级: 2,
  二级: 2,
  贰级: 2,
  丙级: 1,
  三级: 1,
  叁级: 1,
};
const GRADE_RE = /(特级|甲级|乙级|丙级|一级|二级|三级|壹级|贰级|叁级)/gu;

/** The lowest grade a qualification text accepts (甲级或乙级 → 2), or null when it names no grade. */
export function lowestGrade(text: string | null): number | null {
  if (!text) return null;
  const ranks = [...text.matchAll(GRADE_RE)].map((m) => GRADE_RANK[m[1]!]!);
  return ranks.length ? Math.min(...ranks) : null;
}

/**
 * Does the sentence ask for a grade beyond the item's requirement? Only a sentence about a
 * qualification (资质) counts; "乙级及以上" asks for 乙级; "甲级或乙级" for 乙级.
 */
export function gradeBeyondItem(sentence: string, item: TermItemContext, negation: RegExp | null): boolean {
  if (!/资质/u.test(sentence)) return false;
  const asked = [...sentence.matchAll(GRADE_RE)].filter((m) => !negated(negation, sentence, m.index ?? 0));
  if (!asked.length) return false;
  const lowestAsked = Math.min(...asked.map((m) => GRADE_RANK[m[1]!]!));
  const itemLowest = lowestGrade(item.requiredQualification);
  return itemLowest === null || lowestAsked > itemLowest;
}

/**
 * Every problem in the project's text fields under the rule set: one per field, rule and sentence, in
 * field order, then sentence order, then rule order.
 */
export function termProblems(
  fields: Partial<Record<TermField, string | null | undefined>>,
  item: TermItemContext,
  set: TermRuleSet,
): TermProblem[] {
  const { negation, rules } = compile(set);
  const out: TermProblem[] = [];
  for (const field of TERM_FIELDS) {
    for (const sentence of sentences(fields[field] ?? "")) {
      for (const c of rules) {
        const hit =
          (c.rule.matcher === "gradeBeyondItem" && !c.unless.some((u) => u.test(sentence)) && gradeBeyondItem(sentence, item, negation)) ||
          patternHit(c, negation, sentence);
        if (hit)
          out.push({
            field,
            ruleId: c.rule.id,
            category: c.rule.category,
            messageKey: c.rule.messageKey,
            basis: c.rule.basis,
            excerpt: sentence,
            version: set.version,
          });
      }
    }
  }
  return out;
}

/** Field → the message keys of its problems, each key once, for a form's field messages. */
export function problemsByField(problems: readonly TermProblem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const keys = (out[p.field] ??= []);
    if (!keys.includes(p.messageKey)) keys.push(p.messageKey);
  }
  return out;
}
