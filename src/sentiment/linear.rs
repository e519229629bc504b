//! Multinomial logistic regression over sparse rows, in linfa's style:
//! [`LogisticParams`] → [`LogisticParams::check`] → [`ValidParams::fit`] →
//! [`LogisticModel`] → `predict_proba`.
//!
//! No linfa 0.8 model accepts sparse input (DEPENDENCIES.md), and text
//! features are a few hundred non-zeros out of a million columns, so this is
//! written directly over sparse rows. It minimises scikit-learn's objective
//! for `LogisticRegression(penalty="l2", C, multi_class="multinomial")`:
//!
//! ```text
//! ½‖W‖² + C · Σᵢ sᵢ · −log softmax(xᵢW + b)[yᵢ]     (b not penalised)
//! ```
//!
//! with L-BFGS, so on the same features its coefficients match
//! scikit-learn's (`tests/fixtures/sklearn/` holds a case checked to 1e-4).
//! The gradient is summed over fixed chunks in a fixed order, so the result
//! is the same at any thread count.

use rayon::prelude::*;
use thiserror::Error;

/// One sparse row: column indices (ascending) and values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    pub idx: Vec<u32>,
    pub val: Vec<f32>,
}

/// Training data: rows, labels in `0..n_classes`, sample weights.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub rows: Vec<SparseRow>,
    pub y: Vec<usize>,
    pub weight: Vec<f64>,
    pub n_features: usize,
    pub n_classes: usize,
}

/// How classes are weighted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClassWeight {
    Uniform,
    /// Σw / (k · Σ_class w): scikit-learn's "balanced" (1.9 weighs the
    /// class sizes by the sample weights).
    Balanced,
}

/// Hyper-parameters, unchecked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogisticParams {
    pub c: f64,
    pub max_iter: usize,
    /// Stop when the largest gradient component is below `tol`.
    pub tol: f64,
    pub class_weight: ClassWeight,
    pub memory: usize,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams { c: 1.0, max_iter: 500, tol: 1e-4, class_weight: ClassWeight::Uniform, memory: 10 }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum ParamError {
    #[error("C must be positive and finite, got {0}")]
    C(f64),
    #[error("max_iter must be at least 1")]
    MaxIter,
    #[error("tol must be positive, got {0}")]
    Tol(f64),
}

#[derive(Debug, Error, PartialEq)]
pub enum FitError {
    #[error("no training rows")]
    Empty,
    #[error("labels must lie in 0..{0}")]
    Label(usize),
    #[error("{0} rows but {1} labels")]
    Lengths(usize, usize),
    #[error("at least two classes needed, found {0}")]
    OneClass(usize),
}

/// Checked hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidParams(LogisticParams);

impl LogisticParams {
    pub fn check(self) -> Result<ValidParams, ParamError> {
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(ParamError::C(self.c));
        }
        if self.max_iter == 0 {
            return Err(ParamError::MaxIter);
        }
        if self.tol.is_nan() || self.tol <= 0.0 {
            return Err(ParamError::Tol(self.tol));
        }
        Ok(ValidParams(self))
    }
}

/// A fitted model: `weights[f * k + c]`, `intercept[c]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticModel {
    pub n_features: usize,
    pub n_classes: usize,
    pub weights: Vec<f32>,
    pub intercept: Vec<f32>,
    /// L-BFGS iterations used, and whether the tolerance was reached.
    pub iterations: usize,
    pub converged: bool,
}

/// Fixed partitions of the rows for the gradient sum.
const PARTS: usize = 8;

impl ValidParams {
    pub fn params(&self) -> &LogisticParams {
        &self.0
    }

