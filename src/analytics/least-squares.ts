/**
 * Ordinary least squares: the coefficients b minimising |y − X·b|², from the normal equations
 * (XᵀX) b = Xᵀy solved by Gaussian elimination with partial pivoting. The designs here are
 * tiny (≤ 8 columns), where this is exact enough and needs no library.
 */
export interface LeastSquaresFit {
  coefficients: number[];
  fitted: number[];
  residuals: number[];
  /** Residual standard error, sqrt(RSS / (n − p)); 0 when n ≤ p. */
  residualStdError: number;
  rSquared: number;
}

export function leastSquares(rows: readonly (readonly number[])[], y: readonly number[]): LeastSquaresFit {
  const n = rows.length;
  const p = rows[0]?.length ?? 0;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  rows.forEach((row, i) => {
    for (let a = 0; a < p; a++) {
      xty[a]! += row[a]! * y[i]!;
      for (let b = 0; b < p; b++) xtx[a]![b]! += row[a]! * row[b]!;
    }
  });
  const coefficients = solve(xtx, xty);
  const fitted = rows.map((row) => row.reduce((s, x, j) => s + x * coefficients[j]!, 0));
  const residuals = y.map((v, i) => v - fitted[i]!);
  const rss = residuals.reduce((s, r) => s + r * r, 0);
  const yMean = y.reduce((s, v) => s + v, 0) / Math.max(n, 1);
  const tss = y.reduce((s, v) => s + (v - yMean) ** 2, 0);
  return {
    coefficients,
    fitted,
    residuals,
    residualStdError: n > p ? Math.sqrt(rss / (n - p)) : 0,
    rSquared: tss === 0 ? (rss === 0 ? 1 : 0) : 1 - rss / tss,
  };
}

/** Solves A x = b; a singular direction (a column with no information) gets coefficient 0. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  const scale = Math.max(1e-300, ...m.flat().map(Math.abs));
  const pivotRow: number[] = [];
  for (let col = 0, row = 0; col < n && row < n; col++) {
    let best = row;
    for (let r = row + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[best]![col]!)) best = r;
    if (Math.abs(m[best]![col]!) <= scale * 1e-12) continue;
    [m[row], m[best]] = [m[best]!, m[row]!];
    for (let r = 0; r < n; r++) {
      if (r === row) continue;
      const f = m[r]![col]! / m[row]![col]!;
      if (f !== 0) for (let c = col; c <= n; c++) m[r]![c]! -= f * m[row]![c]!;
    }
    pivotRow[col] = row++;
  }
  return Array.from({ length: n }, (_, col) => {
    const r = pivotRow[col];
    return r === undefined ? 0 : m[r]![n]! / m[r]![col]!;
  });
}
