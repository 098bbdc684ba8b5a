import { pickSigningKey } from '../../api/postureRecords';
import { generateTenant, signingCertificate } from '../../../test/simulator';
import { Entities } from '../constants';
import {
  createSigningKeyEntity,
  getSigningKeyKey,
  parseCertificate,
} from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';
const CANARY = 'CANARY-signing-keys-unit';
const keys = generateTenant({
  seed: 4,
  users: 1,
  clients: 2,
  canary: CANARY,
  posture: {},
}).posture!.signingKeys;

/** A key as the Management API serves it: the simulator's certificate, and a planted private key. */
function served(index: number): Record<string, unknown> {
  const record: Record<string, unknown> = { ...keys[index] };
  delete record.validFrom;
  delete record.validTo;
  return {
    ...record,
    cert: signingCertificate(keys[index]),
    pkcs7: '-----BEGIN PKCS7-----\nMIIC\n-----END PKCS7-----',
    fingerprint: 'AB:CD',
    thumbprint: 'ABCD',
  };
}

test('the certificate validity becomes epoch-ms dates', () => {
  const info = parseCertificate(signingCertificate(keys[3]));
  expect(info).toMatchObject({
    validFromOn: Date.parse(keys[3].validFrom),
    validToOn: Date.parse(keys[3].validTo),
    keyType: 'rsa',
    keySize: 2048,
  });
  expect(info.subject).toContain('CN=');
});

test.each([
  undefined,
  '',
  'not a certificate',
  '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
])('parseCertificate(%j) is empty', (pem) => {
  expect(parseCertificate(pem)).toEqual({});
});

test('the current key, with its rotation state and validity, and no private material', () => {
  const raw = served(2);
  expect(JSON.stringify(raw)).toContain(CANARY);
  const entity = createSigningKeyEntity(pickSigningKey(raw), DASHBOARD);
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.SIGNING_KEY._class,
  });
  expect(entity).toMatchObject({
    _key: getSigningKeyKey(keys[2].kid),
    _type: Entities.SIGNING_KEY._type,
    _class: ['Certificate'],
    kid: keys[2].kid,
    name: keys[2].kid,
    displayName: `Signing key ${keys[2].kid} (current)`,
    current: true,
    next: false,
    previous: false,
    revoked: false,
    active: true,
    currentSinceOn: Date.parse(keys[2].current_since!),
    validFromOn: Date.parse(keys[2].validFrom),
    validToOn: Date.parse(keys[2].validTo),
    expiresOn: Date.parse(keys[2].validTo),
    fingerprint: 'AB:CD',
    thumbprint: 'ABCD',
  });
  const json = JSON.stringify(entity);
  expect(json).not.toContain(CANARY);
  expect(json).not.toContain('PRIVATE KEY');
  expect(json).not.toContain('PKCS7');
});

test('a revoked key is inactive and dated', () => {
  const entity = createSigningKeyEntity(pickSigningKey(served(0)), DASHBOARD);
  expect(entity).toMatchObject({
    revoked: true,
    active: false,
    revokedOn: Date.parse(keys[0].revoked_at!),
  });
});

test('a key without a readable certificate keeps its flags and has no dates', () => {
  const entity = createSigningKeyEntity(
    pickSigningKey({ kid: 'kid-0000000001', cert: 'garbage', next: true }),
    DASHBOARD,
  );
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.SIGNING_KEY._class,
  });
  expect(entity).toMatchObject({
    next: true,
    displayName: 'Signing key kid-0000000001 (next)',
  });
  expect(entity.validToOn).toBeUndefined();
  expect(entity.expiresOn).toBeUndefined();
});
