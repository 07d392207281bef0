# Reference numbers for fit --group and --group --shared (test/cli/group-loblolly.test.ts), from
# R's Loblolly data set (heights in feet of 14 seed sources of loblolly pine at ages 3 to 25).
# Run from this folder:  Rscript loblolly.R 2>/dev/null   (nls warns that it stopped on rounding; writes loblolly.csv and loblolly.json)
# Model: Asym + (R0 - Asym)*exp(-exp(lrc)*age), R's SSasymp.
library(nlme)
write.csv(Loblolly, "loblolly.csv")
d <- read.csv("loblolly.csv")          # as gradfit reads it: Seed as written, in file order
d$Seed <- factor(d$Seed, levels = unique(d$Seed))
G <- levels(d$Seed)

# The model with its exact gradient, each parameter either one value (shared) or one per group
# (indexed by the group g): nls then needs no finite differences. nls stops where no step lowers
# the RSS any more (its relative offset then near 1e-7: a step of that size changes the RSS by
# about 1e-14 of it, at the rounding of the sum); below 1e-6 is required, and recorded as finTol.
asymp <- function(age, Asym, R0, lrc, g) {
  pick <- function(p) if (length(p) == 1) rep(p, length(age)) else p[g]
  A <- pick(Asym); R <- pick(R0); L <- pick(lrc)
  e <- exp(-exp(L) * age)
  value <- A + (R - A) * e
  column <- function(p, dp) {
    if (length(p) == 1) return(matrix(dp, ncol = 1))
    m <- matrix(0, length(age), length(p))
    m[cbind(seq_along(age), g)] <- dp
    m
  }
  attr(value, "gradient") <- cbind(column(Asym, 1 - e), column(R0, e), column(lrc, -(R - A) * e * exp(L) * age))
  value
}
ctl <- nls.control(tol = 1e-9, maxiter = 200, warnOnly = TRUE)
num <- function(v) sprintf("%.17g", v)
obj <- function(names, values) paste0("{", paste0('"', names, '": ', values, collapse = ", "), "}")
# R names indexed parameters Asym1, Asym2, ...; gradfit names them Asym[301], ...
named <- function(nm) {
  for (p in c("Asym", "R0", "lrc")) {
    k <- grepl(paste0("^", p, "[0-9]+$"), nm)
    nm[k] <- paste0(p, "[", G[as.integer(sub(p, "", nm[k]))], "]")
  }
  nm
}
report <- function(f) {
  if (!(f$convInfo$finTol < 1e-6)) stop("nls did not converge: ", f$convInfo$stopMessage)
  s <- summary(f)$coefficients
  nm <- named(rownames(s))
  paste0('{"params": ', obj(nm, num(s[, 1])), ', "stderr": ', obj(nm, num(s[, 2])),
         ', "rss": ', num(deviance(f)), ', "dof": ', df.residual(f), ', "finTol": ', num(f$convInfo$finTol), '}')
}

# Per group, as R's nlsList (each group's own nls, its own residual variance); nlsList's fits
# (selfStart, default tolerance) refined with the exact gradient.
sep <- nlsList(height ~ SSasymp(age, Asym, R0, lrc) | Seed, data = d)
cf <- coef(sep)
groups <- sapply(G, function(g) {
  f <- nls(height ~ asymp(age, Asym, R0, lrc, 1), data = d[d$Seed == g, ], start = as.list(cf[g, ]), control = ctl)
  paste0('"', g, '": ', report(f))
})

# Jointly, some parameters shared (nls with indexed parameters), started from nlsList's fits.
joint <- function(start) {
  report(nls(height ~ asymp(age, Asym, R0, lrc, as.integer(Seed)), data = d, start = start, control = ctl))
}
sharedLrc <- joint(list(Asym = cf$Asym, R0 = cf$R0, lrc = median(cf$lrc)))
sharedR0Lrc <- joint(list(Asym = cf$Asym, R0 = median(cf$R0), lrc = median(cf$lrc)))
writeLines(c("{", paste0('  "R": "', R.version.string, '", "nlme": "', packageVersion("nlme"), '",'),
             paste0('  "groups": {', paste(groups, collapse = ", "), '},'),
             paste0('  "shared_lrc": ', sharedLrc, ','),
             paste0('  "shared_R0_lrc": ', sharedR0Lrc),
             "}"), "loblolly.json")
