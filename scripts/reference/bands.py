"""Delta-method bands by hand with numpy and scipy (analytic gradients, exact Jacobian), as a
second reference beside R's (which takes its gradients by finite differences).
Run from the repository root:  python3 scripts/reference/bands.py
Reads the fitted parameters from test/reference-data/r/intervals.json (R's nls) and the data
files; writes test/reference-data/r/bands-numpy.json."""
import json
import numpy as np
from scipy import stats

R = "test/reference-data/r"
ref = json.load(open(f"{R}/intervals.json"))


def columns(name):
    data = np.genfromtxt(f"{R}/{name}", delimiter=",", names=True)
    return {k: data[k] for k in data.dtype.names}


MODELS = {
    # name: (data file, x column, y column, f(theta, x), gradient(theta, x), parameter names, new x, level)
    "puromycin": ("puromycin_treated.csv", "conc", "rate",
                  lambda t, x: t[0] * x / (t[1] + x),
                  lambda t, x: np.stack([x / (t[1] + x), -t[0] * x / (t[1] + x) ** 2], axis=1),
                  ["Vm", "K"], [0.02, 0.1, 0.5, 1.2], 0.95),
    "bod": ("bod.csv", "Time", "demand",
            lambda t, x: t[0] * (1 - np.exp(-t[1] * x)),
            lambda t, x: np.stack([1 - np.exp(-t[1] * x), t[0] * x * np.exp(-t[1] * x)], axis=1),
            ["A", "k"], [1, 3.5, 7], 0.90),
}

out = {"_comment": f"made by scripts/reference/bands.py with numpy {np.__version__}, scipy {__import__('scipy').__version__}"}
for name, (file, xc, yc, f, grad, names, new, level) in MODELS.items():
    d = columns(file)
    x, y = d[xc], d[yc]
    theta = np.array([ref[name]["params"][k] for k in names])
    r = y - f(theta, x)
    J = grad(theta, x)
    n, p = J.shape
    dof = n - p
    s2 = r @ r / dof
    _, Rf = np.linalg.qr(J)
    Rinv = np.linalg.inv(Rf)
    cov = s2 * Rinv @ Rinv.T
    xn = np.array(new, dtype=float)
    g = grad(theta, xn)
    se = np.sqrt(np.einsum("ij,jk,ik->i", g, cov, g))
    t = stats.t.ppf((1 + level) / 2, dof)
    fit = f(theta, xn)
    out[name] = {
        "level": level, "x": new, "fit": fit.tolist(),
        "confLower": (fit - t * se).tolist(), "confUpper": (fit + t * se).tolist(),
        "predLower": (fit - t * np.sqrt(se ** 2 + s2)).tolist(), "predUpper": (fit + t * np.sqrt(se ** 2 + s2)).tolist(),
    }
with open(f"{R}/bands-numpy.json", "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
