import { setTimeout as sleep } from 'node:timers/promises';

/** A worker for the pool's tests: each message says what to do, including the ways a worker fails. */
export type PoolTask =
  | { do: 'echo'; value: unknown }
  | { do: 'sleep'; ms: number; value: unknown }
  | { do: 'throw' }
  | { do: 'allocate' }
  | { do: 'exit' };

export async function handle(task: PoolTask): Promise<unknown> {
  switch (task.do) {
    case 'echo':
      return task.value;
    case 'sleep':
      await sleep(task.ms);
      return task.value;
    case 'throw':
      throw new Error('the task failed on purpose');
    case 'allocate': {
      const kept: number[][] = [];
      for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i + kept.length));
    }
    case 'exit':
      process.exit(3);
  }
}
