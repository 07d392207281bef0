"""The cases of test/start-free: model families as users write them (synthetic, seeded) and
real data sets from R's datasets package (written by real.R).

Each case: name, family, model (gradfit syntax), x and y column names, and for the brute-force
reference (reference.py) a box per parameter from which random starts are drawn:
  ('log', lo, hi)   log-uniform in [lo, hi] (lo, hi > 0), or both < 0 for a negative parameter
  ('lin', lo, hi)   uniform
Synthetic cases also carry the true parameters, the x grid, n and the noise.
`equiv` lists the exact symmetries of the model (same curve, other parameters), applied in order
to put a parameter vector in canonical form (see canonical() in reference.py and the test):
  {"positive": P, "negate": [...], "swap": [[a, b], ...], "shift": {Q: c}}  if P < 0: P = -P, and the others
  {"periodic": {Q: period}}                                              Q is compared modulo period
  {"order": [[...group1], [...group2]], "by": i, "descending": bool}      groups sorted by their i-th member
"""
import math

TAU = 2 * math.pi


def L(v, f=1000.0):
    """log box v/f .. v*f (sign kept)"""
    return ('log', v / f, v * f) if v > 0 else ('log', v * f, v / f)


def U(lo, hi):
    return ('lin', lo, hi)


def S(v, f=10.0):
    """signed box around 0 of half-width f*|v|"""
    return ('lin', -f * abs(v), f * abs(v))


SINE = lambda a, w, p: [{"positive": w, "negate": [a, p]}, {"positive": a, "shift": {p: math.pi}}, {"periodic": {p: TAU}}]

