import assert from 'node:assert/strict';
import { compilePathTemplate, parsePathTemplate, PathTemplateError } from '../../../src/routes';

describe('parsePathTemplate', () => {
  it('reads literal segments', () => {
    const t = parsePathTemplate('/v1/groups');
    assert.deepEqual(t.segments, [
      { kind: 'literal', value: 'v1' },
      { kind: 'literal', value: 'groups' },
    ]);
    assert.deepEqual(t.variables, []);
    assert.equal(t.verb, '');
  });

  it('reads {field.path} as a variable over one segment', () => {
    const t = parsePathTemplate('/v1/{book.name}');
    assert.deepEqual(t.segments[1], { kind: 'any' });
    assert.deepEqual(t.variables, [{ fieldPath: 'book.name', start: 1, end: 2 }]);
  });

  it('reads {name=shelves/*} as a variable over its pattern', () => {
    const t = parsePathTemplate('/v1/{name=shelves/*/books/*}');
    assert.deepEqual(t.variables, [{ fieldPath: 'name', start: 1, end: 5 }]);
    assert.deepEqual(t.segments.slice(1), [
      { kind: 'literal', value: 'shelves' },
      { kind: 'any' },
      { kind: 'literal', value: 'books' },
      { kind: 'any' },
    ]);
  });

  it('reads * and ** outside variables', () => {
    const t = parsePathTemplate('/v1/*/files/**');
    assert.deepEqual(
      t.segments.map((s) => s.kind),
      ['literal', 'any', 'literal', 'rest'],
    );
    assert.deepEqual(t.variables, []);
  });

  it('splits a custom verb off the end', () => {
    const t = parsePathTemplate('/v1/groups/{group_id}:publish');
    assert.equal(t.verb, 'publish');
    assert.deepEqual(t.variables, [{ fieldPath: 'group_id', start: 2, end: 3 }]);
    assert.equal(parsePathTemplate('/v1/{name=jobs/*}:run').verb, 'run');
  });

  const malformed: [string, RegExp][] = [
    ['', /must start with '\/'/],
    ['v1/groups', /must start with '\/'/],
    ['/v1//groups', /empty segment/],
    ['/v1/groups/', /empty segment/],
    ['/v1/{group_id', /unbalanced '\{'/],
    ['/v1/group_id}', /unbalanced '\}'/],
    ['/v1/{a={b}}', /cannot nest/],
    ['/v1/{a}x', /mixes a variable/],
    ['/v1/{1a}', /not a field path/],
    ['/v1/{a.}', /not a field path/],
    ['/v1/{a}/{a}', /appears twice/],
    ['/v1/**/x', /'\*\*' must be the last segment/],
    ['/v1/groups:', /verb/],
    ['/v1/a:b/c', /verb/],
    ['/v1/a b', /not a valid literal/],
    ['/v1/{a=}', /empty segment/],
  ];
  for (const [template, reason] of malformed) {
    it(`refuses ${JSON.stringify(template)} with an error saying why`, () => {
      assert.throws(
        () => parsePathTemplate(template),
        (err: unknown) =>
          err instanceof PathTemplateError && reason.test(err.message) && err.message.includes(template),
      );
    });
  }
});

describe('compilePathTemplate', () => {
  it('matches literal segments exactly and nothing longer or shorter', () => {
    const match = compilePathTemplate('/v1/groups');
    assert.deepEqual(match('/v1/groups'), {});
    assert.equal(match('/v1/groups/x'), null);
    assert.equal(match('/v1'), null);
    assert.equal(match('/v1/Groups'), null);
    assert.equal(match('v1/groups'), null);
  });

  it('captures a single-segment variable URL-decoded', () => {
    const match = compilePathTemplate('/v1/groups/{group_id}');
    assert.deepEqual(match('/v1/groups/g%C3%A1%20b'), { group_id: 'gá b' });
    assert.deepEqual(match('/v1/groups/a%2Fb'), { group_id: 'a/b' });
  });

  it('never matches an empty segment with *', () => {
    assert.equal(compilePathTemplate('/v1/groups/{group_id}/quotas')('/v1/groups//quotas'), null);
  });

  it('captures a multi-segment variable with its slashes, keeping encoded slashes encoded', () => {
    const match = compilePathTemplate('/v1/{name=shelves/*/books/*}');
    assert.deepEqual(match('/v1/shelves/s1/books/b%201'), { name: 'shelves/s1/books/b 1' });
    assert.equal(match('/v1/shelves/s1/cds/b1'), null);
    const files = compilePathTemplate('/v1/files/{path=**}');
    assert.deepEqual(files('/v1/files/a/b%2Fc/d'), { path: 'a/b%2Fc/d' });
    assert.deepEqual(files('/v1/files/x'), { path: 'x' });
    assert.deepEqual(files('/v1/files'), { path: '' });
  });

  it('matches * and ** outside variables without capturing them', () => {
    const match = compilePathTemplate('/v1/*/files/**');
    assert.deepEqual(match('/v1/a/files/b/c'), {});
    assert.equal(match('/v1/a/docs/b'), null);
  });

  it('requires the custom verb and strips it before matching the segments', () => {
    const match = compilePathTemplate('/v1/groups/{group_id}:publish');
    assert.deepEqual(match('/v1/groups/g1:publish'), { group_id: 'g1' });
    assert.equal(match('/v1/groups/g1:cancel'), null);
    assert.equal(match('/v1/groups/g1'), null);
    assert.deepEqual(compilePathTemplate('/v1/{name=jobs/*}:run')('/v1/jobs/j1:run'), { name: 'jobs/j1' });
  });

  it('keeps a colon inside a variable when the template has no verb', () => {
    assert.deepEqual(compilePathTemplate('/v1/groups/{group_id}')('/v1/groups/a:b'), { group_id: 'a:b' });
  });

  it('never matches a malformed percent escape', () => {
    assert.equal(compilePathTemplate('/v1/groups/{group_id}')('/v1/groups/%E0%A4%A'), null);
  });
});
