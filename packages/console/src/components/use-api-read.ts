// One read of the API for a page: made whenever `deps` change, given up (its AbortSignal) when
// they change again or the page goes, so an older answer never lands over a newer one. The
// answer goes to `onAnswer`; an error is kept (what was shown stays) until a read succeeds.
import { useEffect, useState, type DependencyList } from "react";
import { isAbort } from "../api";

export function useApiRead<T>(read: (signal: AbortSignal) => Promise<T>, onAnswer: (answer: T) => void, deps: DependencyList): { loading: boolean; error: unknown } {
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    read(controller.signal).then(
      (answer) => {
        if (controller.signal.aborted) return;
        onAnswer(answer);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // `read` and `onAnswer` are new functions each render: `deps` say when to read again.
  }, deps);
  return { loading, error };
}
