import assert from 'node:assert/strict';
import { bool, int, oneOf, optional, optionalStr, port, str, url } from '../../../src/config';

describe('config fields', () => {
  it('port accepts 1..65535 and rejects 0, 65536, decimals and words', () => {
    assert.equal(port().parse('1'), 1);
    assert.equal(port().parse(' 65535 '), 65535);
    for (const bad of ['0', '65536', '80.5', 'http', '-1']) {
      assert.equal(port().safeParse(bad).success, false, bad);
    }
  });

  it('int enforces its bounds and names them in the rule', () => {
    const r = int({ min: 1, max: 10 }).safeParse('11');
    assert.equal(r.success, false);
    assert.equal(r.error?.issues[0]?.message, 'must be an integer 1..10');
    assert.equal(int().parse('-42'), -42);
    assert.equal(int().safeParse('99999999999999999999').success, false);
  });

  it('bool reads true/false, 1/0, yes/no and on/off in any case', () => {
    for (const t of ['true', 'TRUE', '1', 'yes', 'On']) assert.equal(bool().parse(t), true, t);
    for (const f of ['false', '0', 'No', 'off']) assert.equal(bool().parse(f), false, f);
    assert.equal(bool().safeParse('y').success, false);
    assert.equal(bool({ default: false }).parse(undefined), false);
  });

  it('url rejects relative URLs and schemes outside the allowed list', () => {
    assert.equal(url().parse('postgres://u@h:5432/db'), 'postgres://u@h:5432/db');
    assert.equal(url().safeParse('localhost:5432').success, true, 'a scheme-like prefix still parses as a URL');
    assert.equal(url().safeParse('/relative').success, false);
    const redis = url({ protocols: ['redis', 'rediss'] });
    assert.equal(redis.safeParse('redis://127.0.0.1:6379').success, true);
    const r = redis.safeParse('http://127.0.0.1:6379');
    assert.equal(r.error?.issues[0]?.message, 'must be a URL (redis:// or rediss://)');
  });

  it('str keeps the value as written and uses its default when missing', () => {
    assert.equal(str().parse(' a b '), ' a b ');
    assert.equal(str({ default: 'x' }).parse(undefined), 'x');
    assert.equal(str().safeParse(undefined).error?.issues[0]?.message, 'is required');
  });

  it('optionalStr and optional give undefined when missing but still validate a present value', () => {
    assert.equal(optionalStr().parse(undefined), undefined);
    assert.equal(optionalStr().parse(''), undefined);
    assert.equal(optionalStr().parse('v'), 'v');
    assert.equal(optional(port()).parse(undefined), undefined);
    assert.equal(optional(port()).safeParse('0').error?.issues[0]?.message, 'must be an integer 1..65535');
  });

  it('oneOf accepts only the listed values', () => {
    const level = oneOf(['info', 'debug'], { default: 'info' });
    assert.equal(level.parse('debug'), 'debug');
    assert.equal(level.parse(undefined), 'info');
    assert.equal(level.safeParse('loud').error?.issues[0]?.message, 'must be one of info, debug');
  });
});
