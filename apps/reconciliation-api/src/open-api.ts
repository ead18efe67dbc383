import type { OpenApiOptions } from '@continuity/service-kit';

/** What `/docs` says about the API. */
export const API_OPEN_API: OpenApiOptions = {
  title: 'Continuity reconciliation API',
  version: '1',
  description:
    'Reconciliation tasks (FHIR R4 Task) opened by the reconcilers for orders lost or duplicated during a hospital IT outage: ' +
    'search, lifecycle, discrepancy report, downtime declaration, replays and order history (CONTRACT.md §6). ' +
    'Every route but /health and /metrics needs `Authorization: Bearer <API key>`; errors are application/problem+json.',
};
