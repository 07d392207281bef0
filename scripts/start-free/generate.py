"""Write the synthetic data of test/start-free/data (seeded; re-running gives the same files).
    python3 scripts/start-free/generate.py      (from the repository root; needs numpy, scipy for erf)
Each case's generator is numpy's default_rng seeded with the CRC-32 of the case name; noise is
Gaussian, sd = level * (max - min of the true curve) ('abs') or level * |true value| ('rel').
x is written with 10 significant digits, y with 6, as an instrument would give them."""
import os, sys, zlib
import numpy as np
sys.path.insert(0, os.path.dirname(__file__))
from cases import SYNTHETIC
from model import compile_model

OUT = os.path.join('test', 'start-free', 'data')


def grid(spec, n, rng):
    kind = spec[0]
    if kind == 'lin':
        return np.linspace(spec[1], spec[2], n)
    if kind == 'log':
        return np.geomspace(spec[1], spec[2], n)
    if kind == 'rand':
        return np.sort(rng.uniform(spec[1], spec[2], n))
    if kind == 'rep':
        _, sub, lo, hi, k = spec
        m = n // k
        base = np.arange(lo, hi + 1, dtype=float) if sub == 'int' else grid((sub, lo, hi), m, rng)
        assert len(base) * k == n, (spec, n)
        return np.repeat(base, k)
    raise ValueError(spec)


def main():
    os.makedirs(OUT, exist_ok=True)
    for case in SYNTHETIC:
        rng = np.random.default_rng(zlib.crc32(case['name'].encode()))
        x = grid(case['grid'], case['n'], rng)
        f = compile_model(case['model'], [case['x']], case['x'])
        names = f.params
        assert set(names) == set(case['true']), (case['name'], names)
        p = np.array([case['true'][k] for k in names])
        mu = np.real(f({case['x']: x}, p))
        assert np.all(np.isfinite(mu)), case['name']
        kind, level = case['noise']
        sd = level * (mu.max() - mu.min()) if kind == 'abs' else level * np.abs(mu)
        y = mu + rng.normal(0.0, 1.0, len(x)) * sd
        with open(os.path.join(OUT, case['name'] + '.csv'), 'w') as fh:
            fh.write(f"{case['x']},{case['y']}\n")
            for a, b in zip(x, y):
                fh.write(f"{a:.10g},{b:.6g}\n")
        print(f"{case['name']:24s} n={len(x):5d} noise {kind} {level}")


if __name__ == '__main__':
    main()
