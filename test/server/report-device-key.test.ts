/**
 * The reports table derives each report's claimed device in SQL (a generated
 * column, migration 4) for the per-device limit and flood alerts; it must be
 * the key store/device-key.ts gives the same report, the one the devices list uses.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_PATHS } from '../../src/events/wire';
import { deviceKey } from '../../server/src/store/device-key';
import { report } from './harness/fixtures';
import { DEVICE_TOKEN, jsonPost, startTestServer, type TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('agrees with deviceKey() for a directory id, a serial number only, and neither', async () => {
  const sent = [
    report({ device: { directoryId: 'Dir-Ab', serialNumber: 'SN1', assetId: 'A' } }),
    report({ device: { directoryId: '', serialNumber: 'SN-Only', assetId: '' } }),
    report({ device: { directoryId: '', serialNumber: '', assetId: 'asset-only' }, user: 'Mixed.Case@School.Example' }),
    report({ device: { directoryId: '', serialNumber: '', assetId: '' }, user: '' }),
  ];
  for (const body of sent) expect((await server.fetch(API_PATHS.reports, jsonPost(DEVICE_TOKEN, body))).status).toBe(201);
  for (const body of sent) {
    const [stored] = await server.rows<{ device_key: string }>('SELECT device_key FROM reports WHERE id = ?', [body.id]);
    expect(stored!.device_key).toBe(deviceKey(body));
  }
});
