/**
 * Wraps a config loader so it runs once: the first successful result is cached and returned ever
 * after. A failure is not cached, so a test may fix the environment and call again.
 */
export function configOnce<T>(load: () => T): () => T {
  let loaded = false;
  let value: T;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value;
  };
}
