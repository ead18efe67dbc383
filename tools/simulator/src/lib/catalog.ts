/**
 * Reference data the simulator draws from: AP-HP style facility codes, ATC substances grouped by
 * level 4 (so a clean patient never gets two substances of one class by chance), LOINC tests and
 * services. Real codes; the clinical plausibility is coarse on purpose.
 */

/** 38 AP-HP style three-letter site codes (AVC, the contract's example, first). */
export const FACILITIES: readonly string[] = [
  'AVC', 'BCT', 'BJN', 'BRC', 'CCH', 'HEG', 'HMN', 'LRB', 'NCK', 'PSL',
  'RDB', 'SLS', 'TNN', 'TRS', 'BCH', 'APR', 'RPC', 'LMR', 'JVR', 'ERX',
  'CFX', 'SPR', 'PBR', 'ABC', 'HTD', 'SAT', 'RTH', 'VGR', 'CRC', 'GCL',
  'JFR', 'BRK', 'HDY', 'SSV', 'ADH', 'BRT', 'DPT', 'MRT',
];

/** Systems a facility-wide outage takes down (the downtime's `systems`). */
export const DOWNTIME_SYSTEMS: readonly string[] = ['ehr', 'lis', 'pharmacy', 'mar', 'booking', 'planning'];

export interface Substance {
  atc: string;
  name: string;
}

/** Substances of one ATC level-4 class (5 characters, e.g. B01AB). */
export interface AtcClass {
  level4: string;
  substances: readonly Substance[];
}

/** DESIGN.md's high-alert prefixes: antithrombotics, insulins, opioids, antineoplastics, potassium. */
export const HIGH_ALERT_PREFIXES: readonly string[] = ['B01A', 'A10A', 'N02A', 'L01', 'B05XA'];

export const isHighAlert = (atc: string): boolean => HIGH_ALERT_PREFIXES.some((p) => atc.startsWith(p));

const cls = (level4: string, ...subs: Array<[string, string]>): AtcClass => ({
  level4,
  substances: subs.map(([atc, name]) => ({ atc, name })),
});

export const ATC_CLASSES: readonly AtcClass[] = [
  cls('B01AB', ['B01AB05', 'enoxaparin'], ['B01AB01', 'heparin'], ['B01AB04', 'dalteparin'], ['B01AB10', 'tinzaparin']),
  cls('B01AC', ['B01AC06', 'acetylsalicylic acid'], ['B01AC04', 'clopidogrel']),
  cls('B01AF', ['B01AF01', 'rivaroxaban'], ['B01AF02', 'apixaban']),
  cls('A10AB', ['A10AB01', 'insulin (human)'], ['A10AB05', 'insulin aspart'], ['A10AB04', 'insulin lispro']),
  cls('A10AE', ['A10AE04', 'insulin glargine'], ['A10AE05', 'insulin detemir']),
  cls('N02AA', ['N02AA01', 'morphine'], ['N02AA05', 'oxycodone']),
  cls('N02AX', ['N02AX02', 'tramadol']),
  cls('N02BE', ['N02BE01', 'paracetamol']),
  cls('B05XA', ['B05XA01', 'potassium chloride']),
  cls('L01BA', ['L01BA01', 'methotrexate']),
  cls('J01CA', ['J01CA04', 'amoxicillin']),
  cls('J01CR', ['J01CR02', 'amoxicillin and beta-lactamase inhibitor'], ['J01CR05', 'piperacillin and beta-lactamase inhibitor']),
  cls('J01DD', ['J01DD04', 'ceftriaxone'], ['J01DD01', 'cefotaxime']),
  cls('J01XA', ['J01XA01', 'vancomycin']),
  cls('A02BC', ['A02BC01', 'omeprazole'], ['A02BC02', 'pantoprazole'], ['A02BC05', 'esomeprazole']),
  cls('C07AB', ['C07AB07', 'bisoprolol'], ['C07AB02', 'metoprolol']),
  cls('C09AA', ['C09AA05', 'ramipril'], ['C09AA02', 'enalapril'], ['C09AA04', 'perindopril']),
  cls('C10AA', ['C10AA05', 'atorvastatin'], ['C10AA01', 'simvastatin'], ['C10AA07', 'rosuvastatin']),
  cls('N05BA', ['N05BA01', 'diazepam'], ['N05BA12', 'alprazolam'], ['N05BA06', 'lorazepam']),
  cls('A03FA', ['A03FA01', 'metoclopramide']),
  cls('H02AB', ['H02AB06', 'prednisolone'], ['H02AB04', 'methylprednisolone']),
  cls('C03CA', ['C03CA01', 'furosemide']),
  cls('N03AX', ['N03AX14', 'levetiracetam']),
  cls('R03AC', ['R03AC02', 'salbutamol']),
];

