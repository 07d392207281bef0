/** Whether ops record the graph: on by default, off inside `noGrad`. */

let gradEnabled = true;

/** True unless called inside `noGrad`. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` with graph recording off (PyTorch's `torch.no_grad()`): ops inside return
 * tensors with no inputs that do not require grad. `fn` must be synchronous; the previous
 * mode is restored when it returns or throws.
 */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}
