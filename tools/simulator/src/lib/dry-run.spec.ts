import { score } from '../score';
import { dryRun } from './dry-run';
import { Simulation, type SimulationOptions } from './simulation';

/*
 * The ground truth against the real rule sets (libs/prescriptions, lab, scheduling) through the
 * real engine: every injected discrepancy is found with the focus the ground truth names, and clean
 * data and near-misses open nothing.
 */
describe('ground truth against the rule sets (dry run)', () => {
  const run = (o: Partial<SimulationOptions>, tickOnEvents = false) => {
    const sim = new Simulation({ facilities: 3, injectPerRule: 2, nearMissesPerCase: 1, heartbeatSeconds: 300, ...o });
    const gt = sim.groundTruth();
    const result = dryRun(sim.messages(), { tickOnEvents });
    return { gt, result, report: score(gt.tasks, result.log.tasks(), gt.nearMisses) };
  };

  it.each`
    seed | hours | patientsPerFacility
    ${21} | ${48} | ${60}
    ${22} | ${8}  | ${40}
  `('a $hours h outage (seed $seed): every expected task, and nothing else', ({ seed, hours, patientsPerFacility }) => {
    const { gt, report, result } = run({ seed, hours, patientsPerFacility });
    // Cases across patients are among them: the shared stage is exercised, not skipped.
    expect(gt.tasks.filter((t) => t.otherPatientKey !== undefined)).toHaveLength(2);
    expect(report.falseNegatives).toEqual([]);
    expect(report.falsePositives).toEqual([]);
    expect(report.total.truePositives).toBe(gt.tasks.length);
    expect(report.total.cancelled).toBe(0);
    // Malformed messages were rejected, valid ones accepted.
    expect(result.accepted).toBeGreaterThan(1000);
  });

  it('still finds exactly them with the strictest clock (a tick after every event)', () => {
    const { gt, report } = run({ seed: 23, patientsPerFacility: 30 }, true);
    expect(report.falseNegatives).toEqual([]);
    expect(report.falsePositives).toEqual([]);
    expect(report.total.truePositives).toBe(gt.tasks.length);
  });
});
