import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { LogStreamRecord } from '../../api/extensibilityRecords';
import { Entities } from '../constants';
import { bool, str, unique } from '../values';

/** What the summary needs of the log streams: counts by status. */
export interface LogStreamSummary {
  total: number;
  active: number;
  paused: number;
  suspended: number;
}

export function getLogStreamKey(id: string): string {
  return `auth0-log-stream:${id}`;
}

export function summarizeLogStreams(
  streams: readonly LogStreamRecord[],
): LogStreamSummary {
  const count = (status: string) =>
    streams.filter((s) => s.status === status).length;
  return {
    total: streams.length,
    active: count('active'),
    paused: count('paused'),
    suspended: count('suspended'),
  };
}

/**
 * A log stream as `Logs`: type, status, priority, which log categories it
 * sends (none listed: all of them), PII handling and the destination's
 * non-secret identity (host, region, account). The record holds no sink
 * credential (see api/extensibilityRecords.ts).
 */
export function createLogStreamEntity(
  stream: LogStreamRecord,
  dashboardUrl: string,
): Entity {
  const status = str(stream.status);
  const categories = unique(
    (stream.filters ?? [])
      .filter((f) => f.type === undefined || f.type === 'category')
      .map((f) => f.name),
  );
  const sink = stream.sink ?? {};
  const name = str(stream.name) ?? stream.id;
  const splunkPort = sink.splunkPort;
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _rawData: [{ name: 'default', rawData: stream }],
        _key: getLogStreamKey(stream.id),
        _type: Entities.LOG_STREAM._type,
        _class: Entities.LOG_STREAM._class,
        id: stream.id,
        name,
        displayName: name,
        type: str(stream.type),
        status,
        active: status === 'active',
        paused: status === 'paused',
        suspended: status === 'suspended',
        priority: bool(stream.isPriority) ?? false,
        filterCategories: categories,
        streamsAllCategories: categories.length === 0,
        piiLogFields: (stream.pii_config?.log_fields ?? []).filter(
          (f) => !!str(f),
        ),
        piiMethod: str(stream.pii_config?.method),
        piiAlgorithm: str(stream.pii_config?.algorithm),
        destinationHost: str(sink.httpEndpointHost) ?? str(sink.splunkDomain),
        httpContentFormat: str(sink.httpContentFormat),
        httpContentType: str(sink.httpContentType),
        datadogRegion: str(sink.datadogRegion),
        splunkDomain: str(sink.splunkDomain),
        splunkPort:
          typeof splunkPort === 'number' || typeof splunkPort === 'string'
            ? String(splunkPort)
            : undefined,
        splunkSecure: bool(sink.splunkSecure),
        awsAccountId: str(sink.awsAccountId),
        awsRegion: str(sink.awsRegion),
        azureSubscriptionId: str(sink.azureSubscriptionId),
        azureRegion: str(sink.azureRegion),
        mixpanelRegion: str(sink.mixpanelRegion),
        region:
          str(sink.awsRegion) ??
          str(sink.azureRegion) ??
          str(sink.datadogRegion) ??
          str(sink.mixpanelRegion),
        webLink: `${dashboardUrl}log-streams`,
      },
    },
  });
}