# x grids: ('lin', lo, hi) evenly spaced, ('log', lo, hi) geometric, ('rand', lo, hi) sorted uniform draws,
# ('rep', kind, lo, hi, k): k replicates of each of n/k points
SYNTHETIC = [
    dict(name="gaussian-narrow", family="peak: Gaussian", model="A*exp(-(x-mu)^2/(2*s^2))+b", x="x", y="y",
         true=dict(A=12.5, mu=2.4, s=0.05, b=0.8), grid=('lin', 0, 10), n=1000, noise=('abs', 0.03),
         box=dict(A=L(12.5), mu=U(0, 10), s=L(0.05), b=S(12.5)), equiv=[{"positive": "s"}]),
    dict(name="gaussian-wavenumber", family="peak: Gaussian", model="a*exp(-((x-b)/c)^2)", x="x", y="y",
         true=dict(a=0.74, b=5312.4, c=85.0), grid=('lin', 4000, 7000), n=1500, noise=('abs', 0.01),
         box=dict(a=L(0.74), b=U(4000, 7000), c=L(85.0)), equiv=[{"positive": "c"}]),
    dict(name="lorentzian", family="peak: Lorentzian", model="A*g^2/((x-x0)^2+g^2)+c", x="x", y="y",
         true=dict(A=850.0, x0=532.1, g=3.2, c=40.0), grid=('lin', 400, 700), n=600, noise=('abs', 0.02),
         box=dict(A=L(850.0), x0=U(400, 700), g=L(3.2), c=S(850.0)), equiv=[{"positive": "g"}]),
    dict(name="lorentzian-fwhm-mhz", family="peak: Lorentzian", model="A/(1+4*((f-f0)/G)^2)+y0", x="f", y="signal",
         true=dict(A=0.045, f0=9203.37, G=1.8, y0=0.002), grid=('lin', 9180, 9220), n=800, noise=('abs', 0.04),
         box=dict(A=L(0.045), f0=U(9180, 9220), G=L(1.8), y0=S(0.045)), equiv=[{"positive": "G"}]),
    dict(name="pseudo-voigt", family="peak: pseudo-Voigt", x="x", y="y",
         model="A*(eta/(1+((x-x0)/w)^2)+(1-eta)*exp(-log(2)*((x-x0)/w)^2))+b",
         true=dict(A=2300.0, x0=44.37, w=0.18, eta=0.35, b=120.0), grid=('lin', 20, 80), n=1200, noise=('abs', 0.02),
         box=dict(A=L(2300.0), x0=U(20, 80), w=L(0.18), eta=U(-1, 2), b=S(2300.0)), equiv=[{"positive": "w"}]),
    dict(name="two-gaussians", family="peak: two overlapping Gaussians", x="x", y="y",
         model="A1*exp(-(x-m1)^2/(2*s1^2))+A2*exp(-(x-m2)^2/(2*s2^2))",
         true=dict(A1=5.0, m1=4.2, s1=0.6, A2=3.2, m2=5.3, s2=0.8), grid=('lin', 0, 10), n=300, noise=('abs', 0.02),
         box=dict(A1=L(5.0), m1=U(0, 10), s1=L(0.6), A2=L(3.2), m2=U(0, 10), s2=L(0.8)),
         equiv=[{"positive": "s1"}, {"positive": "s2"}, {"order": [["A1", "m1", "s1"], ["A2", "m2", "s2"]], "by": 1}]),
    dict(name="peak-on-slope", family="peak: Gaussian on a sloped background", x="E", y="counts",
         model="A*exp(-(E-mu)^2/(2*s^2))+a+b*E",
         true=dict(A=340.0, mu=1061.3, s=2.7, a=-150.0, b=0.25), grid=('lin', 1000, 1100), n=400, noise=('abs', 0.03),
         box=dict(A=L(340.0), mu=U(1000, 1100), s=L(2.7), a=S(1000.0), b=S(1.0)), equiv=[{"positive": "s"}]),
    dict(name="gumbel-peak", family="peak: skewed (Gumbel, exp only)", x="t", y="counts",
         model="A*exp(-(t-mu)/w-exp(-(t-mu)/w))+b",
         true=dict(A=2.4e4, mu=12.7, w=0.35, b=300.0), grid=('lin', 0, 30), n=1800, noise=('abs', 0.02),
         box=dict(A=L(2.4e4), mu=U(0, 30), w=L(0.35), b=S(2.4e4))),
    dict(name="lognormal-peak", family="peak: skewed (log-normal)", x="x", y="y",
         model="A*exp(-log(x/x0)^2/(2*w^2))+b",
         true=dict(A=540.0, x0=18.0, w=0.45, b=25.0), grid=('log', 0.5, 200), n=250, noise=('abs', 0.03),
         box=dict(A=L(540.0), x0=L(18.0, 100), w=L(0.45), b=S(540.0)), equiv=[{"positive": "w"}]),
    dict(name="emg-peak", family="peak: skewed (exponentially modified Gaussian)", x="t", y="y", needs="erf",
         model="A/2*exp(s^2/(2*tau^2)-(t-mu)/tau)*(1-erf((s/tau-(t-mu)/s)/sqrt(2)))+b",
         true=dict(A=150.0, mu=8.2, s=0.3, tau=1.1, b=5.0), grid=('lin', 0, 25), n=500, noise=('abs', 0.02),
         box=dict(A=L(150.0), mu=U(0, 25), s=L(0.3), tau=L(1.1), b=S(150.0))),
    dict(name="exp-decay-slow", family="decay: exponential with offset", x="t", y="y",
         model="A*exp(-k*t)+c",
         true=dict(A=850.0, k=3e-4, c=120.0), grid=('lin', 0, 20000), n=200, noise=('abs', 0.01),
         box=dict(A=L(850.0), k=L(3e-4), c=S(850.0))),
    dict(name="exp-growth", family="growth: exponential", x="t", y="N",
         model="N0*exp(r*t)",
         true=dict(N0=2.5e3, r=0.085), grid=('lin', 0, 72), n=25, noise=('rel', 0.05),
         box=dict(N0=L(2.5e3), r=S(0.085, 20))),
    dict(name="biexponential", family="decay: biexponential", x="t", y="y",
         model="A1*exp(-k1*t)+A2*exp(-k2*t)",
         true=dict(A1=40.0, k1=0.9, A2=12.0, k2=0.05), grid=('lin', 0, 60), n=80, noise=('abs', 0.01),
         box=dict(A1=L(40.0), k1=L(0.9), A2=L(12.0), k2=L(0.05)),
         equiv=[{"order": [["A1", "k1"], ["A2", "k2"]], "by": 1, "descending": True}]),
    dict(name="power-law", family="power law", x="x", y="y",
         model="a*x^b",
         true=dict(a=3.7e-3, b=1.62), grid=('log', 1, 1000), n=50, noise=('rel', 0.05),
         box=dict(a=L(3.7e-3), b=U(-5, 5))),
    dict(name="power-law-offset", family="power law with offset", x="x", y="y",
         model="a*x^b+c",
         true=dict(a=120.0, b=-0.75, c=8.0), grid=('log', 0.5, 50), n=60, noise=('abs', 0.02),
         box=dict(a=L(120.0), b=U(-5, 5), c=S(120.0))),
    dict(name="power-law-cutoff", family="power law with exponential cutoff", x="x", y="y",
         model="a*x^(-b)*exp(-x/c)",
         true=dict(a=5e5, b=1.4, c=2200.0), grid=('log', 1, 1e4), n=60, noise=('rel', 0.05),
         box=dict(a=L(5e5), b=U(-5, 5), c=L(2200.0))),
    dict(name="logistic-3p", family="growth: logistic (3 parameters)", x="t", y="OD",
         model="K/(1+exp(-r*(t-t0)))",
         true=dict(K=1.85, r=0.32, t0=17.5), grid=('lin', 0, 48), n=97, noise=('abs', 0.02),
         box=dict(K=L(1.85), r=L(0.32), t0=U(0, 48))),
    dict(name="logistic-years", family="growth: logistic in calendar years", x="year", y="pop",
         model="K/(1+exp(-r*(year-y0)))",
         true=dict(K=420.0, r=0.03, y0=1940.0), grid=('lin', 1790, 2020), n=24, noise=('abs', 0.01),
         box=dict(K=L(420.0), r=L(0.03), y0=U(1790, 2020))),
    dict(name="logistic-4p", family="growth: logistic (4 parameters)", x="t", y="y",
         model="A+(K-A)/(1+exp((t0-t)/s))",
         true=dict(A=0.12, K=2.3, t0=42.0, s=6.5), grid=('lin', 0, 100), n=50, noise=('abs', 0.02),
         box=dict(A=S(2.3), K=L(2.3), t0=U(0, 100), s=L(6.5)), equiv=[{"positive": "s", "swap": [["A", "K"]]}]),
    dict(name="gompertz", family="growth: Gompertz", x="day", y="mass",
         model="A*exp(-b*exp(-k*day))",
         true=dict(A=2450.0, b=6.2, k=0.21), grid=('lin', 0, 30), n=31, noise=('abs', 0.03),
         box=dict(A=L(2450.0), b=L(6.2), k=L(0.21))),
    dict(name="richards", family="growth: Richards", x="t", y="y",
         model="A/(1+nu*exp(-k*(t-tm)))^(1/nu)",
         true=dict(A=96.0, k=0.085, tm=48.0, nu=0.4), grid=('lin', 0, 120), n=61, noise=('abs', 0.02),
         box=dict(A=L(96.0), k=L(0.085), tm=U(0, 120), nu=L(0.4, 30))),
    dict(name="weibull-growth", family="growth: Weibull", x="t", y="y",
         model="a-b*exp(-c*t^d)",
         true=dict(a=180.0, b=170.0, c=2.5e-3, d=2.1), grid=('lin', 1, 50), n=40, noise=('abs', 0.02),
         box=dict(a=L(180.0), b=L(170.0), c=L(2.5e-3), d=L(2.1, 10))),
    dict(name="von-bertalanffy", family="growth: von Bertalanffy (fish length at age)", x="age", y="length",
         model="Linf*(1-exp(-k*(age-t0)))",
         true=dict(Linf=62.5, k=0.23, t0=-0.8), grid=('rep', 'int', 1, 20, 6), n=120, noise=('rel', 0.05),
         box=dict(Linf=L(62.5), k=L(0.23), t0=U(-20, 20))),
    dict(name="hill", family="binding: Hill", x="conc", y="response",
         model="top*conc^h/(ec50^h+conc^h)",
         true=dict(top=87.0, h=2.3, ec50=3.4), grid=('log', 0.05, 200), n=24, noise=('abs', 0.03),
         box=dict(top=L(87.0), h=L(2.3, 30), ec50=L(3.4))),
    dict(name="michaelis-menten", family="kinetics: Michaelis-Menten", x="S", y="v",
         model="Vm*S/(Km+S)",
         true=dict(Vm=412.0, Km=185.0), grid=('lin', 10, 2000), n=20, noise=('abs', 0.03),
         box=dict(Vm=L(412.0), Km=L(185.0))),
    dict(name="dose-response-4pl", family="dose-response: 4PL on log10 dose", x="logdose", y="response",
         model="bottom+(top-bottom)/(1+10^((logEC50-logdose)*hill))",
         true=dict(bottom=4.0, top=100.0, logEC50=-6.7, hill=1.3), grid=('rep', 'lin', -9, -4, 3), n=36, noise=('abs', 0.05),
         box=dict(bottom=S(100.0), top=L(100.0), logEC50=U(-9, -4), hill=L(1.3, 30)),
         equiv=[{"positive": "hill", "swap": [["bottom", "top"]]}]),
    dict(name="inhibition-ic50", family="dose-response: 4PL on linear concentration", x="conc", y="activity",
         model="bottom+(top-bottom)/(1+(conc/ic50)^h)",
         true=dict(bottom=3.0, top=98.0, ic50=27.0, h=0.9), grid=('rep', 'log', 1e-3, 1e3, 3), n=33, noise=('abs', 0.04),
         box=dict(bottom=S(98.0), top=L(98.0), ic50=L(27.0), h=L(0.9, 30)),
         equiv=[{"positive": "h", "swap": [["bottom", "top"]]}]),
    dict(name="asymptotic-regression", family="asymptotic regression", x="x", y="y",
         model="Asym+(R0-Asym)*exp(-exp(lrc)*x)",
         true=dict(Asym=94.0, R0=12.0, lrc=-4.6), grid=('lin', 0, 400), n=30, noise=('abs', 0.02),
         box=dict(Asym=L(94.0), R0=S(94.0), lrc=U(-15, 5))),
    dict(name="sine-phase-offset", family="periodic: sine with phase and offset", x="x", y="y",
         model="a*sin(w*x+p)+c",
         true=dict(a=4.2, w=3.1894, p=1.1, c=-2.5), grid=('lin', 0, 24), n=400, noise=('abs', 0.05),
         box=dict(a=L(4.2), w=L(3.1894, 100), p=U(0, TAU), c=S(4.2)), equiv=SINE("a", "w", "p")),
    dict(name="damped-sine-50hz", family="periodic: damped sine", x="x", y="y",
         model="A*exp(-x/tau)*sin(w*x+p)+c",
         true=dict(A=3.3, tau=0.12, w=314.159, p=0.4, c=0.05), grid=('lin', 0, 0.5), n=2000, noise=('abs', 0.03),
         box=dict(A=L(3.3), tau=L(0.12), w=L(314.159, 100), p=U(0, TAU), c=S(3.3)), equiv=SINE("A", "w", "p")),
    dict(name="sine-on-line-years", family="periodic: sine on a line (monthly, calendar years)", x="year", y="co2",
         model="a*sin(w*year+p)+b*year+c",
         true=dict(a=3.1, w=TAU, p=0.7, b=1.8, c=-3232.0), grid=('lin', 1990, 2020), n=360, noise=('abs', 0.01),
         box=dict(a=L(3.1), w=L(TAU, 100), p=U(0, TAU), b=S(1.8), c=S(3232.0)), equiv=SINE("a", "w", "p")),
    dict(name="rational", family="rational", x="x", y="y",
         model="(a+b*x)/(1+c*x)",
         true=dict(a=2.5, b=14.0, c=0.35), grid=('lin', 0, 50), n=40, noise=('abs', 0.02),
         box=dict(a=S(14.0), b=L(14.0), c=L(0.35))),
    dict(name="logarithmic", family="logarithmic", x="x", y="y",
         model="a+b*log(x+c)",
         true=dict(a=3.1, b=12.5, c=2.7), grid=('lin', 0, 100), n=50, noise=('abs', 0.02),
         box=dict(a=S(12.5), b=L(12.5), c=L(2.7))),
    dict(name="arrhenius", family="Arrhenius", x="T", y="k",
         model="A*exp(-Ea/(8.314*T))",
         true=dict(A=3.2e9, Ea=72000.0), grid=('lin', 280, 380), n=21, noise=('rel', 0.05),
         box=dict(A=('log', 1.0, 1e20), Ea=('log', 1e3, 1e6))),
    dict(name="planck", family="Planck spectrum (wavelength in micrometres)", x="lam", y="I",
         model="a/(lam^5*(exp(b/lam)-1))",
         true=dict(a=12.0, b=2.767), grid=('lin', 0.3, 3.0), n=120, noise=('abs', 0.02),
         box=dict(a=L(12.0), b=L(2.767))),
    dict(name="atan-step", family="step: arctangent", x="V", y="I",
         model="a*atan((V-V0)/w)+b",
         true=dict(a=45.0, V0=612.0, w=18.0, b=60.0), grid=('lin', 0, 1000), n=200, noise=('abs', 0.03),
         box=dict(a=L(45.0), V0=U(0, 1000), w=L(18.0), b=S(45.0)), equiv=[{"positive": "w", "negate": ["a"]}]),
    dict(name="tanh-step", family="step: tanh", x="x", y="y",
         model="a*tanh((x-x0)/w)+b",
         true=dict(a=1.7, x0=6.3, w=0.25, b=2.2), grid=('lin', 0, 10), n=150, noise=('abs', 0.02),
         box=dict(a=L(1.7), x0=U(0, 10), w=L(0.25), b=S(1.7)), equiv=[{"positive": "w", "negate": ["a"]}]),
    dict(name="erf-step", family="step: erf", x="x", y="y", needs="erf",
         model="a*erf((x-x0)/(sqrt(2)*s))+b",
         true=dict(a=250.0, x0=37.5, s=4.1, b=300.0), grid=('lin', 0, 100), n=100, noise=('abs', 0.02),
         box=dict(a=L(250.0), x0=U(0, 100), s=L(4.1), b=S(250.0)), equiv=[{"positive": "s", "negate": ["a"]}]),
]

