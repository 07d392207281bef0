# Reference values for gradfit's confidence intervals, bands and information criteria.
# Run from the repository root:  Rscript scripts/reference/intervals.R
# Writes test/reference-data/r/intervals.json and the data files the cases use.
out <- "test/reference-data/r"
num <- function(v) if (length(v) == 1) sprintf("%.17g", v) else paste0("[", paste(sprintf("%.17g", v), collapse = ", "), "]")
obj <- function(...) { x <- list(...); paste0("{", paste(sprintf("\"%s\": %s", names(x), unlist(x)), collapse = ", "), "}") }
named <- function(v) paste0("{", paste(sprintf("\"%s\": %s", names(v), sprintf("%.17g", v)), collapse = ", "), "}")
intervalsOf <- function(ci) paste0("{", paste(sprintf("\"%s\": [%.17g, %.17g]", rownames(ci), ci[, 1], ci[, 2]), collapse = ", "), "}")
ic <- function(f) obj(loglik = num(as.numeric(logLik(f))), aic = num(AIC(f)), bic = num(BIC(f)), df = num(attr(logLik(f), "df")))
# Delta-method bands at new points: se_fit = sqrt(g' V g), g = d f / d theta (numerical derivative
# by R's numericDeriv at the estimate), confidence f -+ t se_fit, prediction f -+ t sqrt(se_fit^2 + s^2).
bands <- function(f, newdata, level = 0.95) {
  th <- coef(f); V <- vcov(f); s2 <- summary(f)$sigma^2; dof <- df.residual(f)
  env <- c(as.list(newdata), as.list(th))
  fx <- eval(formula(f)[[3]], env)
  g <- attr(numericDeriv(formula(f)[[3]], names(th), list2env(env)), "gradient")
  se <- sqrt(rowSums((g %*% V) * g)); t <- qt((1 + level) / 2, dof)
  obj(x = num(newdata[[1]]), fit = num(fx), confLower = num(fx - t * se), confUpper = num(fx + t * se),
      predLower = num(fx - t * sqrt(se^2 + s2)), predUpper = num(fx + t * sqrt(se^2 + s2)))
}
# nls at its default tolerance (relative offset 1e-5) stops short of the optimum by about 1e-6
# relatively; refitted to 1e-9 (warnOnly: the criterion cannot always go lower in doubles).
tight <- nls.control(maxiter = 500, tol = 1e-9, warnOnly = TRUE)
cases <- character(0)
add <- function(name, text) cases[[name]] <<- text

# 1. Puromycin (treated): Michaelis-Menten.
pur <- subset(Puromycin, state == "treated")[, c("conc", "rate")]
write.csv(pur, file.path(out, "puromycin_treated.csv"), row.names = FALSE)
f1 <- nls(rate ~ Vm * conc / (K + conc), data = pur, start = list(Vm = 200, K = 0.05), control = tight)
add("puromycin", obj(model = "\"Vm*conc/(K+conc)\"", data = "\"puromycin_treated.csv\"", params = named(coef(f1)),
  rss = num(deviance(f1)), dof = num(df.residual(f1)),
  wald95 = intervalsOf(confint.default(f1) + 0 * 0), # confint.default uses qnorm; gradfit's Wald uses qt: see t95
  t95 = intervalsOf(cbind(coef(f1) - qt(0.975, df.residual(f1)) * sqrt(diag(vcov(f1))), coef(f1) + qt(0.975, df.residual(f1)) * sqrt(diag(vcov(f1))))),
  t90 = intervalsOf(cbind(coef(f1) - qt(0.95, df.residual(f1)) * sqrt(diag(vcov(f1))), coef(f1) + qt(0.95, df.residual(f1)) * sqrt(diag(vcov(f1))))),
  profile95 = intervalsOf(suppressMessages(confint(f1, level = 0.95))),
  profile90 = intervalsOf(suppressMessages(confint(f1, level = 0.90))),
  ic = ic(f1), bands = bands(f1, data.frame(conc = c(0.02, 0.1, 0.5, 1.2)))))

# 2. BOD: asymptotic regression.
write.csv(BOD, file.path(out, "bod.csv"), row.names = FALSE)
f2 <- nls(demand ~ A * (1 - exp(-k * Time)), data = BOD, start = list(A = 20, k = 0.5), control = tight)
add("bod", obj(model = "\"A*(1-exp(-k*Time))\"", data = "\"bod.csv\"", params = named(coef(f2)),
  rss = num(deviance(f2)), dof = num(df.residual(f2)),
  t95 = intervalsOf(cbind(coef(f2) - qt(0.975, df.residual(f2)) * sqrt(diag(vcov(f2))), coef(f2) + qt(0.975, df.residual(f2)) * sqrt(diag(vcov(f2))))),
  profile95 = intervalsOf(suppressMessages(confint(f2, level = 0.95))),
  ic = ic(f2), bands = bands(f2, data.frame(Time = c(1, 3.5, 7)))))

