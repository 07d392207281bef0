/** Help texts: the examples each command's help leads with, and `gradfit help expressions`. */

export const PROGRAM_EXAMPLES = `Examples:
  gradfit fit data.csv --degree 2
  gradfit fit decay.csv --model "a*exp(-k*t)+c" -x t -y counts --start a=10,k=0.1,c=0
  gradfit minimize "3*x^2+2*x-1.2"
  gradfit minimize "(1-x)^2 + 100*(y-x^2)^2" --start x=-1.2,y=1
  gradfit grad "w*x+b" --at x=4,w=2,b=3
  cat data.csv | gradfit fit --degree 3 --json | jq .params
  gradfit fit data.csv --degree 2 --baseline last.json     # CI regression check

Expression syntax: gradfit help expressions
`;

export const GRAD_EXAMPLES = `Examples:
  gradfit grad "w*x+b" --at x=4,w=2,b=3
  gradfit grad "sin(x)*exp(-x^2/2)" --at x=0.7 --json
  gradfit grad "a*exp(-k*t)" --at a=2,k=0.5,t=1 --graph
  gradfit grad "a*exp(-k*t)" --at a=2,k=0.5,t=1 --graph dot | dot -Tpng > graph.png
`;

export const MINIMIZE_EXAMPLES = `Examples:
  gradfit minimize "3*x^2+2*x-1.2"
  gradfit minimize "(1-x)^2 + 100*(y-x^2)^2" --start x=-1.2,y=1
  gradfit minimize "3*x^2+2*x-1.2" --method gd --lr 0.01 --tol 1e-3 --start x=-0.2934
  gradfit minimize "x^4 - 3*x" --trace | head
  gradfit minimize "x^2 - 10*cos(2*pi*x)" --start x=3.3 --global   # the lowest of many minima
  gradfit minimize "sin(3*x)*exp(-y^2) + x^2/10" --range x=-5:5      # --global in a box
  gradfit minimize "(x-2)^2" --expect x=2 --atol 1e-9      # exit 1 if the minimum moved
`;

export const FIT_EXAMPLES = `Examples:
  gradfit fit data.csv --degree 2
  gradfit fit decay.csv --model "a*exp(-k*t)+c" -x t -y counts --start a=10,k=0.1,c=0
  gradfit fit sensors.csv --model "a*x1 + b*x2 + c" -y y --sigma sigma
  gradfit fit spring.dat --degree 1 --delimiter space
  cat data.csv | gradfit fit --degree 3 --json | jq .params
  gradfit fit data.csv --degree 2 --save model.json && gradfit predict model.json new-x.csv
  gradfit fit data.csv --degree 2 --baseline last.json --rtol 1e-6   # CI: exit 1 on drift
  gradfit fit data.csv --degree 2 --baseline last.json --sigma-tol 3 --junit checks.xml
`;

export const PREDICT_EXAMPLES = `Examples:
  gradfit fit data.csv --degree 2 --save model.json
  gradfit predict model.json xs.txt
  seq 0 0.5 10 | gradfit predict model.json
`;

export function expressionHelp(functions: readonly string[]): string {
  return `Expressions

  Numbers      2   1.5   .5   1e-3   2.5E+4
  Names        letters, digits and _, not starting with a digit: x, k2, t_half
  Constants    pi, e
  Operators    + - * /   and  ^ (power; ** is the same)
  Comparisons  < <= > >= == !=   (1 if true, 0 if false)
  Logic        && || !   (nonzero is true; the result is 1 or 0)
  Conditional  c ? a : b   (a where c is nonzero, else b)
  Functions    ${functions.join(' ')}
               (two arguments: atan2(y, x) min(a, b) max(a, b) hypot(a, b) pow(a, b);
               the others one; ln is log)
  Parentheses  ( ... )

Precedence, lowest first: ?:, then ||, then &&, then comparisons, then + -, then * /,
then unary - + !, then ^.
^ is right-associative and binds tighter than unary minus:
  -x^2     is  -(x^2)
  2^3^2    is  2^(3^2) = 512
  2^-3     is  0.125
?: is right-associative: a ? b : c ? d : e  is  a ? b : (c ? d : e).
Comparisons do not chain: write 0 < x && x < 1, not 0 < x < 1.
There is no implicit multiplication: write 2*x, not 2x.

Derivatives: a comparison or logical operator has derivative 0; c ? a : b has the
derivative of the branch it takes, row by row; min and max that of the one they pick.
A name followed by ( is a call; otherwise it is a name, so a column may be called min.

In gradfit fit --model, names that are CSV column headers are data, x is the -x column,
and every other name is a parameter to fit (started at 1, or from --start).
An expression that starts with '-' can be given as it is: gradfit minimize "-exp(-x^2)".
`;
}
