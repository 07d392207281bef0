"""The reference fit of the start-free audits (gen3.py, gen4.py): scipy's least_squares, lm and trf
with x_scale='jac', from the true parameters and 15 perturbed copies (10 at 10%, 5 at 30%); the
lowest cost is kept (RSS = 2*cost). `r` is the case's numpy Generator, so the starts are seeded."""
import numpy as np
from scipy.optimize import least_squares


def best_fit(f, p, x, y, r):
    best = None
    starts = [p] + [list(np.array(p) * (1 + s * r.normal(size=len(p)))) for s in [0.1] * 10 + [0.3] * 5]
    for s0 in starts:
        for meth in ['lm', 'trf']:
            try:
                o = least_squares(lambda q: f(q, x) - y, s0, method=meth, x_scale='jac', max_nfev=20000)
                if np.isfinite(o.cost) and (best is None or o.cost < best.cost):
                    best = o
            except Exception:
                pass
    return best


def noisy_case(f, p, x, r, name):
    """Writes the case's CSV (the model at p, noise of 1-5% of its range, drawn from r) and reads it
    back, so that the reference fits exactly what gradfit reads. Returns x, y and the noise's sd."""
    yt = f(p, x)
    noise = r.uniform(0.01, 0.05) * (yt.max() - yt.min())
    y = yt + r.normal(0, noise, len(x))
    np.savetxt(name, np.c_[x, y], delimiter=',', header='x,y', comments='', fmt='%.12g')
    x, y = np.loadtxt(name, delimiter=',', skiprows=1, unpack=True)
    return x, y, noise
