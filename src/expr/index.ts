/**
 * The expression language: parse text into an AST with spans, list its free identifiers,
 * print it back, compile it onto the autograd engine, or into a fused kernel over data rows.
 */
export type { Node, Span, BinaryOp, UnaryOp, ComparisonOp } from './ast.js';
export { ExprError, renderCaret } from './errors.js';
export { parse, MAX_NESTING } from './parser.js';
export { freeIdentifiers } from './identifiers.js';
export { formatExpr, type FormatOptions } from './format.js';
export { FUNCTIONS, CONSTANTS, functionNames, type FunctionSpec } from './functions.js';
export { compile, type Binder } from './compile.js';
export { compileKernel, residualsFromCode, sumSquaresFromCode, KernelInputError, KernelLayoutError, type GeneratedCode, type Kernel, type KernelLayout, type ResidualsFn, type SumSquaresFn } from './kernel.js';
export { postOrder, children, replaceIdents } from './walk.js';
export { build } from './build.js';
