import { accountSteps } from './account';
import { clientGrantSteps } from './client-grants';
import { clientSteps } from './clients';
import { connectionSteps } from './connections';
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
];
