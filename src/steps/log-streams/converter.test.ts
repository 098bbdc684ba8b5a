import { Entities } from '../constants';
import { createLogStreamEntity, summarizeLogStreams } from './converter';

const DASHBOARD = 'https://manage.auth0.com/dashboard/us/acme/';

test('an http stream: status, categories and the destination host', () => {
  const entity = createLogStreamEntity(
    {
      id: 'lst_1',
      name: 'SIEM',
      type: 'http',
      status: 'paused',
      isPriority: true,
      filters: [{ type: 'category', name: 'auth.login.fail' }],
      sink: {
        httpEndpointHost: 'logs.acme.com',
        httpContentFormat: 'JSONLINES',
      },
    },
    DASHBOARD,
  );
  expect(entity).toMatchGraphObjectSchema({
    _class: Entities.LOG_STREAM._class,
  });
  expect(entity).toMatchObject({
    type: 'http',
    paused: true,
    active: false,
    priority: true,
    filterCategories: ['auth.login.fail'],
    streamsAllCategories: false,
    destinationHost: 'logs.acme.com',
  });
});

test('a minimal stream streams every category and has no destination', () => {
  const entity = createLogStreamEntity({ id: 'lst_2' }, DASHBOARD);
  expect(entity).toMatchObject({
    name: 'lst_2',
    streamsAllCategories: true,
    priority: false,
    active: false,
  });
  expect(entity.destinationHost).toBeUndefined();
});

test('the summary counts streams by status', () => {
  expect(
    summarizeLogStreams([
      { id: '1', status: 'active' },
      { id: '2', status: 'paused' },
      { id: '3', status: 'suspended' },
      { id: '4', status: 'active' },
      { id: '5' },
    ]),
  ).toEqual({ total: 5, active: 2, paused: 1, suspended: 1 });
});
