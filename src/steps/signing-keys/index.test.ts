import {
  executeRecordedStep,
  RECORDING_CANARY,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import { generateTenant, postureTruth } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';
import { getSigningKeyKey } from './converter';

const tenant = generateTenant(RECORDING_TENANT);
const keys = tenant.posture!.signingKeys;

describe('fetch-signing-keys', () => {
  afterEach(stopRecordings);

  test('collects every signing key with its rotation state and certificate validity, and no private key', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-signing-keys',
      step: Steps.SIGNING_KEYS,
    });

    expect(result).toMatchStepMetadata(stepConfig);
    expect(result.collectedEntities).toHaveLength(
      postureTruth(tenant)!.signingKeys,
    );
    for (const key of keys) {
      expect(
        result.collectedEntities.find(
          (e) => e._key === getSigningKeyKey(key.kid),
        ),
      ).toMatchObject({
        _type: Entities.SIGNING_KEY._type,
        current: key.current,
        next: key.next,
        previous: key.previous,
        revoked: key.revoked,
        validFromOn: Date.parse(key.validFrom),
        validToOn: Date.parse(key.validTo),
        expiresOn: Date.parse(key.validTo),
      });
    }
    expect(result.collectedEntities.filter((e) => e.current)).toHaveLength(1);
    expect(
      result.collectedRelationships.filter(
        (r) => r._type === Relationships.ACCOUNT_HAS_SIGNING_KEY._type,
      ),
    ).toHaveLength(keys.length);
    const output = JSON.stringify(result.collectedEntities);
    expect(output).not.toContain(RECORDING_CANARY);
    expect(output).not.toMatch(/PRIVATE KEY|private_key|pkcs7/);
  });
});
