import assert from 'node:assert/strict';
import { defaultSettings, SettingsCache, type LoadedSetting } from '../../../src/settings';

const FINE = 'groups.plan_defaults.late_fine_pct';

describe('SettingsCache', () => {
  it('answers the catalogue defaults without a settings service', () => {
    const s = defaultSettings();
    assert.equal(s.pct(FINE), 20_000n);
    assert.equal(s.bool('notifications.sms.enabled'), true);
    assert.equal(s.int('documents.upload.max_bytes'), 10 * 1024 * 1024);
    assert.equal(s.seconds('reports.cache_ttl_seconds'), 60);
    assert.equal(s.version(FINE), 0n);
  });

  it('loads every value at start, typed by the catalogue, and tells which keys changed', async () => {
    const changed: string[][] = [];
    const cache = new SettingsCache({
      load: () =>
        Promise.resolve([
          { key: FINE, value: '15000', version: 1n },
          { key: 'notifications.sms.enabled', value: 'false', version: 2n },
          { key: 'some.future.key', value: '1', version: 1n },
        ]),
      onChange: (keys) => changed.push(keys),
    });
    await cache.start();
    cache.stop();
    assert.equal(cache.pct(FINE), 15_000n);
    assert.equal(cache.version(FINE), 1n);
    assert.equal(cache.bool('notifications.sms.enabled'), false);
    assert.deepEqual(changed, [[FINE, 'notifications.sms.enabled']]);
  });

  it('keeps the values in force while the settings service is unreachable, and retries', async () => {
    let calls = 0;
    let rows: LoadedSetting[] | Error = new Error('UNAVAILABLE');
    const cache = new SettingsCache({
      load: () => {
        calls++;
        return rows instanceof Error ? Promise.reject(rows) : Promise.resolve(rows);
      },
      retryMs: 20,
    });
    await cache.start();
    assert.equal(cache.loaded, false);
    assert.equal(cache.pct(FINE), 20_000n);
    rows = [{ key: FINE, value: '12000', version: 3n }];
    await new Promise((r) => setTimeout(r, 80));
    cache.stop();
    assert.ok(calls >= 2);
    assert.equal(cache.loaded, true);
    assert.equal(cache.pct(FINE), 12_000n);
  });

  it('falls back to the default of a stored value the catalogue refuses', async () => {
    const cache = new SettingsCache({ load: () => Promise.resolve([{ key: FINE, value: '90000', version: 4n }]) });
    await cache.start();
    cache.stop();
    assert.equal(cache.pct(FINE), 20_000n);
  });

  it('runs one more load for reloads asked during a load, never two at once', async () => {
    let running = 0;
    let most = 0;
    let value = 10_000n;
    const cache = new SettingsCache({
      load: async () => {
        running++;
        most = Math.max(most, running);
        const v = value;
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return [{ key: FINE, value: v.toString(), version: v }];
      },
    });
    const first = cache.reload();
    value = 11_000n; // committed while the first load runs
    void cache.reload();
    void cache.reload();
    await first;
    await cache.reload();
    cache.stop();
    assert.equal(most, 1);
    assert.equal(cache.pct(FINE), 11_000n);
  });
});
