import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { buildStepTestConfigForStep } from '../../../test/config';
import {
  Auth0Recording,
  RECORDING_CANARY,
  RECORDING_TENANT,
  setupAuth0Recording,
} from '../../../test/recording';
import { generateTenant, postureTruth } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';
import { getSigningKeyKey } from './converter';

const tenant = generateTenant(RECORDING_TENANT);
const keys = tenant.posture!.signingKeys;

describe('fetch-signing-keys', () => {
  let recording: Auth0Recording;
  afterEach(async () => {
    await recording?.stop();
  });

  test('collects every signing key with its rotation state and certificate validity, and no private key', async () => {
    recording = await setupAuth0Recording({
      directory: __dirname,
      name: 'fetch-signing-keys',
    });
    const stepConfig = buildStepTestConfigForStep(
      Steps.SIGNING_KEYS,
      recording.config,
    );
    const result = await executeStepWithDependencies(stepConfig);

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
