/**
 * The functions an expression can call and the named constants: a view of the operator
 * table (operators.ts), where each function's engine op and kernel code are defined.
 */
export { FUNCTIONS, CONSTANTS, functionNames, type FunctionSpec } from './operators.js';
