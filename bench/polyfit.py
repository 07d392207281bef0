"""What a user would otherwise run: pandas.read_csv + numpy.polyfit, in one process.

    python3 bench/polyfit.py FILE DEGREE

Prints one JSON object: the coefficients c0..cN (ck multiplies x^k, as gradfit names them).
"""
import json
import sys

import numpy as np
import pandas as pd

path, degree = sys.argv[1], int(sys.argv[2])
frame = pd.read_csv(path)
coefficients = np.polyfit(frame.iloc[:, 0].to_numpy(), frame.iloc[:, 1].to_numpy(), degree)
print(json.dumps({"coefficients": [float(c) for c in coefficients[::-1]]}))
