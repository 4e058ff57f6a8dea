import assert from 'node:assert/strict';
import { findHandler, topicMatches } from '../../../src/bus';

describe('bus: topicMatches', () => {
  const cases: Array<[string, string, boolean]> = [
    ['groups.group.created', 'groups.group.created', true],
    ['groups.group.created', 'groups.group.closed', false],
    ['groups.*.created', 'groups.group.created', true],
    ['groups.*', 'groups.group.created', false],
    ['groups.#', 'groups.group.created', true],
    ['groups.#', 'groups', true],
    ['#', 'a.b.c', true],
    ['#.created', 'groups.group.created', true],
    ['groups.#.created', 'groups.created', true],
    ['groups.#.created', 'groups.group.closed', false],
    ['*.*.*', 'a.b', false],
  ];
  for (const [pattern, key, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${key}`, () => {
      assert.equal(topicMatches(pattern, key), expected);
    });
  }
});

describe('bus: findHandler', () => {
  it('prefers an exact key, then the first matching pattern', () => {
    const handlers = { 'groups.#': 'any', 'groups.group.created': 'exact', 'groups.*.closed': 'closed' };
    assert.equal(findHandler(handlers, 'groups.group.created'), 'exact');
    assert.equal(findHandler(handlers, 'groups.group.closed'), 'any');
    assert.equal(findHandler(handlers, 'payments.x.y'), undefined);
  });
});
