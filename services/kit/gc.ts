import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * One full garbage collection, without starting node with --expose-gc (as jest-leak-detector does it). For the
 * moments a process has just dropped a lot of memory that V8 does not see as pressure: the WASM instances PGlite
 * runs initdb in, and the buffers a seed built. Measured, not guessed: README, Memory.
 */
export function collectGarbage(): void {
  if (typeof globalThis.gc === 'function') return void globalThis.gc();
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  // Back as it was, for the contexts created after this one (jest's test files).
  v8.setFlagsFromString('--no-expose-gc');
  gc();
}