    pub fn fit(&self, data: &Dataset) -> Result<LogisticModel, FitError> {
        let p = &self.0;
        let (n, k, d) = (data.rows.len(), data.n_classes, data.n_features);
        if n == 0 {
            return Err(FitError::Empty);
        }
        if data.y.len() != n || data.weight.len() != n {
            return Err(FitError::Lengths(n, data.y.len()));
        }
        if data.y.iter().any(|&y| y >= k) {
            return Err(FitError::Label(k));
        }
        let mut counts = vec![0usize; k];
        for &y in &data.y {
            counts[y] += 1;
        }
        let present = counts.iter().filter(|&&c| c > 0).count();
        if present < 2 {
            return Err(FitError::OneClass(present));
        }
        let class_w: Vec<f64> = match p.class_weight {
            ClassWeight::Uniform => vec![1.0; k],
            ClassWeight::Balanced => {
                let mut mass = vec![0.0f64; k];
                for (&y, &w) in data.y.iter().zip(&data.weight) {
                    mass[y] += w;
                }
                let total: f64 = mass.iter().sum();
                mass.iter().map(|&m| if m == 0.0 { 0.0 } else { total / (present as f64 * m) }).collect()
            }
        };
        let sw: Vec<f64> = data.y.iter().zip(&data.weight).map(|(&y, &w)| w * class_w[y]).collect();
        let dim = d * k + k;
        // One gradient buffer per partition, reused by every evaluation.
        let mut bufs: Vec<Vec<f64>> = (0..PARTS).map(|_| vec![0.0; dim]).collect();
        let objective =
            |x: &[f64], grad: &mut [f64]| -> f64 { loss_grad(data, &sw, p.c, x, grad, &mut bufs) };
        let (x, iterations, converged) = lbfgs(objective, vec![0.0; dim], p.max_iter, p.tol, p.memory);
        Ok(LogisticModel {
            n_features: d,
            n_classes: k,
            weights: x[..d * k].iter().map(|&v| v as f32).collect(),
            intercept: x[d * k..].iter().map(|&v| v as f32).collect(),
            iterations,
            converged,
        })
    }
}

/// Objective and gradient at `x` (weights then intercepts). Rows are cut
/// into [`PARTS`] fixed partitions, each summed on its own and then added
/// in order: the same floating-point result at any thread count.
fn loss_grad(data: &Dataset, sw: &[f64], c: f64, x: &[f64], grad: &mut [f64], bufs: &mut [Vec<f64>]) -> f64 {
    let k = data.n_classes;
    let d = data.n_features;
    let n = data.rows.len();
    let per = n.div_ceil(PARTS).max(1);
    let losses: Vec<f64> = bufs
        .par_iter_mut()
        .enumerate()
        .map(|(part, g)| {
            let mut loss = 0.0;
            g.iter_mut().for_each(|v| *v = 0.0);
            let mut z = vec![0.0f64; k];
            let lo = (part * per).min(n);
            let hi = ((part + 1) * per).min(n);
            for i in lo..hi {
                let row = &data.rows[i];
                z.copy_from_slice(&x[d * k..]);
                for (&f, &v) in row.idx.iter().zip(&row.val) {
                    let base = f as usize * k;
                    for cc in 0..k {
                        z[cc] += x[base + cc] * v as f64;
                    }
                }
                let m = z.iter().cloned().fold(f64::MIN, f64::max);
                let s: f64 = z.iter().map(|v| (v - m).exp()).sum();
                let lse = m + s.ln();
                loss += sw[i] * (lse - z[data.y[i]]);
                for cc in 0..k {
                    let pc = (z[cc] - lse).exp();
                    z[cc] = sw[i] * (pc - if cc == data.y[i] { 1.0 } else { 0.0 });
                    g[d * k + cc] += z[cc];
                }
                for (&f, &v) in row.idx.iter().zip(&row.val) {
                    let base = f as usize * k;
                    for (cc, &zc) in z.iter().enumerate() {
                        g[base + cc] += zc * v as f64;
                    }
                }
            }
            loss
        })
        .collect();
    for (j, gj) in grad.iter_mut().enumerate() {
        *gj = if j < d * k { x[j] } else { 0.0 };
    }
    let mut loss = 0.0;
    for (l, g) in losses.into_iter().zip(bufs.iter()) {
        loss += l;
        for (gj, v) in grad.iter_mut().zip(g) {
            *gj += c * v;
        }
    }
    let reg: f64 = x[..d * k].iter().map(|v| v * v).sum::<f64>() * 0.5;
    reg + c * loss
}

