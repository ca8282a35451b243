import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPki {
  /** PEM text and file of the CA that signed the server certificate. */
  ca: string;
  caFile: string;
  cert: string;
  certFile: string;
  key: string;
  keyFile: string;
  /** Another CA, which did not sign the server: a client that trusts only it must refuse. */
  otherCa: string;
  otherCaFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
    ],
    dir,
  );
}

/**
 * A throwaway CA and a server certificate for 127.0.0.1 and localhost, made with the openssl CLI
 * (node:crypto cannot write X.509), plus a second CA that signed nothing the server uses.
 */
export function makeTestPki(dir: string): TestPki {
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    ],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'san.ext',
      '-out',
      'server.pem',
    ],
    dir,
  );
  // Mosquitto drops to its own user before it reads the key.
  for (const f of ['server.key', 'server.pem', 'ca.pem']) chmodSync(join(dir, f), 0o644);
  const file = (name: string) => join(dir, name);
  return {
    ca: readFileSync(file('ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    cert: readFileSync(file('server.pem'), 'utf8'),
    certFile: file('server.pem'),
    key: readFileSync(file('server.key'), 'utf8'),
    keyFile: file('server.key'),
    otherCa: readFileSync(file('other-ca.pem'), 'utf8'),
    otherCaFile: file('other-ca.pem'),
  };
}
