interface Props {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  shown: number;
  noun: string;
}

/** The foot of a cursor-paged table: how many are shown, and "Load more" while the API has a next page. */
export function LoadMore({ hasMore, loading, onLoad, shown, noun }: Props) {
  return (
    <div class="table-foot">
      <span class="muted">{shown} {noun}{shown === 1 ? "" : "s"} shown{hasMore ? " · more available" : ""}</span>
      {hasMore && (
        <button type="button" class="btn small" onClick={onLoad} disabled={loading}>{loading ? "Loading…" : "Load more"}</button>
      )}
    </div>
  );
}
