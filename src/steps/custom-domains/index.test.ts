import { executeRecordedStep, stopRecordings } from '../../../test/recording';
import {
  EMPTY_EXTENSIBILITY_TENANT,
  EXTENSIBILITY_TENANT,
} from '../../../test/extensibility/tenants';
import { generateTenant } from '../../../test/simulator';
import { Entities, Relationships, Steps } from '../constants';
import { getCustomDomainKey } from './converter';

const domains =
  generateTenant(EXTENSIBILITY_TENANT).extensibility!.customDomains!;

describe('fetch-custom-domains', () => {
  afterEach(stopRecordings);

  test('collects every custom domain with its status, certificate and verification', async () => {
    const { stepConfig, result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-custom-domains',
      step: Steps.CUSTOM_DOMAINS,
      tenant: EXTENSIBILITY_TENANT,
    });
    expect(result).toMatchStepMetadata(stepConfig);
    expect(result.collectedEntities).toHaveLength(domains.length);
    expect(
      result.collectedRelationships.filter(
        (r) => r._type === Relationships.ACCOUNT_HAS_CUSTOM_DOMAIN._type,
      ),
    ).toHaveLength(domains.length);
    const domain = (name: string) =>
      result.collectedEntities.find(
        (e) =>
          e._key ===
          getCustomDomainKey(
            domains.find((d) => d.domain === name)!.custom_domain_id,
          ),
      );
    expect(domain('login.acme.com')).toMatchObject({
      _type: Entities.CUSTOM_DOMAIN._type,
      _class: ['Domain'],
      domainName: 'login.acme.com',
      primary: true,
      ready: true,
      certificateStatus: 'provisioned',
      certificateFailed: false,
      certificateAuthority: 'letsencrypt',
      certificateRenewsBeforeOn: Date.parse('2027-01-15T00:00:00.000Z'),
      tlsPolicy: 'recommended',
      verificationStatus: 'verified',
      verificationMethods: ['cname'],
    });
    expect(domain('auth.old-brand.com')).toMatchObject({
      certificateStatus: 'renewing_failed',
      certificateFailed: true,
      certificateError: 'The CNAME record no longer points to Auth0',
    });
    expect(domain('login.acme.dev')).toMatchObject({
      status: 'pending_verification',
      ready: false,
      verificationStatus: 'pending',
    });
    expect(domain('id.acme.eu')).toMatchObject({
      auth0ManagedCertificate: false,
      customClientIpHeader: 'cf-connecting-ip',
    });
    // Verification record values and free-form metadata are not kept.
    expect(JSON.stringify(result.collectedEntities)).not.toMatch(
      /edge\.tenants\.auth0\.com|identity-team/,
    );
  });

  test('a plan without custom domains (403) has none, and the step succeeds', async () => {
    const { result } = await executeRecordedStep({
      directory: __dirname,
      name: 'fetch-custom-domains-unavailable',
      step: Steps.CUSTOM_DOMAINS,
      tenant: EMPTY_EXTENSIBILITY_TENANT,
    });
    expect(
      result.collectedEntities.filter(
        (e) => e._type === Entities.CUSTOM_DOMAIN._type,
      ),
    ).toEqual([]);
  });
});
