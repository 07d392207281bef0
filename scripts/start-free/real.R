# Writes the real data sets of test/start-free (from R's datasets package) as CSV, and
# R's own nls fits of them (self-starting models, as in the datasets' help pages and ?nls)
# to scripts/start-free/r-fits.json, the cross-check for the multistart reference.
#   Rscript scripts/start-free/real.R      (run from the repository root)
out <- "test/start-free/data"
fits <- list()
keep <- function(name, df, fit, map = NULL) {
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE)
  co <- coef(fit)
  if (!is.null(map)) co <- map(co)
  fits[[name]] <<- list(coef = as.list(co), rss = sum(resid(fit)^2), call = paste(deparse(formula(fit)), collapse = " "))
}
ctl <- nls.control(tol = 1e-10, maxiter = 1000, minFactor = 1e-12, warnOnly = TRUE)
# the self-start's own start, then the same formula again from there with a tight tolerance
tight <- function(form, d) {
  f0 <- nls(form, data = d)
  nls(form, data = d, start = coef(f0), control = ctl)
}

# Puromycin, treated and untreated: Michaelis-Menten (?Puromycin, SSmicmen)
for (st in c("treated", "untreated")) {
  d <- subset(Puromycin, state == st, select = c(conc, rate))
  f <- tight(rate ~ SSmicmen(conc, Vm, K), d)
  keep(paste0("puromycin-", st), d, f)
}
# BOD: y = A*(1-exp(-k*Time)) (?BOD: A*(1-exp(-exp(lrc)*Time)); k = exp(lrc))
d <- BOD
f <- nls(demand ~ A * (1 - exp(-exp(lrc) * Time)), data = d, start = c(A = 20, lrc = log(0.35)), control = ctl)
keep("bod", d, f, function(co) c(A = unname(co["A"]), k = exp(unname(co["lrc"]))))
# uspop: logistic in calendar year (SSlogis: Asym/(1+exp((xmid-year)/scal)))
d <- data.frame(year = as.numeric(time(uspop)), pop = as.numeric(uspop))
f <- tight(pop ~ SSlogis(year, Asym, xmid, scal), d)
keep("uspop", d, f)
# DNase run 1: the ?nls examples, logistic and four-parameter logistic in log(conc)
d <- subset(DNase, Run == 1, select = c(conc, density))
f <- tight(density ~ SSlogis(log(conc), Asym, xmid, scal), d)
keep("dnase1-logis", d, f)
f <- tight(density ~ SSfpl(log(conc), A, B, xmid, scal), d)
keep("dnase1-fpl", d, f)
# Orange tree 1: logistic in age (?Orange, SSlogis)
d <- subset(Orange, Tree == 1, select = c(age, circumference))
f <- tight(circumference ~ SSlogis(age, Asym, xmid, scal), d)
keep("orange1", d, f)
# Loblolly seed 301: asymptotic regression (?Loblolly, SSasymp: Asym+(R0-Asym)*exp(-exp(lrc)*age))
d <- subset(Loblolly, Seed == 301, select = c(age, height))
f <- tight(height ~ SSasymp(age, Asym, R0, lrc), d)
keep("loblolly301", d, f)
# Indometh subject 1: biexponential (?Indometh, SSbiexp); k = exp(lrc)
d <- subset(Indometh, Subject == 1, select = c(time, conc))
f <- tight(conc ~ SSbiexp(time, A1, lrc1, A2, lrc2), d)
keep("indometh1", d, f, function(co) c(A1 = unname(co["A1"]), k1 = exp(unname(co["lrc1"])), A2 = unname(co["A2"]), k2 = exp(unname(co["lrc2"]))))
# ChickWeight chick 1: logistic in Time (SSlogis)
d <- subset(ChickWeight, Chick == 1, select = c(Time, weight))
d <- data.frame(Time = d$Time, weight = d$weight)
f <- tight(weight ~ SSlogis(Time, Asym, xmid, scal), d)
keep("chick1", d, f)
# Theoph subject 1? (first-order compartment) left out: its flip-flop symmetry needs a Dose column.

# JSON by hand (no jsonlite in r-base-core): numbers with 17 significant digits
num <- function(v) formatC(v, digits = 17, format = "g")
lines <- c("{")
nm <- names(fits)
for (i in seq_along(nm)) {
  ft <- fits[[nm[i]]]
  cs <- paste0('"', names(ft$coef), '": ', sapply(ft$coef, num), collapse = ", ")
  lines <- c(lines, sprintf('  "%s": {"coef": {%s}, "rss": %s, "formula": "%s"}%s', nm[i], cs, num(ft$rss), gsub('"', '\\\\"', ft$call), if (i < length(nm)) "," else ""))
}
lines <- c(lines, "}")
writeLines(lines, "scripts/start-free/r-fits.json")
cat(R.version.string, "\n")
