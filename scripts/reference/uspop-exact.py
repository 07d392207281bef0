"""The least-squares logistic fit of R's uspop to 50 digits (Gauss-Newton in mpmath), as the
high-precision reference of test/fit/precision.test.ts. Run: python3 scripts/reference/uspop-exact.py"""
import csv, json, sys
import mpmath as mp

mp.mp.dps = 50
rows = list(csv.DictReader(open('test/start-free/data/uspop.csv')))
x = [mp.mpf(r['year']) for r in rows]
y = [mp.mpf(r['pop']) for r in rows]
p = [mp.mpf(315.5), mp.mpf(0.0246), mp.mpf(1949.2)]  # near the optimum: Gauss-Newton converges
for _ in range(60):
    K, r, y0 = p
    J, res = [], []
    for xi, yi in zip(x, y):
        e = mp.exp(-r * (xi - y0))
        f = K / (1 + e)
        res.append(f - yi)
        J.append([1 / (1 + e), K * e * (xi - y0) / (1 + e) ** 2, -K * e * r / (1 + e) ** 2])
    Jm = mp.matrix(J)
    step = mp.lu_solve(Jm.T * Jm, -(Jm.T * mp.matrix(res)))
    p = [p[i] + step[i] for i in range(3)]
    if max(abs(step[i] / p[i]) for i in range(3)) < mp.mpf(10) ** -45:
        break
rss = sum((K / (1 + mp.exp(-r * (xi - y0))) - yi) ** 2 for xi, yi in zip(x, y) for K, r, y0 in [p])
out = {'model': 'K/(1+exp(-r*(year-y0)))', 'params': {'K': mp.nstr(p[0], 30), 'r': mp.nstr(p[1], 30), 'y0': mp.nstr(p[2], 30)}, 'rss': mp.nstr(rss, 30)}
json.dump(out, sys.stdout, indent=2)
print()
