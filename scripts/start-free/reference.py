"""Brute-force global optimum of every case of test/start-free, written to test/start-free/cases.json.
    python3 scripts/start-free/reference.py [--starts N] [--only NAME ...]   (from the repository root)
For each case: N random starts (default 2000) drawn from the case's box (cases.py), plus a few at the
true parameters (synthetic) or R's nls fit (real); from each, scipy.optimize.least_squares
(method='lm', MINPACK, xtol=ftol=gtol=1e-15) with the Jacobian by complex step (exact to rounding).
The lowest RSS, polished by a further run from there, is the optimum, put in canonical form by the
case's symmetries. A local minimum is a run that ended with the residuals orthogonal to the
Jacobian's columns (max cosine < 1e-6); nextBestRss is the lowest such RSS above optimum*(1+1e-4)
(null if none): distinct in RSS, so mirror images of the optimum do not count."""
import argparse, csv, json, math, os, sys, time, zlib
from multiprocessing import Pool
import numpy as np
from scipy.optimize import least_squares
sys.path.insert(0, os.path.dirname(__file__))
from cases import SYNTHETIC, REAL, R_MAP
from model import compile_model

DATA = os.path.join('test', 'start-free')
a_max_nfev = 400
DISTINCT = 1e-4  # a local minimum counts as distinct from the optimum when its RSS is higher by more than this (relative)


def read_csv(path):
    with open(path) as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    cols = {h: np.array([float(r[i]) for r in rows[1:]]) for i, h in enumerate(head)}
    return head, cols


def canonical(p, names, equiv):
    v = dict(zip(names, p))
    for rule in equiv or []:
        if 'positive' in rule:
            k = rule['positive']
            if v[k] < 0:
                v[k] = -v[k]
                for q in rule.get('negate', []):
                    v[q] = -v[q]
                for a, b in rule.get('swap', []):
                    v[a], v[b] = v[b], v[a]
                for q, c in rule.get('shift', {}).items():
                    v[q] += c
        elif 'periodic' in rule:
            for q, per in rule['periodic'].items():
                v[q] = v[q] % per
        elif 'order' in rule:
            groups = rule['order']
            vals = sorted(([v[q] for q in g] for g in groups), key=lambda t: t[rule['by']], reverse=rule.get('descending', False))
            for g, t in zip(groups, vals):
                for q, val in zip(g, t):
                    v[q] = val
    return np.array([v[k] for k in names])


class Problem:
    def __init__(self, case):
        self.case = case
        head, cols = read_csv(os.path.join(DATA, 'data', case['name'] + '.csv'))
        assert case['x'] in head and case['y'] in head, case['name']
        self.f = compile_model(case['model'], head, case['x'])
        self.names = self.f.params
        for k in self.names:
            assert k not in head, f"{case['name']}: parameter {k} is a column"
        used = [h for h in head if h in self.f.python]
        self.D = {h: cols[h] for h in head}
        self.y = cols[case['y']]
        self.n = len(self.y)

    def resid(self, p):
        r = np.real(self.f(self.D, p)) - self.y
        r = np.broadcast_to(r, self.y.shape)
        return np.where(np.isfinite(r), r, 1e100)

    def jac(self, p):
        k = len(p)
        h = 1e-30 * np.maximum(np.abs(p), 1e-200)
        P = (p.astype(complex)[:, None] + np.diag(1j * h)[:, :, None])  # k x k x 1
        out = np.empty((self.n, k))
        for j in range(k):
            v = self.f(self.D, P[j])
            v = np.broadcast_to(v, self.y.shape)
            out[:, j] = np.imag(v) / h[j]
        return np.where(np.isfinite(out), out, 0.0)

    def solve(self, p0):
        try:
            r0 = self.resid(p0)
            if not np.all(np.abs(r0) < 1e99):
                return None
            s = least_squares(self.resid, p0, jac=self.jac, method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=a_max_nfev)
        except Exception:
            return None
        r = self.resid(s.x)
        if not np.all(np.abs(r) < 1e99) or not np.all(np.isfinite(s.x)):
            return None
        rss = float(np.sum(r * r))
        J = self.jac(s.x)
        nr = math.sqrt(rss)
        nj = np.linalg.norm(J, axis=0)
        with np.errstate(all='ignore'):
            cos = np.where(nj > 0, np.abs(J.T @ r) / (nj * nr if nr > 0 else 1.0), 0.0)
        return rss, s.x, float(np.max(cos)) if len(cos) else 0.0


def draw(box, rng):
    kind, lo, hi = box
    if kind == 'lin':
        return rng.uniform(lo, hi)
    sgn = 1.0 if lo > 0 else -1.0
    a, b = sorted((abs(lo), abs(hi)))
    return sgn * math.exp(rng.uniform(math.log(a), math.log(b)))


