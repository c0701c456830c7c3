import { setTimeout as sleep } from 'node:timers/promises';

/** A worker for the pool's tests: each message says what to do, including the ways a worker fails. */
export type PoolTask =
  | { do: 'echo'; value: unknown }
  | { do: 'sleep'; ms: number; value: unknown }
  | { do: 'parts'; count: number }
  | { do: 'throw' }
  | { do: 'allocate' }
  | { do: 'exit' };

export async function handle(task: PoolTask, emit: (part: unknown) => void): Promise<unknown> {
  switch (task.do) {
    case 'echo':
      return task.value;
    case 'parts':
      for (let i = 0; i < task.count; i++) emit(i);
      return 'all sent';
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