/** Classes with at least two substances: where a therapeutic duplication can be staged. */
export const MULTI_SUBSTANCE_CLASSES: readonly AtcClass[] = ATC_CLASSES.filter((c) => c.substances.length >= 2);

export interface LabTest {
  loinc: string;
  name: string;
}

export const LAB_TESTS: readonly LabTest[] = [
  { loinc: '2345-7', name: 'Glucose [Mass/volume] in Serum or Plasma' },
  { loinc: '2823-3', name: 'Potassium [Moles/volume] in Serum or Plasma' },
  { loinc: '2951-2', name: 'Sodium [Moles/volume] in Serum or Plasma' },
  { loinc: '2160-0', name: 'Creatinine [Mass/volume] in Serum or Plasma' },
  { loinc: '718-7', name: 'Hemoglobin [Mass/volume] in Blood' },
  { loinc: '58410-2', name: 'CBC panel - Blood by Automated count' },
  { loinc: '24323-8', name: 'Comprehensive metabolic panel - Serum or Plasma' },
  { loinc: '6301-6', name: 'INR in Platelet poor plasma by Coagulation assay' },
  { loinc: '1988-5', name: 'C reactive protein [Mass/volume] in Serum or Plasma' },
  { loinc: '6598-7', name: 'Troponin T.cardiac [Mass/volume] in Serum or Plasma' },
  { loinc: '2524-7', name: 'Lactate [Moles/volume] in Serum or Plasma' },
  { loinc: '4548-4', name: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
  { loinc: '3016-3', name: 'Thyrotropin [Units/volume] in Serum or Plasma' },
  { loinc: '2276-4', name: 'Ferritin [Mass/volume] in Serum or Plasma' },
  { loinc: '1989-3', name: '25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma' },
  { loinc: '2093-3', name: 'Cholesterol [Mass/volume] in Serum or Plasma' },
  { loinc: '5902-2', name: 'Prothrombin time (PT)' },
  { loinc: '1751-7', name: 'Albumin [Mass/volume] in Serum or Plasma' },
  { loinc: '1920-8', name: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma' },
  { loinc: '1742-6', name: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma' },
  { loinc: '33762-6', name: 'Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma' },
  { loinc: '600-7', name: 'Bacteria identified in Blood by Culture' },
];

/**
 * Tests whose minimum retest interval is at least a day in any sensible table: where injected
 * lab duplicates are staged, so that they fire whatever the table says about short-interval tests.
 */
export const LONG_RETEST_TESTS: readonly LabTest[] = LAB_TESTS.filter((t) =>
  ['4548-4', '3016-3', '2276-4', '1989-3', '2093-3', '24323-8', '1751-7'].includes(t.loinc),
);

export interface Service {
  code: string;
  display: string;
}

/** SNOMED CT specialties used as Appointment.serviceType. */
export const SERVICES: readonly Service[] = [
  { code: '394579002', display: 'Cardiology' },
  { code: '394589003', display: 'Nephrology' },
  { code: '394591006', display: 'Neurology' },
  { code: '394592004', display: 'Clinical oncology' },
  { code: '394609007', display: 'General surgery' },
  { code: '394801008', display: 'Trauma and orthopaedics' },
  { code: '394594003', display: 'Ophthalmology' },
  { code: '394582007', display: 'Dermatology' },
  { code: '394584008', display: 'Gastroenterology' },
  { code: '394612005', display: 'Urology' },
  { code: '394810000', display: 'Rheumatology' },
  { code: '418112009', display: 'Pulmonary medicine' },
  { code: '394585009', display: 'Obstetrics and gynecology' },
  { code: '394611003', display: 'Plastic surgery' },
];

export const SNOMED_SYSTEM = 'http://snomed.info/sct';