def run_case(args):
    case, nstarts, rfit = args
    t0 = time.time()
    pr = Problem(case)
    names = pr.names
    rng = np.random.default_rng(zlib.crc32(('ref:' + case['name']).encode()))
    starts = [np.array([draw(case['box'][k], rng) for k in names]) for _ in range(nstarts)]
    anchor = case.get('true') or rfit
    if anchor:
        a = np.array([anchor[k] for k in names])
        starts += [a] + [a * (1 + 0.01 * rng.normal(size=len(a))) for _ in range(4)]
    results = [r for r in (pr.solve(s) for s in starts) if r is not None]
    if case.get('principal'):  # drop aliases above the Nyquist frequency (same RSS on evenly spaced x)
        j = names.index(case['principal'])
        nyq = math.pi / float(np.min(np.diff(np.unique(pr.D[case['x']]))))
        results = [r for r in results if abs(r[1][j]) < nyq]
    results.sort(key=lambda t: t[0])
    best = results[0]
    for _ in range(3):  # polish
        again = pr.solve(best[1])
        if again is not None and again[0] <= best[0]:
            best = again
    rss, p, cos = best
    hits = sum(1 for r in results[:] if r[0] <= rss * (1 + 1e-6))
    minima = [r[0] for r in results if r[2] < 1e-6 and r[0] > rss * (1 + DISTINCT)]
    distinct = []
    for m in sorted(minima):
        if not distinct or m > distinct[-1] * (1 + DISTINCT):
            distinct.append(m)
    J = pr.jac(p)
    dof = pr.n - len(p)
    try:
        cov = np.linalg.inv(J.T @ J) * (rss / dof)
        se = np.sqrt(np.abs(np.diag(cov)))
    except np.linalg.LinAlgError:
        se = np.full(len(p), np.nan)
    pc = canonical(p, names, case.get('equiv'))
    return dict(name=case['name'], names=names, params=pc, rss=rss, cos=cos, stderr=se, nextBest=distinct[0] if distinct else None,
                hits=hits, tried=len(starts), ok=len(results), minima=len(distinct), secs=time.time() - t0, n=pr.n)


def scale_of(box):
    kind, lo, hi = box
    return max(abs(lo), abs(hi)) if kind == 'lin' else math.sqrt(abs(lo * hi))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--starts', type=int, default=2000)
    ap.add_argument('--only', nargs='*')
    ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args()
    rfits = json.load(open(os.path.join(os.path.dirname(__file__), 'r-fits.json')))
    real = []
    for c in REAL:
        co = rfits[c['name']]['coef']
        co = R_MAP[c['name']](co) if c['name'] in R_MAP else co
        real.append((c, co))
    todo = [(c, a.starts, None) for c in SYNTHETIC] + [(c, a.starts, co) for c, co in real]
    if a.only:
        todo = [t for t in todo if t[0]['name'] in a.only]
    todo.sort(key=lambda t: t[0].get('n', 50) * len(t[0]['box']))  # cheap cases first
    path = os.path.join(DATA, 'cases.json')
    byname = {t[0]['name']: t for t in todo}
    order = [c['name'] for c in SYNTHETIC] + [c['name'] for c in REAL]
    pool = Pool(a.jobs)
    for r in pool.imap_unordered(run_case, todo, chunksize=1):
        case, _, rco = byname[r['name']]
        names = r['names']
        e = dict(name=case['name'], family=case['family'], file='data/' + case['name'] + '.csv', model=case['model'],
                 x=case['x'], y=case['y'], n=r['n'],
                 params={k: float(v) for k, v in zip(names, r['params'])},
                 rss=r['rss'], nextBestRss=r['nextBest'])
        if case.get('principal'):
            xs = np.unique(Problem(case).D[case['x']])
            nyq = math.pi / float(np.min(np.diff(xs)))
            e['note'] = (f"{case['principal']} is the principal frequency, below the Nyquist frequency pi/dx = {nyq!r}; "
                         f"on these evenly spaced x, {case['principal']} + 2*pi*k/dx fits the samples as well (an alias), and is not accepted")
        if case.get('needs'):
            e['needs'] = case['needs']
        if case.get('equiv'):
            e['equiv'] = case['equiv']
        e['scales'] = {k: scale_of(case['box'][k]) for k in names}
        e['stderr'] = {k: float(v) for k, v in zip(names, r['stderr'])}
        if 'true' in case:
            e['source'] = dict(kind='synthetic', generator='scripts/start-free/generate.py', seed='crc32(name)',
                               true=case['true'], grid=list(case['grid']), noise=list(case['noise']))
        else:
            e['source'] = dict(kind='real', dataset=case['source'], rNls=rco)
            rel = max(abs(r['params'][i] - rco[k]) / abs(rco[k]) for i, k in enumerate(names))
            e['source']['maxRelDiffFromR'] = rel
        e['reference'] = dict(starts=r['tried'], converged=r['ok'], foundOptimum=r['hits'], distinctWorseMinima=r['minima'],
                              maxCosine=r['cos'])
        print(f"{case['name']:24s} rss={r['rss']:.10g} next={r['nextBest']} hits={r['hits']}/{r['tried']} minima={r['minima']} cos={r['cos']:.1e} {r['secs']:.0f}s"
              + (f" R-rel={e['source']['maxRelDiffFromR']:.1e}" if 'maxRelDiffFromR' in e['source'] else ''), flush=True)
        cur = {c['name']: c for c in json.load(open(path))} if os.path.exists(path) else {}
        cur[case['name']] = e  # merge into the file as it is now (another run may be writing other cases)
        allc = [cur[k] for k in order if k in cur]
        with open(path + '.tmp', 'w') as fh:
            json.dump(allc, fh, indent=1)
            fh.write('\n')
        os.replace(path + '.tmp', path)
    pool.close()
    pool.join()


if __name__ == '__main__':
    main()
