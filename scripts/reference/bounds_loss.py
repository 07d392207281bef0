"""Reference values for gradfit's --bounds, --fix, --loss/--f-scale and --absolute-sigma.

Writes test/reference-data/scipy/*.csv (the data, generated here with a fixed seed) and
test/reference-data/scipy/bounds_loss.json (what scipy.optimize computes on them). Run from the
repository root:  python3 scripts/reference/bounds_loss.py
The tests read the committed files; they never need scipy.
"""
import json
import os

import numpy as np
import scipy
from scipy.optimize import curve_fit, least_squares

OUT = 'test/reference-data/scipy'
TIGHT = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=100000)
rng = np.random.default_rng(20261202)


def write_csv(name, header, cols):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        f.write(','.join(header) + '\n')
        for row in zip(*cols):
            f.write(','.join(repr(float(v)) for v in row) + '\n')
    return name


def decay(p, x):
    a, k, c = p
    return a * np.exp(-k * x) + c


# Exponential decay with noise: a=5, k=0.7, c=1.
x = np.linspace(0, 8, 40)
y = decay([5, 0.7, 1], x) + rng.normal(0, 0.05, x.size)
sig = 0.03 + 0.04 * rng.random(x.size)
y_w = decay([5, 0.7, 1], x) + rng.normal(0, 1, x.size) * sig
decay_csv = write_csv('decay.csv', ['x', 'y'], [x, y])
decay_w_csv = write_csv('decay_sigma.csv', ['x', 'y', 's'], [x, y_w, sig])

# A line with outliers: y = 2 + 0.5 x, noise 0.1, every seventh point off by +3.
xl = np.linspace(0, 10, 50)
yl = 2 + 0.5 * xl + rng.normal(0, 0.1, xl.size)
yl[::7] += 3.0
line_csv = write_csv('line_outliers.csv', ['x', 'y'], [xl, yl])

# Decay with outliers, for a robust loss with bounds.
yo = y.copy()
yo[3::9] += 1.5
decay_out_csv = write_csv('decay_outliers.csv', ['x', 'y'], [x, yo])

# Two independent variables: z = a*u + b*exp(-c*v).
u = rng.uniform(0, 4, 60)
v = rng.uniform(0, 3, 60)
z = 1.5 * u + 3 * np.exp(-0.8 * v) + rng.normal(0, 0.05, u.size)
two_csv = write_csv('two_vars.csv', ['u', 'v', 'z'], [u, v, z])

cases = []


def case(name, csv, args, params, res=None, stderr=None, extra=None):
    c = {'name': name, 'csv': csv, 'args': args, 'params': dict(zip(params, map(float, res.x)))}
    if stderr is not None:
        c['stderr'] = dict(zip(params, map(float, stderr)))
    if extra:
        c.update(extra)
    cases.append(c)


def covariance_se(res, dof, variance):
    J = res.jac
    cov = np.linalg.inv(J.T @ J) * variance
    return np.sqrt(np.diag(cov))


def plain_se(res, n):
    p = res.x.size
    return covariance_se(res, n - p, 2 * res.cost / (n - p))


# 1. Bounds, the k bound active: k <= 0.5.
lb, ub = [-np.inf, -np.inf, -np.inf], [np.inf, 0.5, np.inf]
res = least_squares(lambda p: decay(p, x) - y, [4, 0.3, 0.5], bounds=(lb, ub), method='trf', **TIGHT)
case('bounds-active', decay_csv, ['--model', 'a*exp(-k*x)+c', '--bounds', 'k=:0.5', '--start', 'a=4,k=0.3,c=0.5'], ['a', 'k', 'c'], res,
     extra={'atBound': {'k': 'upper'}, 'active_mask': res.active_mask.tolist(), 'rss': float(2 * res.cost)})

# 2. Bounds inactive (the unconstrained optimum is inside): the plain fit.
res = least_squares(lambda p: decay(p, x) - y, [4, 0.3, 0.5], bounds=([0, 0, 0], [10, 2, 3]), method='trf', **TIGHT)
case('bounds-inactive', decay_csv, ['--model', 'a*exp(-k*x)+c', '--bounds', 'a=0:10,k=0:2,c=0:3', '--start', 'a=4,k=0.3,c=0.5'], ['a', 'k', 'c'], res,
     stderr=plain_se(res, x.size), extra={'atBound': {}, 'rss': float(2 * res.cost)})

# 3. Bounds, two active: c >= 1.2 and a <= 4.5, found by the search (no --start).
res = least_squares(lambda p: decay(p, x) - y, [4, 0.5, 1.5], bounds=([-np.inf, 0, 1.2], [4.5, np.inf, np.inf]), method='trf', **TIGHT)
case('bounds-two-active', decay_csv, ['--model', 'a*exp(-k*x)+c', '--bounds', 'a=-inf:4.5,k=0:inf,c=1.2:'], ['a', 'k', 'c'], res,
     extra={'atBound': {'a': 'upper', 'c': 'lower'}, 'active_mask': res.active_mask.tolist(), 'rss': float(2 * res.cost)})

