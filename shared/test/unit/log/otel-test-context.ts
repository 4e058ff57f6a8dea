import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, context, type Context, type ContextManager } from '@opentelemetry/api';

/**
 * The smallest AsyncLocalStorage context manager, registered only while a test needs an active
 * span (the SDK's own lives in a package shared does not depend on).
 */
class TestContextManager implements ContextManager {
  private readonly als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.als.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.als.disable();
    return this;
  }
}

/** Registers the test context manager globally; returns the function that removes it. */
export function useTestContextManager(): () => void {
  const manager = new TestContextManager();
  if (!context.setGlobalContextManager(manager)) throw new Error('another context manager is registered');
  return () => context.disable();
}
