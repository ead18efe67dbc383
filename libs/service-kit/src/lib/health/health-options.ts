import type { InjectionToken, ModuleMetadata, Type } from '@nestjs/common';
import type { BrokerHealthProbe } from './health-probes';

/** How the app supplies its broker probe: any Nest provider form but `provide`. */
export type BrokerProbeProvider =
  | { useValue: BrokerHealthProbe }
  | { useClass: Type<BrokerHealthProbe> }
  | { useExisting: InjectionToken }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  | { useFactory: (...args: any[]) => BrokerHealthProbe | Promise<BrokerHealthProbe>; inject?: InjectionToken[] };

/** Options of {@link HealthModule.forRoot}. */
export interface HealthModuleOptions {
  /** The app's broker readiness check. */
  brokerProbe: BrokerProbeProvider;
  /** Modules the broker probe (or the DataSource) comes from. */
  imports?: ModuleMetadata['imports'];
  /** A TypeORM `DataSource` token to ping; when absent a one-connection pg pool on `DATABASE_URL`. */
  dataSource?: InjectionToken;
  /** How long one check may take before it counts as down; default 2000 ms. */
  timeoutMs?: number;
}

/** Options with their defaults applied. */
export interface ResolvedHealthOptions {
  timeoutMs: number;
}

// Long enough for a cold TCP connection, short enough for a kubelet probe's default 1-5 s timeout.
export const DEFAULT_HEALTH_TIMEOUT_MS = 2_000;
