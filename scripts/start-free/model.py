"""A gradfit model expression as a numpy function (real or complex: the reference's Jacobian is
taken by complex step, exact to rounding). Same precedence as gradfit: ^ binds tighter than unary
minus and is right-associative, exactly as Python's **."""
import re
import numpy as np
from scipy.special import erf

FUNCS = {'exp': 'np.exp', 'log': 'np.log', 'ln': 'np.log', 'sqrt': 'np.sqrt', 'sin': 'np.sin', 'cos': 'np.cos',
         'tan': 'np.tan', 'atan': 'np.arctan', 'tanh': 'np.tanh', 'abs': 'np.abs', 'erf': 'erf'}
CONSTS = {'pi': 'np.pi', 'e': 'np.e'}
TOKEN = re.compile(r'\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)|(\*\*|.))')


def compile_model(expr, columns, xcol):
    toks = []
    pos = 0
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if m.end() == pos:
            break
        pos = m.end()
        toks.append(m.groups())
    params = []
    for num, name, op in toks:
        if name and name not in FUNCS and name not in CONSTS and name not in columns and name != 'x' and name not in params:
            params.append(name)
    out = []
    for num, name, op in toks:
        if num:
            out.append(repr(float(num)))
        elif name:
            if name in FUNCS:
                out.append(FUNCS[name])
            elif name in CONSTS:
                out.append(CONSTS[name])
            elif name in columns:
                out.append(f'D[{name!r}]')
            elif name == 'x':
                out.append(f'D[{xcol!r}]')
            else:
                out.append(f'P[{params.index(name)}]')
        elif op:
            out.append('**' if op in ('^', '**') else op)
    code = compile(' '.join(out), expr, 'eval')
    env = {'np': np, 'erf': erf}

    def f(D, P):
        with np.errstate(all='ignore'):
            return eval(code, env, {'D': D, 'P': P})
    f.params = params
    f.python = ' '.join(out)
    return f
