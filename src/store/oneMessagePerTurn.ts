/**
 * A thread's messages handled one per turn of the event loop. Node hands over a port's queued messages in one
 * go and keeps going while new ones arrive, so a thread that sends faster than this worker writes would hold
 * back every other message until it stopped — a cancel from the extension host among them (seen: a cancelled
 * import that ran to its end).
 */
export function oneMessagePerTurn<T>(handle: (message: T) => void): (message: T) => void {
  let queue: T[] = [];
  let head = 0;
  const next = () => {
    const message = queue[head++]!;
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else setImmediate(next);
    handle(message);
  };
  return (message) => {
    queue.push(message);
    if (queue.length - head === 1) setImmediate(next);
  };
}
