import { accountSteps } from './account';
import { actionSteps } from './actions';
import { clientGrantSteps } from './client-grants';
import { clientSteps } from './clients';
import { connectionSteps } from './connections';
import { customDomainSteps } from './custom-domains';
import { emailProviderSteps } from './email-provider';
import { extensibilitySummarySteps } from './extensibility-summary';
import { legacyExtensibilitySteps } from './legacy-extensibility';
import { logStreamSteps } from './log-streams';
import { organizationSteps } from './organizations';
import { resourceServerSteps } from './resource-servers';
import { roleSteps } from './roles';
import { signingKeySteps } from './signing-keys';
import { userSteps } from './users';

export const integrationSteps = [
  ...accountSteps,
  ...clientSteps,
  ...userSteps,
  ...resourceServerSteps,
  ...roleSteps,
  ...clientGrantSteps,
  ...organizationSteps,
  ...connectionSteps,
  ...signingKeySteps,
  ...actionSteps,
  ...legacyExtensibilitySteps,
  ...logStreamSteps,
  ...extensibilitySummarySteps,
  ...customDomainSteps,
  ...emailProviderSteps,
];
