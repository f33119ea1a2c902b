/** What the list leaves out of a long history (the API sends an alert's latest events only), or null. */
export function olderEventsNote(shown: number, total: number): string | null {
  const older = total - shown;
  if (older <= 0) return null;
  const count = (n: number) => n.toLocaleString("en-US");
  return `${count(older)} older event${older === 1 ? "" : "s"} not shown (the latest ${count(shown)} of ${count(total)} are).`;
}
