import type { OutgoingMessage, Producer, TopicMessages } from '@continuity/messaging';
import { FeedPublisher } from './publisher';

/** Records what would have been sent, in order. */
class RecordingProducer implements Producer {
  readonly calls: Array<{ topics: string[]; keys: string[] }> = [];
  connect = async () => undefined;
  disconnect = async () => undefined;
  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    this.calls.push({ topics: [topic], keys: messages.map((m) => String(m.key)) });
  }
  async sendBatch(batches: TopicMessages[]): Promise<void> {
    this.calls.push({ topics: batches.map((b) => b.topic), keys: batches.flatMap((b) => b.messages.map((m) => String(m.key))) });
  }
}

const msg = (topic: string, key: string) => ({ topic, key, value: `{"k":"${key}"}` });

describe('FeedPublisher', () => {
  it('sends the clinical topics of a batch before its heartbeats, each topic in feed order', async () => {
    const producer = new RecordingProducer();
    const p = new FeedPublisher({ brokers: ['x'], producer, batchSize: 5 });
    for (const m of [msg('clinical.lab.v1', 'P1'), msg('continuity.downtime.v1', 'AVC'), msg('clinical.lab.v1', 'P2'), msg('clinical.scheduling.v1', 'P3'), msg('clinical.lab.v1', 'P4')]) await p.publish(m);
    await p.close();
    expect(producer.calls).toEqual([
      { topics: ['clinical.lab.v1', 'clinical.scheduling.v1'], keys: ['P1', 'P2', 'P4', 'P3'] },
      { topics: ['continuity.downtime.v1'], keys: ['AVC'] },
    ]);
    expect(p.sent).toBe(5);
  });

  it('sends a downtime declaration on its own, after what came before it and before what follows', async () => {
    const producer = new RecordingProducer();
    const p = new FeedPublisher({ brokers: ['x'], producer, batchSize: 10 });
    const declared = { topic: 'continuity.downtime.v1', key: 'AVC', value: '{"type":"continuity.downtime.started"}' };
    for (const m of [msg('clinical.lab.v1', 'P1'), declared, msg('clinical.lab.v1', 'P2')]) await p.publish(m);
    await p.close();
    expect(producer.calls).toEqual([
      { topics: ['clinical.lab.v1'], keys: ['P1'] },
      { topics: ['continuity.downtime.v1'], keys: ['AVC'] },
      { topics: ['clinical.lab.v1'], keys: ['P2'] },
    ]);
  });

  it('appends the topic suffix', async () => {
    const producer = new RecordingProducer();
    const p = new FeedPublisher({ brokers: ['x'], producer, topicSuffix: '.t1' });
    await p.publish(msg('clinical.lab.v1', 'P1'));
    await p.close();
    expect(producer.calls[0].topics).toEqual(['clinical.lab.v1.t1']);
  });

  it('paces batches to the rate, on its injected clock', async () => {
    let now = 0;
    const slept: number[] = [];
    const p = new FeedPublisher({
      brokers: ['x'], producer: new RecordingProducer(), rate: 100, now: () => now,
      sleep: async (ms) => { slept.push(ms); now += ms; },
    });
    for (let i = 0; i < 30; i++) await p.publish(msg('clinical.lab.v1', `P${i}`));
    await p.close();
    // 100 messages/s in batches of 10: each batch of 10 is due 100 ms after the previous one.
    expect(slept).toEqual([100, 100, 100]);
  });
});
