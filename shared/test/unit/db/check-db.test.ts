import assert from 'node:assert/strict';
import { isUnreachable, isSerializationFailure, qualifiedTable } from '../../../src/db';

describe('db: isUnreachable', () => {
  it('recognises refused connections, terminated sessions, shutdowns and pool timeouts', () => {
    assert.ok(isUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })));
    assert.ok(isUnreachable(new Error('Connection terminated unexpectedly')));
    assert.ok(isUnreachable(Object.assign(new Error('terminating connection'), { code: '57P01' })));
    assert.ok(isUnreachable(Object.assign(new Error('x'), { code: '08006' })));
    assert.ok(
      isUnreachable(Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' })),
    );
    assert.ok(isUnreachable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])));
  });

  it('does not mistake query errors for an unreachable database', () => {
    assert.equal(isUnreachable(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
    assert.equal(isUnreachable(new Error('syntax error')), false);
    assert.equal(isUnreachable(undefined), false);
  });
});

describe('db: isSerializationFailure', () => {
  it('is true for 40001 and 40P01 only', () => {
    assert.ok(isSerializationFailure({ code: '40001' }));
    assert.ok(isSerializationFailure({ code: '40P01' }));
    assert.equal(isSerializationFailure({ code: '23505' }), false);
  });
});

describe('db: qualifiedTable', () => {
  it('quotes schema and table, refusing anything but plain identifiers', () => {
    assert.equal(qualifiedTable('groups', 'outbox'), '"groups"."outbox"');
    assert.throws(() => qualifiedTable('groups"; drop table x; --', 'outbox'));
    assert.throws(() => qualifiedTable('Groups', 'outbox'));
  });
});
