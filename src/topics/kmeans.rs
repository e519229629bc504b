//! Spherical k-means over sparse TF-IDF rows: cosine similarity, k-means++
//! seeding, Lloyd iterations. linfa's KMeans wants a dense matrix (a
//! million posts × 20,000 terms will not fit), so this is a small sparse
//! version in the same `params → fit → predict` shape.
//!
//! Determinism: each post's nearest centre is computed by one thread in a
//! fixed order of operations, and every sum over posts runs sequentially in
//! post order, so the thread count never changes a result.

use super::vocab::Corpus;
use crate::util::SplitMix64;
use rayon::prelude::*;

/// Posts per parallel task: a pass over a few thousand short rows costs
/// less than waking the pool for each of them.
const MIN_PAR: usize = 2048;

/// Rows of sublinear TF-IDF, each scaled to unit length; the layout is
/// the corpus's own (borrowed, not copied).
#[derive(Debug, Clone)]
pub struct Matrix<'a> {
    pub indptr: &'a [usize],
    pub idx: &'a [u32],
    pub val: Vec<f32>,
    pub n_terms: usize,
}

impl<'a> Matrix<'a> {
    /// `(1 + ln tf) · (ln((1 + n) / (1 + df)) + 1)`, as scikit-learn's
    /// `TfidfVectorizer(sublinear_tf=True)`, then L2.
    pub fn tfidf(c: &'a Corpus) -> Matrix<'a> {
        let n = c.n_docs() as f64;
        let idf: Vec<f64> = c.df.iter().map(|&d| ((1.0 + n) / (1.0 + d as f64)).ln() + 1.0).collect();
        // Each row in f64, stored as f32 (a whole f64 copy would be the
        // stage's largest allocation).
        let mut val: Vec<f32> = Vec::with_capacity(c.ids.len());
        let mut row: Vec<f64> = Vec::new();
        for i in 0..c.n_docs() {
            let (ids, counts) = c.row(i);
            row.clear();
            row.extend(ids.iter().zip(counts).map(|(&t, &k)| (1.0 + (k as f64).ln()) * idf[t as usize]));
            let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
            val.extend(row.iter().map(|v| (v / norm) as f32));
        }
        Matrix { indptr: &c.indptr, idx: &c.ids, val, n_terms: c.terms.len() }
    }

    pub fn row(&self, i: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.idx[a..b], &self.val[a..b])
    }

    pub fn is_empty_row(&self, i: usize) -> bool {
        self.indptr[i] == self.indptr[i + 1]
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KMeansParams {
    pub k: usize,
    pub seed: u64,
    pub max_iter: usize,
    /// Seedings tried; the one with the highest total similarity is kept.
    pub n_init: usize,
}

/// Unit-length centres, stored term-major (`centers[t * k + c]`) so that a
/// post's similarities to every centre cost one pass over its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Centers {
    pub k: usize,
    pub centers: Vec<f32>,
    /// Sum of each fitted post's similarity to its centre.
    pub objective: f64,
    pub iterations: usize,
}

impl Centers {
    /// The nearest centre of row `i` and its cosine similarity (ties go to
    /// the lower centre); `None` for an empty row.
    pub fn nearest(&self, m: &Matrix, i: usize, sims: &mut Vec<f32>) -> Option<(u32, f32)> {
        if m.is_empty_row(i) {
            return None;
        }
        sims.clear();
        sims.resize(self.k, 0.0);
        let (idx, val) = m.row(i);
        for (&t, &v) in idx.iter().zip(val) {
            let c = &self.centers[t as usize * self.k..(t as usize + 1) * self.k];
            for (s, &w) in sims.iter_mut().zip(c) {
                *s += v * w;
            }
        }
        let mut best = (0u32, sims[0]);
        for (c, &s) in sims.iter().enumerate().skip(1) {
            if s > best.1 {
                best = (c as u32, s);
            }
        }
        Some(best)
    }

