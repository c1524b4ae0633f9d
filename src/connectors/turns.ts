// Tasks that take turns: each starts once the one before it has ended, failed or not, whatever
// the callers' concurrency. For work whose overlap costs more than its wait (writes a CRM must
// apply in order, answers too big to hold several of at once).

/** A line of turns: the function runs `task` after every task handed to it before. */
export function turns(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
}
