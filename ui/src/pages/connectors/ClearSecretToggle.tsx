interface Props {
  /** The field's title, for the button's accessible name. */
  title: string;
  cleared: boolean;
  /** Id of the status line, which the input lists in its aria-describedby. */
  statusId: string;
  onToggle: () => void;
}

/**
 * Marks a stored secret for removal (sent as null on save), or takes the mark back. The status
 * line is a live region, so the change is announced as well as shown; the button stays the same
 * element, so it keeps the focus across the toggle.
 */
export function ClearSecretToggle({ title, cleared, statusId, onToggle }: Props) {
  return (
    <>
      <button type="button" class="btn small" aria-label={cleared ? `Undo clearing ${title}` : `Clear stored ${title}`} onClick={onToggle}>
        {cleared ? "Undo" : "Clear"}
      </button>
      <span class="secret-status" id={statusId} aria-live="polite">{cleared ? "Will be removed when you save." : ""}</span>
    </>
  );
}
