// The "Explain" line under a panel, the top stats or the graph: which storage tiers answered,
// how long the engine took and how many rows it read (from the query's meta.explain).

import { h } from '../../dom.js';
import { explainSummary } from '../../format.js';

export function explainLine(forWhat) {
  return h('p', { class: 'explain-line', hidden: true, dataset: { for: forWhat } });
}

/** Shows the summary when explain is on and the answer has one; hides the line otherwise. */
export function showExplain(line, enabled, response) {
  const text = enabled && response && response.meta ? explainSummary(response.meta.explain) : null;
  line.textContent = text || '';
  line.hidden = !text;
}
