"""More start-free models (test/reference-data/start-free-more/): synthetic data for 21 models
outside test/start-free's families, each with the lowest RSS scipy's MINPACK LM reaches from the
true parameters and 60 random starts around them (log-normal scale, random signs).

    python3 scripts/start-free/more.py      # numpy + scipy (Debian python3-numpy, python3-scipy)

Writes <name>.csv and cases.json there. Seeded: the same files every run."""
import json, os
import numpy as np
from scipy.optimize import least_squares

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'reference-data', 'start-free-more')
rng = np.random.default_rng(7)
CASES = [
    ('damped-cos', 'a*exp(-d*x)*cos(w*x+p)+c', dict(a=3, d=0.3, w=2.5, p=0.4, c=1), np.linspace(0, 12, 300), 0.05),
    ('mm-linear', 'a*x/(b+x)+c*x', dict(a=10, b=2, c=0.3), np.linspace(0.1, 20, 80), 0.1),
    ('chapman', 'a*(1-exp(-b*x))^c', dict(a=30, b=0.15, c=2.5), np.linspace(1, 40, 60), 0.3),
    ('two-gauss-offset', 'a*exp(-((x-b)/c)^2)+d*exp(-((x-m)/f)^2)+g', dict(a=5, b=3, c=0.6, d=3, m=6, f=1.0, g=0.5), np.linspace(0, 10, 400), 0.05),
    ('sin-cos', 'a*sin(b*x)+c*cos(b*x)', dict(a=2, b=1.7, c=-1), np.linspace(0, 20, 200), 0.1),
    ('biexp-offset', 'y0+A*exp(-x/t1)+B*exp(-x/t2)', dict(y0=1, A=5, t1=0.5, B=3, t2=5), np.linspace(0, 25, 200), 0.02),
    ('gamma-like', 'a*x^2*exp(-b*x)', dict(a=4, b=0.8), np.linspace(0, 15, 100), 0.1),
    ('inv-logistic', '1/(a+b*exp(-c*x))', dict(a=0.01, b=0.5, c=0.3), np.linspace(0, 40, 100), 0.5),
    ('lennard-jones', '4*eps*((s/x)^12-(s/x)^6)', dict(eps=0.9, s=3.4), np.linspace(3.2, 8, 100), 0.01),
    ('half-life', 'a*2^(-x/h)+c', dict(a=100, h=5.3, c=3), np.linspace(0, 30, 60), 1.0),
    ('delayed-rise', 'a*(1-exp(-k*(x-t0)))', dict(a=8, k=0.4, t0=2), np.linspace(2.5, 20, 60), 0.1),
    ('gauss-area', 'A/(s*sqrt(2*pi))*exp(-(x-m)^2/(2*s^2))', dict(A=50, s=0.3, m=4.2), np.linspace(0, 10, 500), 0.2),
    ('exp-linear', 'a*exp(b*x)+c*x+d', dict(a=0.5, b=0.35, c=-2, d=4), np.linspace(0, 10, 100), 0.2),
    ('sqrt-law', 'a*sqrt(x-b)+c', dict(a=3, b=1.5, c=-1), np.linspace(1.6, 20, 80), 0.05),
    ('cauchy-cdf', 'a*atan(b*(x-c))+d', dict(a=2, b=3, c=5, d=1), np.linspace(0, 10, 100), 0.05),
    ('logistic-decline', 'a/(1+exp(b*(x-c)))+d', dict(a=10, b=1.2, c=30, d=2), np.linspace(0, 60, 120), 0.2),
    ('power-exp', 'a*x^b*exp(-c*x)', dict(a=2, b=1.5, c=0.25), np.linspace(0.1, 30, 150), 0.1),
    ('sine-47hz', 'a*sin(2*pi*f*x+p)', dict(a=1.5, f=47.3, p=1.1), np.linspace(0, 0.2, 400), 0.1),
    # Added later, at the end so that the cases above keep their data. Two peaks closer than
    # their widths, which a search can end at the two merging (A1 = -A2, huge); sines of over 200
    # cycles, beyond what a sample of a few hundred rows can tell apart from its aliases.
    # (Its noise, 1% of the curve's range, from its own generator, seeded 1: data a search of
    # gradfit 0.1.0 ended at the merging pair for.)
    ('two-gauss-close', 'A1*exp(-(x-m1)^2/(2*s1^2))+A2*exp(-(x-m2)^2/(2*s2^2))+c',
     dict(A1=3, m1=4, s1=0.6, A2=2, m2=5.2, s2=0.8, c=0.2), np.linspace(0, 10, 200), ('range', 0.01, 1)),
    ('sine-230-cycles', 'a*sin(w*x+p)+c', dict(a=1, w=2 * np.pi * 2.3, p=-2, c=0.5), np.linspace(0, 100, 1001), 0.002),
    ('sine-uneven-270-cycles', 'a*sin(w*x+p)+c', dict(a=1, w=2 * np.pi / 0.37, p=-2, c=0.5),
     np.random.default_rng(270).uniform(0, 100, 5000), 0.001),
]
ENV = dict(exp=np.exp, log=np.log, sin=np.sin, cos=np.cos, sqrt=np.sqrt, atan=np.arctan, pi=np.pi)

def model(expr, names):
    code = compile(expr.replace('^', '**'), expr, 'eval')
    def f(p, x):
        env = dict(ENV, x=x, **dict(zip(names, p)))
        with np.errstate(all='ignore'):
            return eval(code, {}, env) * np.ones_like(x)
    return f

os.makedirs(OUT, exist_ok=True)
cases = []
for name, expr, true, x, noise in CASES:
    names = list(true)
    f = model(expr, names)
    p_true = np.array([true[k] for k in names], float)
    if isinstance(noise, tuple):
        _, level, seed = noise
        curve = f(p_true, x)
        y = curve + np.random.default_rng(seed).normal(0, level * np.ptp(curve), x.size)
    else:
        y = f(p_true, x) + rng.normal(0, noise, x.size)
    with open(os.path.join(OUT, f'{name}.csv'), 'w') as fh:
        fh.write('x,y\n')
        fh.writelines(f'{float(a)!r},{float(b)!r}\n' for a, b in zip(x, y))
    starts = [p_true] + [p_true * np.exp(rng.normal(0, 1, len(names))) * rng.choice([1, 1, 1, -1], len(names)) for _ in range(60)]
    best = None
    for s in starts:
        try:
            sol = least_squares(lambda p: f(p, x) - y, s, method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=1500)
        except Exception:
            continue
        rss = float(np.sum(sol.fun ** 2))
        if np.isfinite(rss) and (best is None or rss < best[0]):
            best = (rss, sol.x)
    cases.append({'name': name, 'model': expr, 'file': f'{name}.csv', 'n': int(x.size), 'true': true,
                  'bestRss': best[0], 'bestParams': dict(zip(names, map(float, best[1])))})
    print(name, best[0])
with open(os.path.join(OUT, 'cases.json'), 'w') as fh:
    json.dump({'source': 'scripts/start-free/more.py (numpy default_rng(7); scipy least_squares lm from the truth and 60 random starts)', 'cases': cases}, fh, indent=1)
