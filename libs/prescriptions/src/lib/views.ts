import type { BusinessId } from '@continuity/contracts';
import { businessKey, degradedWindowOf, type DegradedWindow, type Downtime } from '@continuity/rules';
import { chemicalSubgroupOf, isHighAlert, substanceOf } from './atc';
import type { PrescriptionsConfig } from './config';
import { latest, type AdministrationVersion, type Drug, type OrderVersion, type Provenance, type RxPatientState } from './state';
import { doseIntervalMs } from './timing';

/** An order as the rules see it at one evaluation. */
export interface OrderView {
  key: string;
  id: BusinessId;
  version: OrderVersion;
  /** A discontinuation was received. */
  ended: boolean;
  substance: string | null;
  subgroup: string | null;
  label: string;
  highAlert: boolean;
  /** Start of the period the order covers: validity start, else authoredOn, else its event time. */
  startMs: number;
  /** End of its validity period; +Infinity when open-ended. */
  validityEndMs: number;
  /** When it stopped being live: the validity end or the earliest discontinuation, whichever first. */
  liveEndMs: number;
  /** Ordered interval between doses, null when the order does not say. */
  intervalMs: number | null;
  window: DegradedWindow | null;
  /** Refs of every event of this order (placements and discontinuations), sorted. */
  refs: string[];
}

/** An administration as the rules see it. */
export interface AdministrationView {
  key: string;
  id: BusinessId;
  version: AdministrationVersion;
  orderKey: string | null;
  /** The administration's own ATC code, else its order's. */
  atc: string | null;
  substance: string | null;
  label: string;
  highAlert: boolean;
  window: DegradedWindow | null;
  refs: string[];
}

/** Everything the five rules read, computed once per evaluation. */
export interface RxView {
  patientKey: string;
  /** Orders with at least one placement, sorted by key. */
  orders: OrderView[];
  ordersByKey: ReadonlyMap<string, OrderView>;
  /** Keys of every order any event has named as existing (placed or discontinued). */
  knownOrderKeys: ReadonlySet<string>;
  /** Administrations sorted by key. */
  administrations: AdministrationView[];
}

/** "enoxaparin (B01AB05)", or the code alone when no name was sent. */
export function drugLabel(drug: Drug): string {
  if (drug.atc === null) return drug.name ?? 'an unidentified drug';
  return drug.name ? `${drug.name} (${drug.atc})` : drug.atc;
}

/** The administration's own coding, named from its order when it carries no name; else the order's drug. */
function administeredDrug(own: Drug, ordered: Drug | undefined): Drug {
  if (own.atc === null) return ordered ?? own;
  if (own.name === null && ordered?.atc === own.atc) return { atc: own.atc, name: ordered.name };
  return own;
}

function windowOf(p: Provenance, downtimes: readonly Downtime[], config: PrescriptionsConfig): DegradedWindow | null {
  return degradedWindowOf({ facility: p.facility, time: p.timeMs, recordedTime: p.recordedTimeMs, entryMode: p.entryMode }, downtimes, config.scope);
}

/** Builds the rules' view of a patient's state under the downtimes known at evaluation. */
export function viewOf(state: RxPatientState, downtimes: readonly Downtime[], config: PrescriptionsConfig): RxView {
  const orders: OrderView[] = [];
  const knownOrderKeys = new Set<string>();
  for (const key of Object.keys(state.orders).sort()) {
    const o = state.orders[key];
    knownOrderKeys.add(key);
    const version = latest(o.placed);
    if (version === null) continue;
    const stops = Object.values(o.ended);
    const endedAt = stops.length > 0 ? Math.min(...stops.map((s) => s.timeMs)) : Number.POSITIVE_INFINITY;
    const validityEndMs = version.validityEndMs ?? Number.POSITIVE_INFINITY;
    orders.push({
      key,
      id: o.id,
      version,
      ended: stops.length > 0,
      substance: substanceOf(version.drug.atc),
      subgroup: chemicalSubgroupOf(version.drug.atc),
      label: drugLabel(version.drug),
      highAlert: isHighAlert(version.drug.atc, config.highAlertAtcClasses),
      startMs: version.validityStartMs ?? version.authoredOnMs ?? version.timeMs,
      validityEndMs,
      liveEndMs: Math.min(validityEndMs, endedAt),
      intervalMs: doseIntervalMs(version.repeat),
      window: windowOf(version, downtimes, config),
      refs: [...Object.keys(o.placed), ...Object.keys(o.ended)].sort(),
    });
  }
  const ordersByKey = new Map(orders.map((o) => [o.key, o]));

  const administrations: AdministrationView[] = [];
  for (const key of Object.keys(state.administrations).sort()) {
    const a = state.administrations[key];
    const version = latest(a.versions);
    if (version === null) continue;
    const orderKey = version.order ? businessKey(version.order) : null;
    const order = orderKey === null ? undefined : ordersByKey.get(orderKey);
    const drug = administeredDrug(version.drug, order?.version.drug);
    administrations.push({
      key,
      id: a.id,
      version,
      orderKey,
      atc: drug.atc,
      substance: substanceOf(drug.atc),
      label: drugLabel(drug),
      highAlert: isHighAlert(drug.atc, config.highAlertAtcClasses),
      window: windowOf(version, downtimes, config),
      refs: Object.keys(a.versions).sort(),
    });
  }
  return { patientKey: state.patientKey ?? '', orders, ordersByKey, knownOrderKeys, administrations };
}

/** How a degraded item came in, for descriptions: "was entered from paper after the downtime". */
export function howEntered(window: DegradedWindow | null, p: Provenance): string {
  // The entry mode says most to a clinician, even inside a declared downtime.
  if (p.entryMode === 'backentry') return 'was entered from paper after the downtime';
  if (p.entryMode === 'downtime-tool') return 'was entered in the downtime tool';
  if (window === null) return 'was entered in real time';
  switch (window.cause) {
    case 'declared':
      return 'was entered during the downtime';
    case 'entrymode':
      return 'was entered outside real time';
    case 'late-entry':
      return 'was entered late';
    default: {
      const never: never = window.cause;
      return never;
    }
  }
}
