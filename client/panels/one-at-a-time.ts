/**
 * A what-if recomputes on every drop and edit, and a scorecard takes the server seconds: rather than
 * queue one computation per click, calls made while one runs fold into a single run after it, which
 * sees the latest proposals.
 */
export function oneAtATime(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const go = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = work().finally(() => {
      running = undefined;
    });
    await running;
    if (again) {
      again = false;
      await go();
    }
  };
  return go;
}
