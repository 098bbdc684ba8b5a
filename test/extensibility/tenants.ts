import { RECORDING_TENANT } from '../recording';
import { TenantSpec } from '../simulator';

/** The recorded tenant with an old tenant's extensibility: actions over two pages, rules and hooks. */
export const EXTENSIBILITY_TENANT: TenantSpec = {
  ...RECORDING_TENANT,
  users: 20,
  identity: undefined,
  extensibility: { variant: 'legacy', extraActions: 60 },
};

/** A new tenant: no action, no log stream, no custom domain or email provider, Rules and Hooks refused. */
export const EMPTY_EXTENSIBILITY_TENANT: TenantSpec = {
  ...EXTENSIBILITY_TENANT,
  extensibility: { variant: 'empty', legacyRefusal: 'deprecated' },
};