    /// The nearest centre of each row in `rows`, in parallel.
    pub fn assign(&self, m: &Matrix, rows: &[u32]) -> Vec<Option<(u32, f32)>> {
        rows.par_iter()
            .with_min_len(MIN_PAR)
            .map_init(Vec::new, |sims, &i| self.nearest(m, i as usize, sims))
            .collect()
    }
}

/// Fits `p.k` centres to the non-empty rows in `rows`.
pub fn fit(m: &Matrix, rows: &[u32], p: &KMeansParams) -> Centers {
    let rows: Vec<u32> = rows.iter().copied().filter(|&i| !m.is_empty_row(i as usize)).collect();
    let k = p.k.min(rows.len()).max(1);
    let mut seeds = SplitMix64::new(p.seed);
    let mut best: Option<Centers> = None;
    for _ in 0..p.n_init.max(1) {
        let c = lloyd(m, &rows, k, seeds.next_u64(), p.max_iter);
        if best.as_ref().is_none_or(|b| c.objective > b.objective) {
            best = Some(c);
        }
    }
    best.expect("at least one seeding")
}

/// Adds row `i` into a dense term-major accumulator for centre `c`.
fn add_row(acc: &mut [f64], k: usize, m: &Matrix, i: usize, c: usize) {
    let (idx, val) = m.row(i);
    for (&t, &v) in idx.iter().zip(val) {
        acc[t as usize * k + c] += v as f64;
    }
}

/// Scales each centre of a term-major accumulator to unit length.
fn normalise(acc: &[f64], k: usize) -> Vec<f32> {
    let mut norms = vec![0.0f64; k];
    for row in acc.chunks_exact(k) {
        for (n, v) in norms.iter_mut().zip(row) {
            *n += v * v;
        }
    }
    let inv: Vec<f64> = norms.iter().map(|n| if *n > 0.0 { 1.0 / n.sqrt() } else { 0.0 }).collect();
    acc.chunks_exact(k).flat_map(|row| row.iter().zip(&inv).map(|(v, s)| (v * s) as f32)).collect()
}

/// k-means++ seeding (distance 1 − cosine) then Lloyd iterations.
fn lloyd(m: &Matrix, rows: &[u32], k: usize, seed: u64, max_iter: usize) -> Centers {
    lloyd_from(m, rows, k, &[], seed, max_iter)
}

/// k-means++ seeding that starts from the centres `given` (sparse, unit
/// length: last night's topics), then Lloyd iterations; `given` beyond `k`
/// are ignored. A warm start: topics that are still there stay where they
/// were, and the seeding adds centres where posts are far from all of them.
pub fn fit_from(
    m: &Matrix,
    rows: &[u32],
    k: usize,
    given: &[Vec<(u32, f32)>],
    seed: u64,
    max_iter: usize,
) -> Centers {
    let rows: Vec<u32> = rows.iter().copied().filter(|&i| !m.is_empty_row(i as usize)).collect();
    let k = k.min(rows.len()).max(1);
    lloyd_from(m, &rows, k, given, seed, max_iter)
}

fn lloyd_from(
    m: &Matrix,
    rows: &[u32],
    k: usize,
    given: &[Vec<(u32, f32)>],
    seed: u64,
    max_iter: usize,
) -> Centers {
    let mut time = super::steps::Timer::start("kmeans");
    let mut rng = SplitMix64::new(seed);
    let v = m.n_terms;
    let mut acc = vec![0.0f64; v * k];
    // Seeding: each new centre is a post drawn with probability ∝ its
    // squared distance to the nearest centre so far.
    let mut dist = vec![f64::INFINITY; rows.len()];
    let mut chosen = rows[rng.below(rows.len())] as usize;
    for c in 0..k {
        let mut dense = vec![0.0f32; v];
        match given.get(c) {
            Some(g) => {
                for &(t, x) in g {
                    acc[t as usize * k + c] += x as f64;
                    dense[t as usize] = x;
                }
            }
            None => {
                add_row(&mut acc, k, m, chosen, c);
                let (idx, val) = m.row(chosen);
                for (&t, &x) in idx.iter().zip(val) {
                    dense[t as usize] = x;
                }
            }
        }
        dist.par_iter_mut().zip(rows.par_iter()).with_min_len(MIN_PAR).for_each(|(d, &i)| {
            let (idx, val) = m.row(i as usize);
            let sim: f32 = idx.iter().zip(val).map(|(&t, &x)| x * dense[t as usize]).sum();
            let dd = (1.0 - sim as f64).max(0.0);
            *d = d.min(dd * dd);
        });
        if c + 1 == k {
            break;
        }
        let total: f64 = dist.iter().sum();
        chosen = if total > 0.0 {
            let mut r = rng.next_f64() * total;
            let mut pick = rows.len() - 1;
            for (j, d) in dist.iter().enumerate() {
                if r < *d {
                    pick = j;
                    break;
                }
                r -= d;
            }
            rows[pick] as usize
        } else {
            rows[rng.below(rows.len())] as usize
        };
    }
    let centers = Centers { k, centers: normalise(&acc, k), objective: f64::NEG_INFINITY, iterations: 0 };
    time.lap("draws");
    iterate(m, rows, centers, max_iter, &mut time)
}

fn iterate(
    m: &Matrix,
    rows: &[u32],
    mut centers: Centers,
    max_iter: usize,
    time: &mut super::steps::Timer,
) -> Centers {
    let k = centers.k;
    let mut acc = vec![0.0f64; m.n_terms * k];
    let mut labels = vec![u32::MAX; rows.len()];
    for it in 1..=max_iter.max(1) {
        let found = centers.assign(m, rows);
        time.lap("assign");
        let mut changed = 0usize;
        let mut objective = 0.0f64;
        for (l, f) in labels.iter_mut().zip(&found) {
            let (c, s) = f.expect("rows are non-empty");
            objective += s as f64;
            if *l != c {
                *l = c;
                changed += 1;
            }
        }
        let gain = objective - centers.objective;
        centers.objective = objective;
        centers.iterations = it;
        // Converged when at most one post in a thousand moves, or the total
        // similarity grows by less than a ten-thousandth.
        if changed * 1000 <= rows.len() || gain < 1e-4 * objective.abs() {
            break;
        }
        time.lap("objective");
        acc.iter_mut().for_each(|a| *a = 0.0);
        let mut size = vec![0usize; k];
        for (&i, &c) in rows.iter().zip(&labels) {
            add_row(&mut acc, k, m, i as usize, c as usize);
            size[c as usize] += 1;
        }
        // An empty centre takes the post worst served by its own.
        if size.contains(&0) {
            let mut sims: Vec<(f32, usize)> =
                found.iter().enumerate().map(|(j, f)| (f.map_or(1.0, |x| x.1), j)).collect();
            sims.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut donors = sims.into_iter().map(|(_, j)| j);
            for c in (0..k).filter(|&c| size[c] == 0) {
                if let Some(j) = donors.next() {
                    add_row(&mut acc, k, m, rows[j] as usize, c);
                }
            }
        }
        centers.centers = normalise(&acc, k);
        time.lap("recentre");
    }
    centers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(docs: &[&str]) -> Corpus {
        let split: Vec<Vec<&str>> = docs.iter().map(|d| d.split_whitespace().collect()).collect();
        Corpus::from_words(&split)
    }

    #[test]
    fn tfidf_rows_have_unit_length_and_rarer_terms_weigh_more() {
        let c = words(&["a b", "a c", "a d"]);
        let m = Matrix::tfidf(&c);
        let (idx, val) = m.row(0);
        assert_eq!(idx, &[0, 1]);
        assert!((val.iter().map(|v| v * v).sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(val[1] > val[0], "b (in one post) outweighs a (in all)");
    }

    #[test]
    fn two_obvious_groups_are_separated() {
        let c = words(&["x y", "x y y", "y x", "p q", "q p p", "p q q"]);
        let m = Matrix::tfidf(&c);
        let rows: Vec<u32> = (0..6).collect();
        let f = fit(&m, &rows, &KMeansParams { k: 2, seed: 7, max_iter: 20, n_init: 2 });
        let got: Vec<u32> = f.assign(&m, &rows).into_iter().map(|x| x.unwrap().0).collect();
        assert_eq!(got[0], got[1]);
        assert_eq!(got[1], got[2]);
        assert_eq!(got[3], got[4]);
        assert_eq!(got[4], got[5]);
        assert_ne!(got[0], got[3]);
    }

    #[test]
    fn empty_rows_get_no_centre() {
        let c = words(&["a b", "", "b c"]);
        let m = Matrix::tfidf(&c);
        let f = fit(&m, &[0, 1, 2], &KMeansParams { k: 2, seed: 1, max_iter: 5, n_init: 1 });
        assert_eq!(f.assign(&m, &[1])[0], None);
    }
}
