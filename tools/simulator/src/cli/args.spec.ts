import { parseCommand } from './args';

describe('parseCommand', () => {
  it('reads generation flags into simulation options (generate is the default command)', () => {
    const cmd = parseCommand(['--seed', '7', '--facilities', '5', '--hours', '36', '--start', '2024-08-03T05:00:00Z', '--inject', '3', '--duplicates-pct', '1.5', '--out', '/tmp/x']);
    expect(cmd).toMatchObject({
      kind: 'generate',
      out: '/tmp/x',
      publish: false,
      sim: { seed: 7, facilities: 5, hours: 36, t0: Date.parse('2024-08-03T05:00:00Z'), injectPerRule: 3, duplicatesPct: 1.5 },
      eventsTarget: null,
    });
  });

  it('takes brokers from the flag, else the environment, else the local broker', () => {
    expect(parseCommand(['generate', '--publish', '--brokers', 'a:1,b:2'])).toMatchObject({ brokers: ['a:1', 'b:2'], publish: true });
    expect(parseCommand(['generate', '--publish'], { KAFKA_BROKERS: 'k:9' })).toMatchObject({ brokers: ['k:9'] });
    expect(parseCommand(['generate', '--publish'])).toMatchObject({ brokers: ['127.0.0.1:9092'] });
  });

  it('scores from Kafka by default, from the API when asked (with a key)', () => {
    expect(parseCommand(['score', '--ground-truth', 'g.json'])).toMatchObject({ kind: 'score', source: { kind: 'kafka', topic: 'reconciliation.tasks.v1' } });
    expect(parseCommand(['score', '--ground-truth', 'g.json', '--api', 'http://h:3000', '--api-key', 's'])).toMatchObject({
      source: { kind: 'api', url: 'http://h:3000', apiKey: 's', pageSize: 500 },
    });
    expect(parseCommand(['score', '--ground-truth', 'g.json', '--api', 'http://h'], { SIMULATOR_API_KEY: 'env' })).toMatchObject({ source: { apiKey: 'env' } });
  });

  it.each`
    argv                                                           | message
    ${['--seed', 'x', '--out', 'o']}                               | ${/--seed/}
    ${['generate']}                                                | ${/--out DIR, --publish/}
    ${['--events', '10', '--patients-per-facility', '3', '--out', 'o']} | ${/one or the other/}
    ${['score']}                                                   | ${/--ground-truth/}
    ${['score', '--ground-truth', 'g', '--api', 'http://h']}       | ${/--api-key/}
    ${['--bogus']}                                                 | ${/bogus/}
    ${['publish']}                                                 | ${/--in/}
  `('refuses $argv', ({ argv, message }) => {
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
