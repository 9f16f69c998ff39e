import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { oneMessagePerTurn } from '../../src/store/oneMessagePerTurn';

/** 40 slow messages queued on one port, then one on another: the order in which they are handled. */
async function handledOrder(wrap: (handle: (message: number) => void) => (message: number) => void): Promise<string[]> {
  const busy = new MessageChannel();
  const other = new MessageChannel();
  const order: string[] = [];
  let finish: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  busy.port2.on('message', wrap((message: number) => {
    const until = performance.now() + 2;
    while (performance.now() < until);
    order.push(`batch ${message}`);
    if (message === 39) finish();
  }));
  other.port2.on('message', (message: string) => order.push(message));
  for (let i = 0; i < 40; i++) busy.port1.postMessage(i);
  other.port1.postMessage('cancel');
  await finished;
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (const channel of [busy, other]) {
    channel.port1.close();
    channel.port2.close();
  }
  return order;
}

describe('oneMessagePerTurn', () => {
  it('lets a message on another port in between a busy port’s messages, which keep their order', async () => {
    const order = await handledOrder(oneMessagePerTurn);
    expect(order.indexOf('cancel')).toBeLessThan(3);
    expect(order.filter((entry) => entry !== 'cancel')).toEqual(Array.from({ length: 40 }, (_, i) => `batch ${i}`));
  });

  it('without it, Node hands over the busy port’s whole queue first (why it exists)', async () => {
    const order = await handledOrder((handle) => handle);
    expect(order.indexOf('cancel')).toBe(40);
  });
});
