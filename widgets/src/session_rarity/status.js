// The status line: what was analysed, with which model, and what is selected or linked.

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The status line for the state (empty before an analysis). */
export function statusText(state) {
  const { ranked } = state;
  if (!ranked) return "";
  const events = state.offsets ? state.offsets[state.offsets.length - 1] : 0;
  const parts = [`${plural(ranked.n, "session")} of ${plural(events, "event")}`];
  if (state.tooShort) parts.push(`${state.tooShort} shorter than the window`);
  if (state.untimedRows) parts.push(`${plural(state.untimedRows, "row")} without a time`);
  parts.push(state.savedModel ? `saved model (${plural(state.trainedOn ?? 0, "session")})` : "model trained on these sessions");
  if (state.selected.size) parts.push(`${state.selected.size} selected`);
  if (state.linked.size) parts.push(`${state.linked.size} with rows selected in a linked view`);
  return parts.join(" · ");
}