# 4. Robust losses on the line with outliers, f_scale 0.3, and the covariance from scipy's
#    rescaled Jacobian (res.jac), s^2 = 2*cost/(n - p).
for loss in ['huber', 'soft_l1', 'cauchy', 'arctan']:
    res = least_squares(lambda p: p[0] + p[1] * xl - yl, [1, 1], loss=loss, f_scale=0.3, method='trf', **TIGHT)
    r = res.x[0] + res.x[1] * xl - yl
    case(f'loss-{loss}', line_csv, ['--model', 'a+b*x', '--loss', loss.replace('_', '-'), '--f-scale', '0.3', '--start', 'a=1,b=1'], ['a', 'b'], res,
         stderr=covariance_se(res, xl.size - 2, 2 * res.cost / (xl.size - 2)),
         extra={'cost': float(res.cost), 'downWeighted': int(np.sum(np.abs(r) > 0.3))})

# 5. Robust loss with bounds: cauchy on the decay with outliers, c <= 0.95.
res = least_squares(lambda p: decay(p, x) - yo, [4, 0.5, 0.5], loss='cauchy', f_scale=0.1, bounds=([-np.inf, -np.inf, -np.inf], [np.inf, np.inf, 0.95]), method='trf', **TIGHT)
case('loss-cauchy-bounds', decay_out_csv, ['--model', 'a*exp(-k*x)+c', '--loss', 'cauchy', '--f-scale', '0.1', '--bounds', 'c=:0.95', '--start', 'a=4,k=0.5,c=0.5'], ['a', 'k', 'c'], res,
     extra={'atBound': {'c': 'upper'}, 'cost': float(res.cost)})

# 6. Huber with default f_scale 1 on the decay with outliers, no start (the search, then the loss).
res = least_squares(lambda p: decay(p, x) - yo, [5, 0.7, 1], loss='huber', method='trf', **TIGHT)
case('loss-huber-default-scale', decay_out_csv, ['--model', 'a*exp(-k*x)+c', '--loss', 'huber'], ['a', 'k', 'c'], res, extra={'cost': float(res.cost)})

# 7. curve_fit with sigma: absolute_sigma True and False.
f = lambda xx, a, k, c: a * np.exp(-k * xx) + c
for absolute in [True, False]:
    popt, pcov = curve_fit(f, x, y_w, p0=[4, 0.5, 0.5], sigma=sig, absolute_sigma=absolute, method='lm', ftol=1e-15, xtol=1e-15, gtol=1e-15, maxfev=100000)
    args = ['--model', 'a*exp(-k*x)+c', '--sigma', 's', '--start', 'a=4,k=0.5,c=0.5'] + (['--absolute-sigma'] if absolute else [])
    cases.append({'name': f'curve-fit-absolute-sigma-{str(absolute).lower()}', 'csv': decay_w_csv, 'args': args,
                  'params': dict(zip('akc', map(float, popt))), 'stderr': dict(zip('akc', map(float, np.sqrt(np.diag(pcov)))))})

# 8. --fix c=1: least_squares over a and k only; standard errors from that reduced problem.
res = least_squares(lambda p: decay([p[0], p[1], 1.0], x) - y, [4, 0.5], method='lm', **TIGHT)
c = {'name': 'fix-c', 'csv': decay_csv, 'args': ['--model', 'a*exp(-k*x)+c', '--fix', 'c=1', '--start', 'a=4,k=0.5'],
     'params': {'a': float(res.x[0]), 'k': float(res.x[1]), 'c': 1.0}, 'stderr': dict(zip('ak', map(float, plain_se(res, x.size)))), 'dof': x.size - 2}
cases.append(c)

# 9. Two independent variables, a bound active on b (b >= 3.2), --fix nothing.
res = least_squares(lambda p: p[0] * u + p[1] * np.exp(-p[2] * v) - z, [1, 3.5, 1], bounds=([-np.inf, 3.2, 0], np.inf), method='trf', **TIGHT)
case('two-vars-bounds', two_csv, ['--model', 'a*u + b*exp(-c*v)', '-x', 'u', '-y', 'z', '--bounds', 'b=3.2:,c=0:', '--start', 'a=1,b=3.5,c=1'], ['a', 'b', 'c'], res,
     extra={'atBound': {'b': 'lower'}})

# 10. A polynomial (--degree 2) with bounds on two coefficients, no start.
res = least_squares(lambda p: p[0] + p[1] * x + p[2] * x**2 - y, [5, 0, -0.1], bounds=([4.5, -np.inf, -np.inf], [np.inf, np.inf, 0]), method='trf', **TIGHT)
case('poly-bounds', decay_csv, ['--degree', '2', '--bounds', 'c0=4.5:,c2=:0'], ['c0', 'c1', 'c2'], res, extra={'atBound': {'c0': 'lower', 'c2': 'upper'}})

# 11. A robust loss on weighted residuals (--sigma): r_i = (f_i - y_i)/sigma_i, huber with f_scale 1.5.
res = least_squares(lambda p: (decay(p, x) - y_w) / sig, [4, 0.5, 0.5], loss='huber', f_scale=1.5, method='trf', **TIGHT)
case('loss-huber-sigma', decay_w_csv, ['--model', 'a*exp(-k*x)+c', '--sigma', 's', '--loss', 'huber', '--f-scale', '1.5', '--start', 'a=4,k=0.5,c=0.5'], ['a', 'k', 'c'], res,
     stderr=covariance_se(res, x.size - 3, 2 * res.cost / (x.size - 3)), extra={'cost': float(res.cost)})

with open(os.path.join(OUT, 'bounds_loss.json'), 'w') as fh:
    json.dump({'scipy': scipy.__version__, 'numpy': np.__version__, 'cases': cases}, fh, indent=1)
print(json.dumps(cases, indent=1)[:6000])