# Real data (CSV written by real.R). `r` names the entry of r-fits.json (R's nls fit) to cross-check.
REAL = [
    dict(name="puromycin-treated", family="kinetics: Michaelis-Menten", x="conc", y="rate", model="Vm*conc/(K+conc)",
         box=dict(Vm=L(212.7), K=L(0.0641)), source="R datasets::Puromycin, state == 'treated'; nls(rate ~ SSmicmen(conc, Vm, K)) (?Puromycin, ?SSmicmen)"),
    dict(name="puromycin-untreated", family="kinetics: Michaelis-Menten", x="conc", y="rate", model="Vm*conc/(K+conc)",
         box=dict(Vm=L(160.3), K=L(0.0477)), source="R datasets::Puromycin, state == 'untreated'; nls(rate ~ SSmicmen(conc, Vm, K))"),
    dict(name="bod", family="asymptotic regression through the origin", x="Time", y="demand", model="A*(1-exp(-k*Time))",
         box=dict(A=L(19.14), k=L(0.531)), source="R datasets::BOD; nls(demand ~ A*(1-exp(-exp(lrc)*Time))) as in ?BOD, k = exp(lrc)"),
    dict(name="uspop", family="growth: logistic in calendar years", x="year", y="pop", model="K/(1+exp(-r*(year-y0)))",
         box=dict(K=L(315.5), r=L(0.0246), y0=U(1790, 2100)), source="R datasets::uspop (census 1790-1970, millions); nls(pop ~ SSlogis(year, Asym, xmid, scal)): K = Asym, y0 = xmid, r = 1/scal"),
    dict(name="dnase1-logis", family="dose-response: logistic in log(conc)", x="conc", y="density",
         model="Asym/(1+exp((xmid-log(conc))/scal))",
         box=dict(Asym=L(2.345), xmid=U(-4, 4), scal=L(1.04)), source="R datasets::DNase, Run == 1; nls(density ~ SSlogis(log(conc), Asym, xmid, scal)), the first example of ?nls"),
    dict(name="dnase1-fpl", family="dose-response: four-parameter logistic in log(conc)", x="conc", y="density",
         model="A+(B-A)/(1+exp((xmid-log(conc))/scal))",
         box=dict(A=S(2.38), B=L(2.38), xmid=U(-4, 4), scal=L(1.06)),
         equiv=[{"positive": "scal", "swap": [["A", "B"]]}],
         source="R datasets::DNase, Run == 1; nls(density ~ SSfpl(log(conc), A, B, xmid, scal)) (?nls, ?SSfpl)"),
    dict(name="orange1", family="growth: logistic", x="age", y="circumference", model="Asym/(1+exp((xmid-age)/scal))",
         box=dict(Asym=L(154.2), xmid=U(0, 2000), scal=L(362.6)), source="R datasets::Orange, Tree == 1; nls(circumference ~ SSlogis(age, Asym, xmid, scal)) (?Orange)"),
    dict(name="loblolly301", family="asymptotic regression", x="age", y="height", model="Asym+(R0-Asym)*exp(-exp(lrc)*age)",
         box=dict(Asym=L(95.67), R0=S(95.67), lrc=U(-10, 2)), source="R datasets::Loblolly, Seed == 301; nls(height ~ SSasymp(age, Asym, R0, lrc)) (?Loblolly)"),
    dict(name="indometh1", family="decay: biexponential (pharmacokinetics)", x="time", y="conc",
         model="A1*exp(-k1*time)+A2*exp(-k2*time)",
         box=dict(A1=L(2.03), k1=L(1.78), A2=L(0.19), k2=L(0.167)),
         equiv=[{"order": [["A1", "k1"], ["A2", "k2"]], "by": 1, "descending": True}],
         source="R datasets::Indometh, Subject == 1; nls(conc ~ SSbiexp(time, A1, lrc1, A2, lrc2)) (?Indometh), k = exp(lrc)"),
    dict(name="chick1", family="growth: logistic (weight still far from its asymptote)", x="Time", y="weight",
         model="Asym/(1+exp((xmid-Time)/scal))",
         box=dict(Asym=L(937.0), xmid=U(-50, 200), scal=L(11.4)), source="R datasets::ChickWeight, Chick == 1; nls(weight ~ SSlogis(Time, Asym, xmid, scal))"),
]

# how R's coefficients map onto the case's parameters (for the cross-check)
R_MAP = {
    "uspop": lambda c: dict(K=c["Asym"], r=1 / c["scal"], y0=c["xmid"]),
}
