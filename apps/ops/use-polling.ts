import { useEffect } from 'preact/hooks';

/** Calls `tick` every `ms` while the screen is shown and the tab visible: deliveries and tasks change on their own. */
export function usePolling(tick: () => void, ms: number): void {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') tick();
    }, ms);
    return () => clearInterval(timer);
  }, [tick, ms]);
}
