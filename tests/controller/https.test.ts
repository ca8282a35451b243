import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningController } from '../../controller/main.js';
import { embeddedBroker, startTestController } from '../helpers/controller.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTestPki, type TestPki } from '../helpers/tls-certs.js';

function status(get: typeof httpsGet, url: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}

describe('the dashboard over HTTPS', () => {
  const dir = tempDir();
  let pki: TestPki;
  let controller: RunningController;

  beforeAll(async () => {
    pki = makeTestPki(dir.path);
    controller = await startTestController(dir.path, embeddedBroker(), {
      http: { host: '127.0.0.1', port: 0, tls: { cert: pki.cert, key: pki.key } },
    });
  });
  afterAll(async () => {
    await controller.stop();
    dir.remove();
  });

  it('answers HTTPS with the certificate given, and nothing in plain HTTP', async () => {
    expect(controller.httpUrl).toMatch(/^https:\/\/localhost:\d+$/);
    expect(await status(httpsGet, `${controller.httpUrl}/healthz`, pki.ca)).toBe(200);
    await expect(status(httpsGet, `${controller.httpUrl}/healthz`, pki.otherCa)).rejects.toThrow(
      /certificate|self.signed|unable to verify/i,
    );
    const plain = controller.httpUrl.replace('https:', 'http:');
    await expect(status(httpGet as typeof httpsGet, `${plain}/healthz`)).rejects.toThrow();
  });
});
