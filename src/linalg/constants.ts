/** Machine constants of IEEE double precision, as MINPACK's dpmpar gives them. */

/** The machine precision: the distance from 1 to the next larger double (2.22e-16). */
export const EPSMCH = Number.EPSILON;

/** The smallest positive normalised double (2.23e-308): MINPACK's "dwarf". */
export const DWARF = 2.2250738585072014e-308;