/// Limited-memory BFGS with a backtracking (Armijo) line search.
/// Returns (x, iterations, converged).
pub fn lbfgs(
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    mut x: Vec<f64>,
    max_iter: usize,
    tol: f64,
    memory: usize,
) -> (Vec<f64>, usize, bool) {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut rho: Vec<f64> = Vec::new();
    let mut dir = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut stalled = 0;
    for it in 0..max_iter {
        let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if gmax < tol {
            return (x, it, true);
        }
        // Two-loop recursion: dir = −H·g.
        dir.copy_from_slice(&g);
        let m = s_hist.len();
        let mut alpha = vec![0.0; m];
        for i in (0..m).rev() {
            alpha[i] = rho[i] * dot(&s_hist[i], &dir);
            axpy(-alpha[i], &y_hist[i], &mut dir);
        }
        if m > 0 {
            let gamma = dot(&s_hist[m - 1], &y_hist[m - 1]) / dot(&y_hist[m - 1], &y_hist[m - 1]);
            dir.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let norm = dot(&g, &g).sqrt().max(1e-12);
            dir.iter_mut().for_each(|v| *v /= norm);
        }
        for i in 0..m {
            let beta = rho[i] * dot(&y_hist[i], &dir);
            axpy(alpha[i] - beta, &s_hist[i], &mut dir);
        }
        dir.iter_mut().for_each(|v| *v = -*v);
        let mut slope = dot(&g, &dir);
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            s_hist.clear();
            y_hist.clear();
            rho.clear();
            dir.iter_mut().zip(&g).for_each(|(d, gi)| *d = -gi);
            slope = -dot(&g, &g);
        }
        let mut step = 1.0;
        let mut fx_new;
        let mut tries = 0;
        loop {
            for i in 0..n {
                x_new[i] = x[i] + step * dir[i];
            }
            fx_new = f(&x_new, &mut g_new);
            if fx_new <= fx + 1e-4 * step * slope || tries >= 40 {
                break;
            }
            step *= 0.5;
            tries += 1;
        }
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        let improved = fx_new < fx;
        fx = fx_new;
        if sy > 1e-12 {
            if s_hist.len() == memory {
                s_hist.remove(0);
                y_hist.remove(0);
                rho.remove(0);
            }
            s_hist.push(s);
            y_hist.push(y);
            rho.push(1.0 / sy);
        }
        // At the floor of floating-point precision the objective stops
        // moving before the gradient reaches `tol`: that is the optimum.
        stalled = if improved { 0 } else { stalled + 1 };
        if stalled >= 10 {
            let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            return (x, it + 1, gmax < tol.max(1e-6));
        }
    }
    (x, max_iter, false)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

impl LogisticModel {
    /// Decision values (logits) of a row.
    pub fn decision(&self, row: &SparseRow) -> Vec<f64> {
        let k = self.n_classes;
        let mut z: Vec<f64> = self.intercept.iter().map(|&b| b as f64).collect();
        for (&f, &v) in row.idx.iter().zip(&row.val) {
            if (f as usize) < self.n_features {
                let base = f as usize * k;
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc += self.weights[base + c] as f64 * v as f64;
                }
            }
        }
        z
    }

    /// Class probabilities of a row.
    pub fn predict_proba(&self, row: &SparseRow) -> Vec<f64> {
        softmax(&self.decision(row))
    }
}

/// Softmax of logits.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().cloned().fold(f64::MIN, f64::max);
    let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Dataset {
        // Feature 0 marks class 0, feature 1 class 1, feature 2 class 2.
        let mut rows = Vec::new();
        let mut y = Vec::new();
        for i in 0..30 {
            let c = i % 3;
            rows.push(SparseRow { idx: vec![c as u32, 3], val: vec![1.0, 0.5] });
            y.push(c);
        }
        Dataset { weight: vec![1.0; rows.len()], rows, y, n_features: 4, n_classes: 3 }
    }

    #[test]
    fn params_are_checked() {
        assert_eq!(LogisticParams { c: 0.0, ..Default::default() }.check(), Err(ParamError::C(0.0)));
        assert_eq!(LogisticParams { max_iter: 0, ..Default::default() }.check(), Err(ParamError::MaxIter));
        assert!(LogisticParams::default().check().is_ok());
    }

    #[test]
    fn learns_separable_classes() {
        let m = LogisticParams { c: 10.0, ..Default::default() }.check().unwrap().fit(&toy()).unwrap();
        assert!(m.converged);
        for c in 0..3 {
            let p = m.predict_proba(&SparseRow { idx: vec![c, 3], val: vec![1.0, 0.5] });
            assert!(p[c as usize] > 0.9, "{p:?}");
        }
    }

    #[test]
    fn one_class_is_a_fit_error() {
        let mut d = toy();
        d.y = vec![1; d.rows.len()];
        assert_eq!(LogisticParams::default().check().unwrap().fit(&d), Err(FitError::OneClass(1)));
    }

    #[test]
    fn same_result_at_any_thread_count() {
        let mut d = toy();
        for i in 0..3000 {
            d.rows
                .push(SparseRow { idx: vec![(i % 3) as u32, 3], val: vec![0.3 + (i % 7) as f32 * 0.1, 0.2] });
            d.y.push((i * 7 % 3) as usize);
            d.weight.push(1.0);
        }
        let p = LogisticParams::default().check().unwrap();
        let one =
            rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(|| p.fit(&d).unwrap());
        let two =
            rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap().install(|| p.fit(&d).unwrap());
        assert_eq!(one, two);
    }
}
