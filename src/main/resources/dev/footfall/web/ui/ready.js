// document.body.dataset.ready tells tests and the benchmark when the view has finished drawing:
// "false" while any tracked load is pending, "true" once all have settled (drawn, empty or
// failed). Loads register themselves with track(); stale loads that get aborted settle too,
// so the flag can never stay "false" forever.

let pending = 0;
let markName = null;

function settle() {
  pending -= 1;
  if (pending > 0) return;
  document.body.dataset.ready = 'true';
  if (markName && typeof performance !== 'undefined' && performance.mark) performance.mark(markName);
}

/** Tracks a promise (or several); returns the same promise. */
export function track(promise) {
  pending += 1;
  document.body.dataset.ready = 'false';
  Promise.resolve(promise).then(settle, settle);
  return promise;
}

/** The performance mark set each time the view becomes ready (the dashboard sets one). */
export function setReadyMark(name) {
  markName = name;
}
