# The exact ends of the profile-likelihood intervals, by uniroot on the profile RSS (R's confint
# for nls interpolates a coarsely sampled profile instead). For each parameter held at v the other
# is refitted by nls; the end is where (S(v) - S_hat)/s^2 = qt((1+level)/2, dof)^2.
# Run from the repository root:  Rscript scripts/reference/profile-exact.R
out <- "test/reference-data/r"
exactEnds <- function(f, data, rhs, level) {
  ci <- suppressMessages(confint(f, level = level))
  data$.w <- if (is.null(weights(f))) 1 else weights(f)
  th <- coef(f); s2 <- deviance(f) / df.residual(f); S0 <- deviance(f)
  t2 <- qt((1 + level) / 2, df.residual(f))^2; se <- sqrt(diag(vcov(f)))
  res <- list()
  for (j in names(th)) {
    other <- setdiff(names(th), j)
    prof <- function(v) {
      env <- list(); env[[j]] <- v
      form <- as.formula(paste(as.character(formula(f))[2], "~", deparse(do.call(substitute, list(rhs, env)))))
      g <- nls(form, data = data, start = as.list(th[other]), weights = .w,
               control = nls.control(tol = 1e-9, maxiter = 500, warnOnly = TRUE))
      (deviance(g) - S0) / s2 - t2
    }
    # Bracketed around R's own ends (+-20% of the distance from the estimate).
    lo <- uniroot(prof, c(th[j] - 1.2 * (th[j] - ci[j, 1]), th[j] - 0.8 * (th[j] - ci[j, 1])), tol = 1e-13 * abs(th[j]))$root
    hi <- uniroot(prof, c(th[j] + 0.8 * (ci[j, 2] - th[j]), th[j] + 1.2 * (ci[j, 2] - th[j])), tol = 1e-13 * abs(th[j]))$root
    res[[j]] <- c(lo, hi)
  }
  paste0("{", paste(sprintf("\"%s\": [%.17g, %.17g]", names(res), sapply(res, `[`, 1), sapply(res, `[`, 2)), collapse = ", "), "}")
}
pur <- read.csv(file.path(out, "puromycin_treated_sigma.csv"))
tight <- nls.control(maxiter = 500, tol = 1e-9, warnOnly = TRUE)
f1 <- nls(rate ~ Vm * conc / (K + conc), data = pur, start = list(Vm = 200, K = 0.05), control = tight)
pur$w <- 1 / pur$s^2
f3 <- nls(rate ~ Vm * conc / (K + conc), data = pur, start = list(Vm = 200, K = 0.05), weights = w, control = tight)
f2 <- nls(demand ~ A * (1 - exp(-k * Time)), data = BOD, start = list(A = 20, k = 0.5), control = tight)
mm <- quote(Vm * conc / (K + conc)); asym <- quote(A * (1 - exp(-k * Time)))
json <- paste0("{\n\"_comment\": \"made by scripts/reference/profile-exact.R with ", R.version.string, "\",\n",
  "\"puromycin\": {\"profile95\": ", exactEnds(f1, pur, mm, 0.95), ", \"profile90\": ", exactEnds(f1, pur, mm, 0.90), "},\n",
  "\"bod\": {\"profile95\": ", exactEnds(f2, BOD, asym, 0.95), "},\n",
  "\"puromycin_weighted\": {\"profile95\": ", exactEnds(f3, pur, mm, 0.95), "}\n}\n")
writeLines(json, file.path(out, "profile-exact.json"))
