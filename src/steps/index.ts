import { accountSteps } from './account';
import { clientSteps } from './clients';
import { userSteps } from './users';

export const integrationSteps = [...accountSteps, ...clientSteps, ...userSteps];
