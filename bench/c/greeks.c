/*
 * Plain C twin of greeksBatch: Black-Scholes-Merton with a continuous dividend yield, price and
 * the 16 Greeks of issue 3, per unit (vega per 1.00 vol, rho per 1.00 rate, epsilon = dV/dq,
 * theta/charm/veta/color = -d/dT per year, dualDelta = dV/dK, dualGamma = d2V/dK2).
 * The normal CDF is Phi(x) = erfc(-x/sqrt2)/2 with erfc from libm. Inputs are assumed regular
 * (spot, strike, tYears, vol > 0): the bench feeds only such inputs.
 *
 * Usage: greeks IN OUT RUNS
 *   IN:  uint64 n, then spot, strike, tYears, rate, dividendYield, vol (n doubles each), then
 *        right (n bytes, 0 call, 1 put); little-endian, as written by bench/c/c-twin.ts.
 *   OUT: 17 columns of n doubles in the order listed below ("-": results not written).
 * Prints one JSON line: {"n":..,"runs_ms":[..],"median_ms":..}. Only the loop is timed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NCOLS 17
#define INV_SQRT_2PI 0.3989422804014327
#define SQRT1_2 0.7071067811865476

/* Output order: price delta gamma vega theta rho epsilon vanna charm vomma veta speed zomma color
   ultima dualDelta dualGamma. */

static double norm_cdf(double x) { return 0.5 * erfc(-x * SQRT1_2); }

static void greeks_batch(size_t n, const uint8_t *right, const double *spot, const double *strike,
                         const double *tYears, const double *rate, const double *divYield,
                         const double *vol, double *const *out) {
  for (size_t i = 0; i < n; i++) {
    const double S = spot[i], K = strike[i], T = tYears[i], r = rate[i], q = divYield[i];
    const double sigma = vol[i];
    const double w = right[i] == 0 ? 1.0 : -1.0;
    const double b = r - q;
    const double sqrtT = sqrt(T);
    const double v = sigma * sqrtT;
    const double dq = exp(-q * T);
    const double dr = exp(-r * T);
    const double d1 = (log(S / K) + (b + 0.5 * sigma * sigma) * T) / v;
    const double d2 = d1 - v;
    const double pdf = INV_SQRT_2PI * exp(-0.5 * d1 * d1);
    const double n1 = norm_cdf(w * d1);
    const double n2 = norm_cdf(w * d2);
    const double sdq = S * dq;
    const double kdr = K * dr;
    const double gamma = dq * pdf / (S * v);
    const double vega = sdq * pdf * sqrtT;
    const double dd = d1 * d2;
    const double dd1dT = (2.0 * b * T - d2 * v) / (2.0 * T * v); /* d(d1)/dT */
    out[0][i] = w * (sdq * n1 - kdr * n2);
    out[1][i] = w * dq * n1;
    out[2][i] = gamma;
    out[3][i] = vega;
    out[4][i] = -sdq * pdf * sigma / (2.0 * sqrtT) - w * r * kdr * n2 + w * q * sdq * n1;
    out[5][i] = w * kdr * T * n2;
    out[6][i] = -w * T * sdq * n1;
    out[7][i] = -dq * pdf * d2 / sigma;
    out[8][i] = w * q * dq * n1 - dq * pdf * dd1dT;
    out[9][i] = vega * dd / sigma;
    out[10][i] = vega * (q + d1 * dd1dT - 0.5 / T);
    out[11][i] = -gamma / S * (1.0 + d1 / v);
    out[12][i] = gamma * (dd - 1.0) / sigma;
    out[13][i] = gamma * (q + d1 * dd1dT + 0.5 / T);
    out[14][i] = -vega / (sigma * sigma) * (dd * (1.0 - dd) + d1 * d1 + d2 * d2);
    out[15][i] = -w * dr * n2;
    out[16][i] = sdq * pdf / (K * K * v);
  }
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void read_exact(void *dst, size_t size, size_t count, FILE *f) {
  if (fread(dst, size, count, f) != count) {
    fprintf(stderr, "greeks: short read\n");
    exit(2);
  }
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: greeks IN OUT RUNS\n");
    return 2;
  }
  const int runs = atoi(argv[3]);
  if (runs < 1 || runs > 1000) return 2;
  FILE *in = fopen(argv[1], "rb");
  if (!in) return 2;
  uint64_t n64 = 0;
  read_exact(&n64, sizeof n64, 1, in);
  const size_t n = (size_t)n64;
  double *cols[6];
  for (int c = 0; c < 6; c++) {
    cols[c] = malloc(n * sizeof(double));
    if (!cols[c]) return 3;
    read_exact(cols[c], sizeof(double), n, in);
  }
  uint8_t *right = malloc(n);
  if (!right) return 3;
  read_exact(right, 1, n, in);
  fclose(in);
  double *out[NCOLS];
  for (int c = 0; c < NCOLS; c++) {
    out[c] = malloc(n * sizeof(double));
    if (!out[c]) return 3;
    memset(out[c], 0, n * sizeof(double)); /* touch the pages before timing */
  }
  /* Warm-up (caches, page faults, CPU frequency), then the timed runs. */
  for (int k = 0; k < 2; k++) greeks_batch(n, right, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], out);
  double *ms = malloc((size_t)runs * sizeof(double));
  if (!ms) return 3;
  for (int k = 0; k < runs; k++) {
    const double t0 = now_ms();
    greeks_batch(n, right, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], out);
    ms[k] = now_ms() - t0;
  }
  if (strcmp(argv[2], "-") != 0) {
    FILE *o = fopen(argv[2], "wb");
    if (!o) return 2;
    for (int c = 0; c < NCOLS; c++) {
      if (fwrite(out[c], sizeof(double), n, o) != n) return 2;
    }
    fclose(o);
  }
  printf("{\"n\":%zu,\"runs_ms\":[", n);
  for (int k = 0; k < runs; k++) printf(k ? ",%.6f" : "%.6f", ms[k]);
  qsort(ms, (size_t)runs, sizeof(double), cmp_double);
  const double median = runs % 2 ? ms[runs / 2] : 0.5 * (ms[runs / 2 - 1] + ms[runs / 2]);
  printf("],\"median_ms\":%.6f}\n", median);
  return 0;
}
