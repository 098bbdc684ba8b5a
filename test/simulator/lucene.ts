/**
 * The subset of Lucene query syntax the user search needs (Auth0 search
 * engine v3): field clauses joined by AND or OR, negated by NOT, grouped in
 * parentheses (Auth0, "User Search Query Syntax": "Operators (AND, OR, NOT)
 * work on all normalized user fields", capitalized; parentheses group
 * sub-queries). AND binds tighter than OR.
 *
 *   created_at:[2020-01-01T00:00:00.000Z TO *]   range, [ ] inclusive, { } exclusive, mixable
 *   created_at:"2020-01-01T00:00:00.000Z"        exact (dates compare as epoch ms)
 *   user_id:auth0\|65a*                          prefix (trailing *, backslash escapes)
 *   email:"jane@example.com"                     exact
 *   field:*                                      field exists
 *
 *   (user_id:a* OR user_id:b*) AND NOT user_id:c*   boolean operators
 *
 * Anything else (free text, fuzzy, regex, inner wildcards, `+`/`-`/`!`
 * prefix operators...) is a LuceneSyntaxError, which the server answers
 * with a 400.
 */

export class LuceneSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LuceneSyntaxError';
  }
}

export interface RangeBound {
  /** epoch ms for date fields, a number for numeric bounds, else the raw string */
  value: number | string;
  inclusive: boolean;
}

export interface RangeClause {
  kind: 'range';
  field: string;
  /** undefined = open end (`*`) */
  lower?: RangeBound;
  upper?: RangeBound;
}

export interface TermClause {
  kind: 'term';
  field: string;
  value: string;
  /** set for date fields: the value as epoch ms */
  ms?: number;
}

export interface PrefixClause {
  kind: 'prefix';
  field: string;
  prefix: string;
}

export interface ExistsClause {
  kind: 'exists';
  field: string;
}

/** Matches when every clause of at least one branch matches (OR). */
export interface AnyClause {
  kind: 'any';
  branches: LuceneClause[][];
}

/** Matches when not every clause matches (NOT). */
export interface NotClause {
  kind: 'not';
  clauses: LuceneClause[];
}

export type LuceneClause =
  | RangeClause
  | TermClause
  | PrefixClause
  | ExistsClause
  | AnyClause
  | NotClause;

export interface LuceneQuery {
  /** all must match (conjunction) */
  clauses: LuceneClause[];
}

export const DATE_FIELDS: ReadonlySet<string> = new Set([
  'created_at',
  'updated_at',
  'last_login',
  'last_password_reset',
]);

const SPECIALS = new Set([
  '+',
  '-',
  '&',
  '|',
  '!',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '^',
  '"',
  '~',
  '*',
  '?',
  ':',
  '\\',
  '/',
]);

/** Lucene-escapes a value (what a client must do for an unquoted term). */
export function escapeLucene(value: string): string {
  let out = '';
  for (const char of value) out += SPECIALS.has(char) ? `\\${char}` : char;
  return out;
}

/** Removes backslash escapes. */
export function unescapeLucene(value: string): string {
  return value.replace(/\\(.)/gs, '$1');
}

