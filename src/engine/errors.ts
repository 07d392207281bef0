/** A misuse of the autograd engine: incompatible shapes, a missing seed, a non-row-wise model. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
}
