import assert from 'node:assert/strict';
import * as telemetry from '@consorcio/shared/telemetry';

describe('telemetry: attributes', () => {
  const attributes = Object.entries(telemetry).filter(([name]) => name.startsWith('ATTR_'));

  it('declares the project attributes under the consorcio. namespace, each name once', () => {
    assert.ok(attributes.length >= 4);
    for (const [name, value] of attributes) assert.match(String(value), /^consorcio\.[a-z_.]+$/, name);
    assert.equal(new Set(attributes.map(([, v]) => v)).size, attributes.length);
    assert.equal(telemetry.ATTR_GROUP_ID, 'consorcio.group.id');
    assert.equal(telemetry.ATTR_QUOTA_ID, 'consorcio.quota.id');
    assert.equal(telemetry.ATTR_ASSEMBLY_ID, 'consorcio.assembly.id');
    assert.equal(telemetry.ATTR_EVENT_TYPE, 'consorcio.event.type');
  });

  it('has no attribute for personal data', () => {
    for (const [, value] of attributes) assert.doesNotMatch(String(value), /cpf|cnpj|name|email|phone|address/i);
  });
});
