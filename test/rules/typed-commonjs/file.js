// Linted by the CommonJS typed rule tests; each case gives its own text.