// ---------------------------------------------------------------------------
// Parser

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): LuceneQuery {
    this.skipSpace();
    if (this.atEnd()) throw new LuceneSyntaxError('empty query');
    const clauses = this.disjunction();
    this.skipSpace();
    if (!this.atEnd()) {
      this.fail(this.peek() === ')' ? 'unbalanced ")"' : 'unexpected input');
    }
    return { clauses };
  }

  /** conjunction (OR conjunction)* */
  private disjunction(): LuceneClause[] {
    const branches = [this.conjunction()];
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      if (this.operator() !== 'OR') {
        this.pos = before;
        break;
      }
      this.skipSpace();
      branches.push(this.conjunction());
    }
    return branches.length === 1 ? branches[0] : [{ kind: 'any', branches }];
  }

  /** unary (AND unary)* */
  private conjunction(): LuceneClause[] {
    const clauses = this.unary();
    for (;;) {
      const before = this.pos;
      const hadSpace = this.skipSpace();
      if (this.atEnd() || this.peek() === ')') {
        this.pos = before;
        return clauses;
      }
      const operator = this.operator();
      if (operator === 'AND') {
        this.skipSpace();
        clauses.push(...this.unary());
        continue;
      }
      if (operator === 'OR') {
        this.pos = before;
        return clauses;
      }
      if (operator) this.fail(`use AND ${operator} to combine clauses`);
      if (!hadSpace) this.fail('unexpected input');
      this.fail('clauses must be joined with AND or OR');
    }
  }

  /** NOT unary | primary */
  private unary(): LuceneClause[] {
    const before = this.pos;
    if (this.operator() === 'NOT') {
      this.skipSpace();
      return [{ kind: 'not', clauses: this.unary() }];
    }
    this.pos = before;
    return this.primary();
  }

  private operator(): string | undefined {
    const match = /^(AND|OR|NOT|&&|\|\|)(?=[\s(]|$)/.exec(
      this.text.slice(this.pos),
    );
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[1] === '&&' ? 'AND' : match[1];
  }

  private primary(): LuceneClause[] {
    if (this.peek() === '(') {
      this.pos++;
      this.skipSpace();
      const clauses = this.disjunction();
      this.skipSpace();
      if (this.peek() !== ')') this.fail('missing ")"');
      this.pos++;
      return clauses;
    }
    if (this.operator()) this.fail('unexpected operator');
    return [this.clause()];
  }

  private clause(): LuceneClause {
    const field = this.fieldName();
    const next = this.peek();
    if (next === '[' || next === '{') return this.range(field);
    if (next === '"') return termClause(field, this.quoted());
    return this.bare(field);
  }

  private fieldName(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_.]*(?=:)/.exec(
      this.text.slice(this.pos),
    );
    if (!match) {
      const first = this.peek();
      if (first === '-' || first === '+' || first === '!') {
        this.fail('prefix operators are not supported');
      }
      this.fail('expected field:value (free-text search is not supported)');
    }
    this.pos += match[0].length + 1;
    return match[0];
  }

  private range(field: string): RangeClause {
    const lowerInclusive = this.text[this.pos++] === '[';
    this.skipSpace();
    const lower = this.rangeValue();
    if (!this.skipSpace() || this.text.slice(this.pos, this.pos + 2) !== 'TO') {
      this.fail('expected TO in range');
    }
    this.pos += 2;
    if (!this.skipSpace()) this.fail('expected a space after TO');
    const upper = this.rangeValue();
    this.skipSpace();
    const close = this.text[this.pos++];
    if (close !== ']' && close !== '}') {
      this.fail('expected "]" or "}" to close the range');
    }
    return {
      kind: 'range',
      field,
      lower:
        lower === undefined
          ? undefined
          : rangeBound(field, lower, lowerInclusive, 'lower'),
      upper:
        upper === undefined
          ? undefined
          : rangeBound(field, upper, close === ']', 'upper'),
    };
  }

  /** undefined = `*` */
  private rangeValue(): string | undefined {
    if (this.peek() === '"') return this.quoted();
    let raw = '';
    while (!this.atEnd()) {
      const char = this.text[this.pos];
      if (/\s/.test(char) || char === ']' || char === '}') break;
      if (char === '\\') {
        raw += this.text.slice(this.pos, this.pos + 2);
        this.pos += 2;
        continue;
      }
      if (char === '[' || char === '{' || char === '"') {
        this.fail(`unexpected "${char}" in range`);
      }
      raw += char;
      this.pos++;
    }
    if (raw === '') this.fail('empty range bound');
    if (raw === '*') return undefined;
    if (/(^|[^\\])[*?]/.test(raw)) {
      this.fail('wildcards are not supported in ranges');
    }
    return unescapeLucene(raw);
  }

  private quoted(): string {
    this.pos++; // opening quote
    let value = '';
    while (!this.atEnd()) {
      const char = this.text[this.pos++];
      if (char === '"') {
        if (this.peek() === '~') this.fail('proximity search is not supported');
        return value;
      }
      if (char === '\\') {
        if (this.atEnd()) break;
        value += this.text[this.pos++];
        continue;
      }
      value += char;
    }
    return this.fail('unterminated quoted string');
  }

  private bare(field: string): LuceneClause {
    let value = '';
    let wildcardAt = -1;
    while (!this.atEnd()) {
      const char = this.text[this.pos];
      if (/\s/.test(char) || char === ')') break;
      if (char === '\\') {
        if (this.pos + 1 >= this.text.length) this.fail('dangling escape "\\"');
        value += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (char === '*' || char === '?') {
        if (char === '?' || wildcardAt >= 0) {
          this.fail('only a trailing * wildcard is supported');
        }
        wildcardAt = value.length;
      } else if (wildcardAt >= 0) {
        this.fail('only a trailing * wildcard is supported');
      } else if (
        '():"[]{}^~!/'.includes(char) ||
        this.text.startsWith('&&', this.pos) ||
        this.text.startsWith('||', this.pos)
      ) {
        this.fail(`unescaped special character "${char}" in value`);
      }
      if (char !== '*') value += char;
      this.pos++;
    }
    if (value === '' && wildcardAt < 0) {
      this.fail(`missing value for field ${field}`);
    }
    if (wildcardAt < 0) return termClause(field, value);
    if (value === '') return { kind: 'exists', field };
    return { kind: 'prefix', field, prefix: value };
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (!this.atEnd() && /\s/.test(this.text[this.pos])) this.pos++;
    return this.pos > start;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private fail(message: string): never {
    throw new LuceneSyntaxError(`${message} at position ${this.pos}`);
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function parseDate(field: string, value: string): number {
  const ms = DATE_ONLY.test(value)
    ? Date.parse(`${value}T00:00:00.000Z`)
    : Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new LuceneSyntaxError(`invalid date "${value}" for field ${field}`);
  }
  return ms;
}

function termClause(field: string, value: string): TermClause {
  return DATE_FIELDS.has(field)
    ? { kind: 'term', field, value, ms: parseDate(field, value) }
    : { kind: 'term', field, value };
}

function rangeBound(
  field: string,
  raw: string,
  inclusive: boolean,
  side: 'lower' | 'upper',
): RangeBound {
  if (DATE_FIELDS.has(field)) {
    let ms = parseDate(field, raw);
    // Like Elasticsearch: a date without time rounds up to the day's end for `]` upper and `{` lower bounds.
    const roundsUp = (side === 'upper') === inclusive;
    if (DATE_ONLY.test(raw) && roundsUp) ms += DAY_MS - 1;
    return { value: ms, inclusive };
  }
  const asNumber = Number(raw);
  return {
    value: raw.trim() !== '' && Number.isFinite(asNumber) ? asNumber : raw,
    inclusive,
  };
}

export function parseLucene(text: string): LuceneQuery {
  return new Parser(text).parse();
}

// ---------------------------------------------------------------------------
// Matching

function toComparable(
  field: string,
  value: unknown,
): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (DATE_FIELDS.has(field) && typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function withinBounds(value: number | string, clause: RangeClause): boolean {
  const { lower, upper } = clause;
  if (lower) {
    if (typeof lower.value !== typeof value) return false;
    if (lower.inclusive ? value < lower.value : value <= lower.value) {
      return false;
    }
  }
  if (upper) {
    if (typeof upper.value !== typeof value) return false;
    if (upper.inclusive ? value > upper.value : value >= upper.value) {
      return false;
    }
  }
  return true;
}

function equalsTerm(
  field: string,
  value: unknown,
  clause: TermClause,
): boolean {
  if (clause.ms !== undefined) return toComparable(field, value) === clause.ms;
  if (typeof value === 'string') {
    // E-mail addresses are indexed lower-cased.
    return field === 'email'
      ? value.toLowerCase() === clause.value.toLowerCase()
      : value === clause.value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value) === clause.value;
  }
  return false;
}

/** Reads a top-level or dotted field (`app_metadata.plan`). */
export function fieldValue(
  record: Record<string, unknown>,
  field: string,
): unknown {
  if (!field.includes('.')) return record[field];
  let current: unknown = record;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function matchesClause(
  clause: LuceneClause,
  record: Record<string, unknown>,
): boolean {
  if (clause.kind === 'any') {
    return clause.branches.some((branch) =>
      branch.every((c) => matchesClause(c, record)),
    );
  }
  if (clause.kind === 'not') {
    return !clause.clauses.every((c) => matchesClause(c, record));
  }
  const value = fieldValue(record, clause.field);
  switch (clause.kind) {
    case 'exists':
      return value !== undefined && value !== null;
    case 'prefix':
      return typeof value === 'string' && value.startsWith(clause.prefix);
    case 'term':
      return Array.isArray(value)
        ? value.some((item) => equalsTerm(clause.field, item, clause))
        : equalsTerm(clause.field, value, clause);
    case 'range': {
      const comparable = toComparable(clause.field, value);
      return comparable !== undefined && withinBounds(comparable, clause);
    }
  }
}

export function matchesQuery(
  query: LuceneQuery,
  record: Record<string, unknown>,
): boolean {
  return query.clauses.every((clause) => matchesClause(clause, record));
}
