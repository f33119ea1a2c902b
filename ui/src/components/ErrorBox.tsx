import { describeError } from "../api/errors.ts";

interface Props {
  error: unknown;
  /** Shown as a button ("Retry") when given. */
  onRetry?: () => void;
  onDismiss?: () => void;
  compact?: boolean;
}

/** An API or UI failure: the stable error code first (what support and the logs match on), then the message and a hint. */
export function ErrorBox({ error, onRetry, onDismiss, compact }: Props) {
  const { code, message, hint } = describeError(error);
  return (
    <div class={`error-box${compact ? " compact" : ""}`} role="alert" data-error-code={code}>
      <code class="error-code">{code}</code>
      <span class="error-message">{message}</span>
      {hint && <span class="error-hint">{hint}</span>}
      <span class="error-actions">
        {onRetry && <button type="button" class="btn small" onClick={onRetry}>Retry</button>}
        {onDismiss && <button type="button" class="btn small ghost" aria-label="Dismiss" onClick={onDismiss}>×</button>}
      </span>
    </div>
  );
}
