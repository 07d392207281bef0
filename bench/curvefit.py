"""What a user would otherwise run for a nonlinear model: pandas.read_csv + scipy's curve_fit.

    python3 bench/curvefit.py FILE

Fits y = a*exp(-k*x) + c to the first two columns from a = k = c = 1 (the start gradfit's bench
gives, --start a=1,k=1,c=1), with curve_fit's defaults (Levenberg-Marquardt, MINPACK's lmdif with
forward differences). Prints one JSON object: the parameters and the number of evaluations.
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy.optimize import curve_fit


def model(x, a, k, c):
    return a * np.exp(-k * x) + c


path = sys.argv[1]
frame = pd.read_csv(path)
x = frame.iloc[:, 0].to_numpy()
y = frame.iloc[:, 1].to_numpy()
params, _cov, info, _message, _status = curve_fit(model, x, y, p0=[1.0, 1.0, 1.0], full_output=True)
print(json.dumps({"params": {"a": float(params[0]), "k": float(params[1]), "c": float(params[2])}, "evaluations": int(info["nfev"])}))
