import {
  escapeLucene,
  LuceneSyntaxError,
  matchesQuery,
  parseLucene,
} from './lucene';

const user = {
  user_id: 'auth0|65a1b2c3d4e5f60718293a4b',
  email: 'Jose.Alvarez@example.com',
  created_at: '2022-03-04T15:02:01.743Z',
  logins_count: 12,
  app_metadata: { plan: 'pro' },
};

function matches(q: string): boolean {
  return matchesQuery(parseLucene(q), user);
}

describe('parseLucene', () => {
  it('parses inclusive, exclusive, mixed and open ranges on dates as epoch ms', () => {
    expect(
      parseLucene(
        'created_at:[2020-01-01T00:00:00.000Z TO 2020-02-01T00:00:00.000Z}',
      ),
    ).toEqual({
      clauses: [
        {
          kind: 'range',
          field: 'created_at',
          lower: {
            value: Date.parse('2020-01-01T00:00:00.000Z'),
            inclusive: true,
          },
          upper: {
            value: Date.parse('2020-02-01T00:00:00.000Z'),
            inclusive: false,
          },
        },
      ],
    });
    expect(
      parseLucene('created_at:{* TO "2020-02-01T00:00:00.000Z"]').clauses[0],
    ).toEqual({
      kind: 'range',
      field: 'created_at',
      lower: undefined,
      upper: { value: Date.parse('2020-02-01T00:00:00.000Z'), inclusive: true },
    });
  });

  it('unescapes backslash escapes, including |', () => {
    expect(parseLucene('user_id:auth0\\|65a*').clauses).toEqual([
      { kind: 'prefix', field: 'user_id', prefix: 'auth0|65a' },
    ]);
    expect(
      parseLucene(`created_at:${escapeLucene('2022-03-04T15:02:01.743Z')}`)
        .clauses[0],
    ).toMatchObject({
      kind: 'term',
      ms: Date.parse('2022-03-04T15:02:01.743Z'),
    });
  });

  it('joins clauses with AND, with or without parentheses', () => {
    const q =
      '(created_at:[2022-01-01 TO *] AND user_id:auth0\\|65*) && email:"jose.alvarez@example.com"';
    expect(parseLucene(q).clauses).toHaveLength(3);
    expect(matches(q)).toBe(true);
  });

  it.each([
    ['free text', 'jose'],
    ['prefix operator', '-email:"a@b.c"'],
    ['NOT without AND', 'email:"a@b.c" NOT user_id:"x"'],
    ['implicit operator', 'email:"a@b.c" user_id:"x"'],
    ['inner wildcard', 'user_id:auth0*65'],
    ['unescaped colon', 'created_at:2022-03-04T15:02:01.743Z'],
    ['bad date', 'created_at:[yesterday TO *]'],
    ['unterminated range', 'created_at:[2020-01-01 TO *'],
    ['unbalanced parenthesis', '(email:"a@b.c"'],
    ['empty', '   '],
    ['fuzzy', 'email:"a@b.c"~2'],
  ])('rejects %s', (_name, q) => {
    expect(() => parseLucene(q)).toThrow(LuceneSyntaxError);
  });
});

describe('boolean operators (Auth0: "Operators (AND, OR, NOT) work on all normalized user fields")', () => {
  it('matches OR when any branch matches, and binds AND tighter than OR', () => {
    expect(matches('email:"a@b.c" OR user_id:auth0\\|65*')).toBe(true);
    expect(matches('email:"a@b.c" OR user_id:"x"')).toBe(false);
    expect(matches('user_id:"x" AND email:"a@b.c" OR user_id:auth0*')).toBe(
      true,
    );
    expect(
      parseLucene('(user_id:a* OR user_id:b*) AND created_at:[* TO *]').clauses,
    ).toHaveLength(2);
  });

  it('negates a clause or a group with NOT', () => {
    expect(matches('NOT user_id:auth0*')).toBe(false);
    expect(matches('NOT (user_id:x* OR user_id:y*)')).toBe(true);
    expect(
      matches(
        'created_at:[2022-01-01 TO *] AND NOT (user_id:auth0\\|6* OR user_id:x*)',
      ),
    ).toBe(false);
  });
});

describe('matchesQuery', () => {
  it('compares date ranges and exact dates as epoch ms with inclusive/exclusive ends', () => {
    expect(matches('created_at:[2022-03-04T15:02:01.743Z TO *]')).toBe(true);
    expect(matches('created_at:{2022-03-04T15:02:01.743Z TO *]')).toBe(false);
    expect(matches('created_at:[* TO 2022-03-04T15:02:01.743Z]')).toBe(true);
    expect(matches('created_at:[* TO 2022-03-04T15:02:01.743Z}')).toBe(false);
    expect(matches('created_at:"2022-03-04T15:02:01.743Z"')).toBe(true);
    expect(matches('created_at:"2022-03-04T15:02:01.744Z"')).toBe(false);
  });

  it('rounds date-only bounds like Elasticsearch', () => {
    expect(matches('created_at:[2022-03-01 TO 2022-03-04]')).toBe(true);
    expect(matches('created_at:[2022-03-01 TO 2022-03-04}')).toBe(false);
    expect(matches('created_at:{2022-03-04 TO *]')).toBe(false);
  });

  it('matches exact values, prefixes, numbers, nested fields and existence', () => {
    expect(matches('user_id:"auth0|65a1b2c3d4e5f60718293a4b"')).toBe(true);
    expect(matches('user_id:"auth0|65a1"')).toBe(false);
    expect(matches('user_id:google\\-oauth2\\|*')).toBe(false);
    expect(matches('email:"jose.alvarez@example.com"')).toBe(true);
    expect(matches('logins_count:[10 TO 20]')).toBe(true);
    expect(matches('app_metadata.plan:pro')).toBe(true);
    expect(matches('email:*')).toBe(true);
    expect(matches('last_login:*')).toBe(false);
  });
});
