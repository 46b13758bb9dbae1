/*
 * Converged reference for American vanilla options (bench only), independent of the engine's code:
 * a finite-difference solution of the Black-Scholes PDE in y = ln(S/K) on a uniform grid covering
 * +-6 standard deviations beyond the spot and the strike, both of which lie exactly on nodes, with a
 * cell-averaged payoff; time steps tau_i = T (i/nt)^2 (fine near expiry, where the exercise boundary
 * moves fast), Rannacher start (the first two steps as four implicit-Euler half steps) then
 * Crank-Nicolson; the early-exercise constraint by the Brennan-Schwartz elimination (exact for a
 * put's single exercise boundary). Calls go through the McDonald-Schroder symmetry
 * C(S, K, r, q) = P(K, S, q, r). Richardson extrapolation over three grids (N x N/2, 2N x N,
 * 4N x 2N): ref = V4 + (V4 - V2)/3, coarse = V2 + (V2 - V1)/3. Near an exercise boundary the
 * convergence is not always clean O(h^2); |ref - coarse| is printed as the error estimate.
 *
 * Usage: american-ref N  < lines "right spot strike tYears rate dividendYield vol" (right 0 call,
 * 1 put); prints per line "ref coarse" with %.17g.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  double *v, *payoff, *l, *d, *u, *rhs;
} Work;

/* American put on the grid with nx space intervals and nt time steps. */
static double fd_put(double S, double K, double r, double q, double sigma, double T, int nx, int nt, Work *w) {
  /* nx is the target number of intervals; the node alignment below may change it by up to 50%. */
  const double sd = sigma * sqrt(T);
  const double y0 = log(S / K);
  const double lo = fmin(y0, 0.0) - 6.0 * sd, hi = fmax(y0, 0.0) + 6.0 * sd;
  /* Spot and strike both on nodes: h divides |y0| (when the spot is not at the strike). */
  const double target = (hi - lo) / nx;
  const double m = round(fabs(y0) / target);
  const double h = m >= 1.0 ? fabs(y0) / m : target;
  const int jk = (int)ceil((0.0 - lo) / h); /* the strike's node */
  const double ymin = -jk * h;
  const int j0 = (int)lround((y0 - ymin) / h); /* the spot's node */
  nx = (int)ceil((hi - ymin) / h);
  const double a = 0.5 * sigma * sigma, b = r - q - 0.5 * sigma * sigma;
  for (int j = 0; j <= nx; j++) {
    const double y = ymin + j * h, c0 = y - 0.5 * h, c1 = y + 0.5 * h;
    w->payoff[j] = fmax(K - K * exp(y), 0.0);
    /* cell average of max(K - K e^y, 0) over [c0, c1] */
    if (c1 <= 0.0) w->v[j] = K - K * (exp(c1) - exp(c0)) / h;
    else if (c0 >= 0.0) w->v[j] = 0.0;
    else w->v[j] = K * (-c0 - (1.0 - exp(c0))) / h;
  }
  const double al = a / (h * h) - b / (2.0 * h), ad = -2.0 * a / (h * h) - r, au = a / (h * h) + b / (2.0 * h);
  double tau = 0.0;
  /* Time grid tau_i = T (i/nt)^2 (fine near expiry, where the exercise boundary moves fast).
     Rannacher: each of the first two steps is two implicit-Euler half steps; then Crank-Nicolson. */
  for (int s = 0; s < nt + 2; s++) {
    const int rannacher = s < 4;
    const int i = rannacher ? s / 2 : s - 2; /* step from tau_i to tau_{i+1} */
    const double full = T * ((double)(i + 1) * (i + 1) - (double)i * i) / ((double)nt * nt);
    const double k = rannacher ? 0.5 * full : full, theta = rannacher ? 1.0 : 0.5;
    tau += k;
    /* Deep in the money: the larger of exercise and the European-like asymptote K e^{-r tau} - S e^{-q tau}. */
    w->v[0] = fmax(K - K * exp(ymin), K * exp(-r * tau) - K * exp(ymin - q * tau));
    for (int j = 1; j < nx; j++) {
      const double lv = al * w->v[j - 1] + ad * w->v[j] + au * w->v[j + 1];
      w->rhs[j] = w->v[j] + (1.0 - theta) * k * lv;
      w->l[j] = -theta * k * al;
      w->d[j] = 1.0 - theta * k * ad;
      w->u[j] = -theta * k * au;
    }
    w->v[nx] = 0.0;
    w->rhs[1] -= w->l[1] * w->v[0];
    w->rhs[nx - 1] -= w->u[nx - 1] * w->v[nx];
    /* Brennan-Schwartz: eliminate from the top, substitute upward from the bottom with the constraint. */
    for (int j = nx - 2; j >= 1; j--) {
      const double m = w->u[j] / w->d[j + 1];
      w->d[j] -= m * w->l[j + 1];
      w->rhs[j] -= m * w->rhs[j + 1];
    }
    w->v[1] = fmax(w->payoff[1], w->rhs[1] / w->d[1]);
    for (int j = 2; j < nx; j++) w->v[j] = fmax(w->payoff[j], (w->rhs[j] - w->l[j] * w->v[j - 1]) / w->d[j]);
  }
  return w->v[j0];
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  const int n = atoi(argv[1]);
  if (n < 16 || n > 100000 || n % 2 != 0) {
    fprintf(stderr, "american-ref: N must be even in [16, 100000]\n");
    return 2;
  }
  Work w;
  double **fields[] = {&w.v, &w.payoff, &w.l, &w.d, &w.u, &w.rhs};
  for (int f = 0; f < 6; f++) {
    *fields[f] = malloc((size_t)(8 * n + 16) * sizeof(double)); /* nx ≤ 1.5 × 4N + 2 */
    if (!*fields[f]) return 3;
  }
  int right;
  double S, K, T, r, q, sigma;
  while (scanf("%d %lf %lf %lf %lf %lf %lf", &right, &S, &K, &T, &r, &q, &sigma) == 7) {
    /* A call is the put with spot and strike, rate and yield exchanged. */
    const double ps = right == 0 ? K : S, pk = right == 0 ? S : K;
    const double pr = right == 0 ? q : r, pq = right == 0 ? r : q;
    double v[3];
    for (int lvl = 0; lvl < 3; lvl++) v[lvl] = fd_put(ps, pk, pr, pq, sigma, T, n << lvl, (n / 2) << lvl, &w);
    printf("%.17g %.17g\n", v[2] + (v[2] - v[1]) / 3.0, v[1] + (v[1] - v[0]) / 3.0);
  }
  for (int f = 0; f < 6; f++) free(*fields[f]);
  return 0;
}