# 3. Puromycin treated, weighted nls (sigma = 0.05*rate + 2, weights 1/sigma^2).
pur$s <- 0.05 * pur$rate + 2
write.csv(pur, file.path(out, "puromycin_treated_sigma.csv"), row.names = FALSE)
f3 <- nls(rate ~ Vm * conc / (K + conc), data = pur, start = list(Vm = 200, K = 0.05), weights = 1 / s^2, control = tight)
add("puromycin_weighted", obj(model = "\"Vm*conc/(K+conc)\"", data = "\"puromycin_treated_sigma.csv\"", params = named(coef(f3)),
  rss = num(deviance(f3)), dof = num(df.residual(f3)),
  t95 = intervalsOf(cbind(coef(f3) - qt(0.975, df.residual(f3)) * sqrt(diag(vcov(f3))), coef(f3) + qt(0.975, df.residual(f3)) * sqrt(diag(vcov(f3))))),
  profile95 = intervalsOf(suppressMessages(confint(f3, level = 0.95))),
  ic = ic(f3), bands = bands(f3, data.frame(conc = c(0.02, 0.1, 0.5)))))

# 4. cars: lm quadratic, unweighted.
write.csv(cars, file.path(out, "cars.csv"), row.names = FALSE)
f4 <- lm(dist ~ speed + I(speed^2), data = cars)
names4 <- c("c0", "c1", "c2")
ci4 <- confint(f4); rownames(ci4) <- names4
add("cars_quadratic", obj(model = "\"--degree 2\"", data = "\"cars.csv\"", params = named(setNames(coef(f4), names4)),
  rss = num(deviance(f4)), dof = num(df.residual(f4)), t95 = intervalsOf(ci4), ic = ic(f4)))

# 5. cars: lm line, weighted (sigma = sqrt(speed)).
cw <- cars; cw$s <- sqrt(cw$speed)
write.csv(cw, file.path(out, "cars_sigma.csv"), row.names = FALSE)
f5 <- lm(dist ~ speed, data = cw, weights = 1 / s^2)
ci5 <- confint(f5, level = 0.99); rownames(ci5) <- c("c0", "c1")
p5 <- predict(f5, data.frame(speed = c(5, 15, 25)), interval = "confidence", level = 0.95)
add("cars_line_weighted", obj(model = "\"--degree 1\"", data = "\"cars_sigma.csv\"", params = named(setNames(coef(f5), c("c0", "c1"))),
  rss = num(deviance(f5)), dof = num(df.residual(f5)), t99 = intervalsOf(ci5), ic = ic(f5),
  bands = obj(x = num(c(5, 15, 25)), fit = num(p5[, 1]), confLower = num(p5[, 2]), confUpper = num(p5[, 3]))))

# 6. Degree selection on cars: AICc of lm fits of degree 0..5.
aicc <- sapply(0:5, function(d) { f <- if (d == 0) lm(dist ~ 1, cars) else lm(dist ~ poly(speed, d, raw = TRUE), cars); k <- d + 2; n <- nrow(cars); AIC(f) + 2 * k * (k + 1) / (n - k - 1) })
rssd <- sapply(0:5, function(d) deviance(if (d == 0) lm(dist ~ 1, cars) else lm(dist ~ poly(speed, d, raw = TRUE), cars)))
add("cars_selection", obj(data = "\"cars.csv\"", degrees = num(0:5), aicc = num(aicc), rss = num(rssd), best = num((0:5)[which.min(aicc)])))

# 7. Two independent variables: lm y ~ a + b*x1 + c*x2 on stackloss (Air.Flow, Water.Temp), bands.
sl <- stackloss[, c("Air.Flow", "Water.Temp", "stack.loss")]; names(sl) <- c("air", "water", "loss")
write.csv(sl, file.path(out, "stackloss.csv"), row.names = FALSE)
f7 <- nls(loss ~ a + b * air + c * water, data = sl, start = list(a = 0, b = 1, c = 1), control = tight)
add("stackloss", obj(model = "\"a+b*air+c*water\"", data = "\"stackloss.csv\"", params = named(coef(f7)),
  rss = num(deviance(f7)), dof = num(df.residual(f7)),
  t95 = intervalsOf(cbind(coef(f7) - qt(0.975, df.residual(f7)) * sqrt(diag(vcov(f7))), coef(f7) + qt(0.975, df.residual(f7)) * sqrt(diag(vcov(f7))))),
  ic = ic(f7), bands = bands(f7, data.frame(air = c(50, 62, 80), water = c(18, 20, 27)))))

# Student t quantiles.
ps <- c(0.5000001, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.999999, 0.025, 1e-10)
ds <- c(1, 2, 3, 5, 7.5, 10, 30, 100, 1000, 1e6)
qt_rows <- unlist(lapply(ps, function(p) lapply(ds, function(d) sprintf("[%.17g, %.17g, %.17g]", p, d, qt(p, d)))))
json <- paste0("{\n\"_comment\": \"made by scripts/reference/intervals.R with ", R.version.string, "\",\n",
  "\"qt\": [", paste(qt_rows, collapse = ", "), "],\n",
  paste(sprintf("\"%s\": %s", names(cases), cases), collapse = ",\n"), "\n}\n")
writeLines(json, file.path(out, "intervals.json"))
