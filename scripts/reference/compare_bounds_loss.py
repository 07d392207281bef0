"""Prints the README's table comparing gradfit with scipy on test/reference-data/scipy/bounds_loss.json:
the log relative error (correct significant digits) of the worst parameter and standard error.
Needs only a built gradfit (npm run build), not scipy. Run from the repository root."""
import json
import math
import subprocess

cases = json.load(open('test/reference-data/scipy/bounds_loss.json'))['cases']


def lre(a, b):
    # (A parameter on a bound of 0: scipy's trf ends a hair inside it, 6e-32, gradfit exactly on it.)
    if abs(a - b) <= 1e-15 * max(1.0, abs(b)):
        return 15.0
    return min(15.0, -math.log10(abs(a - b) / abs(b))) if b != 0 else -math.log10(abs(a))


print('| case | gradfit flags | scipy | min LRE params | min LRE std. errors |')
print('|---|---|---|---|---|')
for c in cases:
    out = subprocess.run(['bin/gradfit', 'fit', 'test/reference-data/scipy/' + c['csv'], *c['args'], '--json'], capture_output=True, text=True)
    r = json.loads(out.stdout)
    p = min(lre(r['params'][k], v) for k, v in c['params'].items())
    s = min((lre(r['stderr'][k], v) for k, v in c.get('stderr', {}).items()), default=None)
    how = 'curve_fit' if c['name'].startswith('curve-fit') else 'least_squares'
    shown = ' '.join(f'`{a}`' for a in c['args'] if a.startswith('--') and a not in ('--model', '--start'))
    print(f"| {c['name']} | {shown} | {how} | {p:.1f} | {'–' if s is None else f'{s:.1f}'} |")
