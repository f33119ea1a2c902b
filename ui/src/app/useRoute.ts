import { useCallback, useEffect, useState } from "preact/hooks";
import { parseHash, type Route } from "./route.ts";

/** The current hash route, and navigation that keeps it in step (replaceState fires no hashchange). */
export function useRoute(): [Route, (hash: string, replace?: boolean) => void] {
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  const navigate = useCallback((hash: string, replace = false) => {
    if (hash === location.hash) return;
    if (replace) {
      history.replaceState(history.state, "", hash);
      setRoute(parseHash(hash));
    } else {
      location.hash = hash;
    }
  }, []);
  return [route, navigate];
}
