import {
  executeRecordedStep,
  RECORDING_TENANT,
  stopRecordings,
} from '../../../test/recording';
import {
  generateTenant,
  identityTruth,
  isWriteScope,
} from '../../../test/simulator';
import { Relationships, Steps } from '../constants';

describe('fetch-client-grants', () => {
  afterEach(stopRecordings);

  test('links each granted client to its API with the scopes, write scopes flagged', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-client-grants',
      step: Steps.CLIENT_GRANTS,
    });
    const tenant = generateTenant(RECORDING_TENANT);
    const truth = identityTruth(tenant);

    expect(result).toMatchStepMetadata(stepConfig);
    const uses = result.collectedRelationships;
    expect(uses).toHaveLength(truth.clientGrantLinks);
    for (const grant of tenant.clientGrants!) {
      const scopes = [...grant.scope].sort();
      const relationship = uses.find(
        (r) =>
          r._fromEntityKey === grant.client_id &&
          r._toEntityKey === grant.audience,
      );
      expect(relationship?.writeScopes).toBe(
        scopes.filter(isWriteScope).join(' ') || undefined,
      );
      expect(relationship).toMatchObject({
        _type: Relationships.CLIENT_USES_SERVER._type,
        _class: 'USES',
        grantId: grant.id,
        scopes: scopes.join(' '),
        hasWriteScopes: scopes.some(isWriteScope),
        managementApi: grant.audience === tenant.audience,
      });
    }
    // The auditor's query: who may change the tenant through the Management API.
    const writers = uses.filter((r) => r.managementApi && r.hasWriteScopes);
    expect(writers).toHaveLength(truth.managementWriteGrants);
    expect(writers[0].writeScopes).toContain('delete:users');
    expect(
      uses.find((r) => r._fromEntityKey === tenant.m2m.clientId),
    ).toMatchObject({ managementApi: true, hasWriteScopes: false });
  });
});
