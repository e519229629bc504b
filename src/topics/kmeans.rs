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
        // stage's largest allocation); blocks of rows in parallel, each
        // into its own part of the values.
        const ROWS: usize = 4096;
        let mut val: Vec<f32> = vec![0.0; c.ids.len()];
        let mut parts: Vec<(usize, &mut [f32])> = Vec::new();
        let mut rest = &mut val[..];
        for start in (0..c.n_docs()).step_by(ROWS) {
            let end = (start + ROWS).min(c.n_docs());
            let (part, tail) = rest.split_at_mut(c.indptr[end] - c.indptr[start]);
            parts.push((start, part));
            rest = tail;
        }
        parts.into_par_iter().for_each(|(start, part)| {
            let mut row: Vec<f64> = Vec::new();
            for i in start..(start + ROWS).min(c.n_docs()) {
                let (ids, counts) = c.row(i);
                row.clear();
                row.extend(ids.iter().zip(counts).map(|(&t, &k)| (1.0 + (k as f64).ln()) * idf[t as usize]));
                let norm = row.iter().map(|v| v * v).sum::<f64>().sqrt();
                let at = c.indptr[i] - c.indptr[start];
                for (out, v) in part[at..at + row.len()].iter_mut().zip(&row) {
                    *out = (v / norm) as f32;
                }
            }
        });
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

/// The tests' k-means settings (the stage fits through [`Seeding`]).
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KMeansParams {
    pub k: usize,
    pub seed: u64,
    pub max_iter: usize,
    /// Seedings tried; the one with the highest total similarity is kept.
    pub n_init: usize,
}

/// A row's nearest centre and its cosine similarity; `None` for a row
/// with no terms.
pub type Nearest = Option<(u32, f32)>;

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
    pub fn nearest(&self, m: &Matrix, i: usize, sims: &mut Vec<f32>) -> Nearest {
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
        Some(first_max(sims))
    }

    /// The nearest centre of each row in `rows`, in parallel.
    pub fn assign(&self, m: &Matrix, rows: &[u32]) -> Vec<Nearest> {
        // The usual numbers of topics have a kernel of their own, which
        // holds the sums in registers.
        macro_rules! kernels {
            ($($k:literal)*) => {
                match self.k {
                    $($k => return self.assign_fixed::<$k>(m, rows),)*
                    _ => {}
                }
            };
        }
        kernels!(2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32);
        rows.par_iter()
            .with_min_len(MIN_PAR)
            .map_init(Vec::new, |sims, &i| self.nearest(m, i as usize, sims))
            .collect()
    }

    /// [`Centers::assign`] for `K` centres: each similarity is the same
    /// sum, in the same order, as [`Centers::nearest`] finds.
    fn assign_fixed<const K: usize>(&self, m: &Matrix, rows: &[u32]) -> Vec<Nearest> {
        rows.par_iter()
            .with_min_len(MIN_PAR)
            .map(|&i| {
                if m.is_empty_row(i as usize) {
                    return None;
                }
                let (idx, val) = m.row(i as usize);
                let mut sims = [0.0f32; K];
                for (&t, &v) in idx.iter().zip(val) {
                    let c: &[f32; K] = self.centers[t as usize * K..][..K].try_into().expect("K weights");
                    for (s, &x) in sims.iter_mut().zip(c) {
                        *s += v * x;
                    }
                }
                Some(first_max(&sims))
            })
            .collect()
    }

    /// [`Centers::assign`], reusing what `known` found with these same
    /// centres: `known.0` rows (ascending, as `rows` must be for any to be
    /// reused) and `known.1` their nearest centres.
    pub fn assign_known(&self, m: &Matrix, rows: &[u32], known: (&[u32], &[Nearest])) -> Vec<Nearest> {
        let (kr, kf) = known;
        debug_assert_eq!(kr.len(), kf.len(), "one nearest centre per known row");
        if !rows.is_sorted() || !kr.is_sorted() {
            return self.assign(m, rows);
        }
        let mut out = Vec::with_capacity(rows.len());
        let (mut at, mut missing) = (Vec::new(), Vec::new());
        let mut j = 0;
        for (p, &r) in rows.iter().enumerate() {
            while j < kr.len() && kr[j] < r {
                j += 1;
            }
            if j < kr.len() && kr[j] == r {
                out.push(kf[j]);
            } else {
                out.push(None);
                at.push(p);
                missing.push(r);
            }
        }
        for (p, a) in at.into_iter().zip(self.assign(m, &missing)) {
            out[p] = a;
        }
        out
    }
}

/// Fits `p.k` centres to the non-empty rows in `rows`, the best of
/// `p.n_init` seedings by total similarity (for the tests: the stage
/// chooses among seedings by the topics' quality, see `fit_scored`).
#[cfg(test)]
pub fn fit(m: &Matrix, rows: &[u32], p: &KMeansParams) -> Centers {
    let rows = FitRows::new(m, rows);
    let k = p.k.min(rows.rows.len()).max(1);
    let mut seeds = SplitMix64::new(p.seed);
    let mut best: Option<Centers> = None;
    for _ in 0..p.n_init.max(1) {
        let picks = draw(m, &rows, k, &[], seeds.next_u64());
        let (c, _) = iterate(m, &rows, initial(m, k, &[], &picks), p.max_iter);
        if best.as_ref().is_none_or(|b| c.objective > b.objective) {
            best = Some(c);
        }
    }
    best.expect("at least one seeding")
}

/// The non-empty rows of a set of posts that centres are fitted to, with
/// their terms' values also by term (each term's posts in post order), so
/// that summing the centres reads each term's column at once instead of
/// scattering every post over all centres' weights.
#[derive(Debug, Clone)]
pub struct FitRows {
    /// The non-empty rows, in the order given.
    pub rows: Vec<u32>,
    /// Term `t`'s entries are `pos[colptr[t]..colptr[t + 1]]` (positions
    /// in `rows`, ascending) with values `val[…]`.
    colptr: Vec<usize>,
    pos: Vec<u32>,
    val: Vec<f32>,
}

impl FitRows {
    pub fn new(m: &Matrix, rows: &[u32]) -> FitRows {
        let rows: Vec<u32> = rows.iter().copied().filter(|&i| !m.is_empty_row(i as usize)).collect();
        let mut colptr = vec![0usize; m.n_terms + 1];
        for &i in &rows {
            for &t in m.row(i as usize).0 {
                colptr[t as usize + 1] += 1;
            }
        }
        for t in 0..m.n_terms {
            colptr[t + 1] += colptr[t];
        }
        let mut at = colptr[..m.n_terms].to_vec();
        let (mut pos, mut val) = (vec![0u32; colptr[m.n_terms]], vec![0.0f32; colptr[m.n_terms]]);
        for (j, &i) in rows.iter().enumerate() {
            let (idx, x) = m.row(i as usize);
            for (&t, &x) in idx.iter().zip(x) {
                let a = &mut at[t as usize];
                pos[*a] = j as u32;
                val[*a] = x;
                *a += 1;
            }
        }
        FitRows { rows, colptr, pos, val }
    }
}

/// A k-means++ seeding of a set of posts: the posts drawn as centres, in
/// the order drawn. The draws do not depend on how many centres are
/// wanted, so the first `k` posts of a seeding for more centres are the
/// seeding for `k`: the `auto` candidates share theirs.
#[derive(Debug, Clone)]
pub struct Seeding {
    /// The seed it was drawn from.
    pub seed: u64,
    picks: Vec<usize>,
}

impl Seeding {
    /// The seeding that [`fit`] with `n_init = 1` and this `seed` starts
    /// from, for up to `k_max` centres.
    pub fn new(m: &Matrix, rows: &FitRows, k_max: usize, seed: u64) -> Seeding {
        let k = k_max.min(rows.rows.len()).max(1);
        Seeding { seed, picks: draw(m, rows, k, &[], SplitMix64::new(seed).next_u64()) }
    }

    /// `k` centres fitted to `rows` (those seeded) from the first `k`
    /// posts drawn: the same centres as [`fit`] with `n_init = 1` and the
    /// seeding's seed. With them, each row's nearest centre when the
    /// iterations converged (the last assignment; `None` when they
    /// stopped at `max_iter`, after moving the centres once more).
    pub fn fit(
        &self,
        m: &Matrix,
        rows: &FitRows,
        k: usize,
        max_iter: usize,
    ) -> (Centers, Option<Vec<Nearest>>) {
        let k = k.min(rows.rows.len()).max(1);
        assert!(k <= self.picks.len(), "a seeding for {} centres cannot start {k}", self.picks.len());
        iterate(m, rows, initial(m, k, &[], &self.picks[..k]), max_iter)
    }
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
    let mut out = vec![0.0f32; acc.len()];
    normalise_into(acc, k, &mut out);
    out
}

/// [`normalise`] into `out` (as long as `acc`): each centre's length
/// summed over the terms in order, then every weight scaled, in parallel.
fn normalise_into(acc: &[f64], k: usize, out: &mut [f32]) {
    let mut norms = vec![0.0f64; k];
    for row in acc.chunks_exact(k) {
        for (n, v) in norms.iter_mut().zip(row) {
            *n += v * v;
        }
    }
    let inv: Vec<f64> = norms.iter().map(|n| if *n > 0.0 { 1.0 / n.sqrt() } else { 0.0 }).collect();
    out.par_chunks_mut(RECENTRE_TERMS * k).zip(acc.par_chunks(RECENTRE_TERMS * k)).for_each(|(out, sums)| {
        for (out, sums) in out.chunks_exact_mut(k).zip(sums.chunks_exact(k)) {
            for ((w, v), s) in out.iter_mut().zip(sums).zip(&inv) {
                *w = (v * s) as f32;
            }
        }
    });
}

/// k-means++ seeding of `rows` that starts from the centres `given`
/// (sparse, unit length: last night's topics), then Lloyd iterations;
/// `given` beyond `k` are ignored. A warm start: topics that are still
/// there stay where they were, and the seeding adds centres where posts
/// are far from all of them.
pub fn fit_from(
    m: &Matrix,
    rows: &FitRows,
    k: usize,
    given: &[Vec<(u32, f32)>],
    seed: u64,
    max_iter: usize,
) -> Centers {
    let k = k.min(rows.rows.len()).max(1);
    let picks = draw(m, rows, k, given, seed);
    iterate(m, rows, initial(m, k, given, &picks), max_iter).0
}

/// k-means++ draws for `k` centres (distance 1 − cosine): per centre, the
/// post drawn for it (unused for the centres `given`), each new one with
/// probability ∝ its squared distance to the nearest centre so far.
///
/// A post's similarity to a new centre is summed over the centre's terms
/// only, from each term's column: the terms a post shares with no centre
/// add zeros, which leave a sum as it is, so each similarity is the one
/// a full pass over the post's terms finds (terms in the same order).
fn draw(m: &Matrix, fit: &FitRows, k: usize, given: &[Vec<(u32, f32)>], seed: u64) -> Vec<usize> {
    let mut time = super::steps::Timer::start("kmeans draw");
    let rows = &fit.rows[..];
    let mut rng = SplitMix64::new(seed);
    let mut dist = vec![f64::INFINITY; rows.len()];
    let mut sims = vec![0.0f32; rows.len()];
    let mut picks = Vec::with_capacity(k);
    let mut chosen = rows[rng.below(rows.len())] as usize;
    // The newest centre, dense (zeroed again after each).
    let mut dense = vec![0.0f32; m.n_terms];
    for c in 0..k {
        picks.push(chosen);
        let mut terms: Vec<u32> = match given.get(c) {
            Some(g) => {
                for &(t, x) in g {
                    dense[t as usize] = x;
                }
                g.iter().map(|x| x.0).collect()
            }
            None => {
                let (idx, val) = m.row(chosen);
                for (&t, &x) in idx.iter().zip(val) {
                    dense[t as usize] = x;
                }
                idx.to_vec()
            }
        };
        terms.sort_unstable();
        terms.dedup();
        for &t in &terms {
            let w = dense[t as usize];
            let col = fit.colptr[t as usize]..fit.colptr[t as usize + 1];
            for (&p, &x) in fit.pos[col.clone()].iter().zip(&fit.val[col]) {
                sims[p as usize] += x * w;
            }
        }
        dist.par_iter_mut().zip(sims.par_iter()).with_min_len(1 << 14).for_each(|(d, &sim)| {
            let dd = (1.0 - sim as f64).max(0.0);
            *d = d.min(dd * dd);
        });
        for &t in &terms {
            dense[t as usize] = 0.0;
            let col = fit.colptr[t as usize]..fit.colptr[t as usize + 1];
            for &p in &fit.pos[col] {
                sims[p as usize] = 0.0;
            }
        }
        if c + 1 == k {
            break;
        }
        chosen = rows[weighted_pick(&dist, &mut rng)] as usize;
    }
    time.lap("draws");
    picks
}

/// The first centres: `given[c]`, or the post drawn for centre `c`, each
/// scaled to unit length.
fn initial(m: &Matrix, k: usize, given: &[Vec<(u32, f32)>], picks: &[usize]) -> Centers {
    let mut acc = vec![0.0f64; m.n_terms * k];
    for c in 0..k {
        match given.get(c) {
            Some(g) => {
                for &(t, x) in g {
                    acc[t as usize * k + c] += x as f64;
                }
            }
            None => add_row(&mut acc, k, m, picks[c], c),
        }
    }
    Centers { k, centers: normalise(&acc, k), objective: f64::NEG_INFINITY, iterations: 0 }
}

/// Lloyd iterations from `centers`; with the last assignment of `rows`
/// when they converged (see [`Seeding::fit`]).
fn iterate(
    m: &Matrix,
    fit: &FitRows,
    mut centers: Centers,
    max_iter: usize,
) -> (Centers, Option<Vec<Nearest>>) {
    let mut time = super::steps::Timer::start("kmeans iterations");
    let k = centers.k;
    let rows = &fit.rows[..];
    let mut labels = vec![u32::MAX; rows.len()];
    let mut acc = vec![0.0f64; m.n_terms * k];
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
            return (centers, Some(found));
        }
        time.lap("objective");
        recentre(m, fit, &labels, &found, &mut acc, &mut centers);
        time.lap("recentre");
    }
    (centers, None)
}

/// Terms per parallel task of [`recentre`] and [`normalise_into`].
const RECENTRE_TERMS: usize = 256;

/// The centres of an assignment (`labels[j]` is the centre of
/// `rows.rows[j]`): each the sum of its posts' rows scaled to unit length;
/// a centre left without posts takes the post worst served by its own.
/// Summed term by term, over each term's posts in post order, so each
/// weight adds the same values in the same order as one pass over the
/// posts would; terms are summed, and the weights scaled, in parallel
/// (`acc` holds the sums, term-major).
fn recentre(
    m: &Matrix,
    rows: &FitRows,
    labels: &[u32],
    found: &[Nearest],
    acc: &mut [f64],
    centers: &mut Centers,
) {
    let k = centers.k;
    acc.par_chunks_mut(RECENTRE_TERMS * k).enumerate().for_each(|(b, out)| {
        for (j, cell) in out.chunks_exact_mut(k).enumerate() {
            cell.fill(0.0);
            let t = b * RECENTRE_TERMS + j;
            let col = rows.colptr[t]..rows.colptr[t + 1];
            for (&p, &x) in rows.pos[col.clone()].iter().zip(&rows.val[col]) {
                cell[labels[p as usize] as usize] += x as f64;
            }
        }
    });
    // An empty centre takes the post worst served by its own.
    let mut size = vec![0usize; k];
    for &c in labels {
        size[c as usize] += 1;
    }
    if size.contains(&0) {
        let mut sims: Vec<(f32, usize)> =
            found.iter().enumerate().map(|(j, f)| (f.map_or(1.0, |x| x.1), j)).collect();
        sims.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut donors = sims.into_iter().map(|(_, j)| j);
        for c in (0..k).filter(|&c| size[c] == 0) {
            if let Some(j) = donors.next() {
                add_row(acc, k, m, rows.rows[j] as usize, c);
            }
        }
    }
    normalise_into(acc, k, &mut centers.centers);
}

/// The first of the highest similarities and its centre (a later one
/// must be strictly higher to win; with a NaN, what that scan gives).
#[inline]
fn first_max(sims: &[f32]) -> (u32, f32) {
    let mut best = (0u32, sims[0]);
    for (c, &s) in sims.iter().enumerate().skip(1) {
        if s > best.1 {
            best = (c as u32, s);
        }
    }
    best
}

/// k-means++'s draw: an index of `dist` with probability proportional
/// to its value, or uniformly when all are zero (every row already a
/// centre). One draw from `rng` either way.
fn weighted_pick(dist: &[f64], rng: &mut SplitMix64) -> usize {
    let total: f64 = dist.iter().sum();
    if total > 0.0 {
        let mut r = rng.next_f64() * total;
        for (j, d) in dist.iter().enumerate() {
            if r < *d {
                return j;
            }
            r -= d;
        }
        dist.len() - 1
    } else {
        rng.below(dist.len())
    }
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

    /// The k-means this module computed before its sums ran by term, its
    /// seedings were shared and its similarities had kernels per K, written
    /// plainly: the reference the fits must equal bit for bit.
    fn reference(
        m: &Matrix,
        rows: &[u32],
        k: usize,
        given: &[Vec<(u32, f32)>],
        seed: u64,
        iters: usize,
    ) -> Centers {
        let rows: Vec<u32> = rows.iter().copied().filter(|&i| !m.is_empty_row(i as usize)).collect();
        let k = k.min(rows.len()).max(1);
        let sim = |c: &[f32], i: u32| {
            let mut s = vec![0.0f32; k];
            let (idx, val) = m.row(i as usize);
            for (&t, &x) in idx.iter().zip(val) {
                for j in 0..k {
                    s[j] += x * c[t as usize * k + j];
                }
            }
            let mut best = (0u32, s[0]);
            for (j, &x) in s.iter().enumerate().skip(1) {
                if x > best.1 {
                    best = (j as u32, x);
                }
            }
            best
        };
        let mut rng = SplitMix64::new(seed);
        let v = m.n_terms;
        let mut acc = vec![0.0f64; v * k];
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
            for (d, &i) in dist.iter_mut().zip(&rows) {
                let (idx, val) = m.row(i as usize);
                let s: f32 = idx.iter().zip(val).map(|(&t, &x)| x * dense[t as usize]).sum();
                let dd = (1.0 - s as f64).max(0.0);
                *d = d.min(dd * dd);
            }
            if c + 1 == k {
                break;
            }
            chosen = rows[super::weighted_pick(&dist, &mut rng)] as usize;
        }
        let mut centers =
            Centers { k, centers: normalise(&acc, k), objective: f64::NEG_INFINITY, iterations: 0 };
        let mut labels = vec![u32::MAX; rows.len()];
        for it in 1..=iters.max(1) {
            let found: Vec<(u32, f32)> = rows.iter().map(|&i| sim(&centers.centers, i)).collect();
            let mut changed = 0usize;
            let mut objective = 0.0f64;
            for (l, &(c, s)) in labels.iter_mut().zip(&found) {
                objective += s as f64;
                if *l != c {
                    *l = c;
                    changed += 1;
                }
            }
            let gain = objective - centers.objective;
            centers.objective = objective;
            centers.iterations = it;
            if changed * 1000 <= rows.len() || gain < 1e-4 * objective.abs() {
                break;
            }
            acc.iter_mut().for_each(|a| *a = 0.0);
            let mut size = vec![0usize; k];
            for (&i, &c) in rows.iter().zip(&labels) {
                add_row(&mut acc, k, m, i as usize, c as usize);
                size[c as usize] += 1;
            }
            if size.contains(&0) {
                let mut sims: Vec<(f32, usize)> = found.iter().enumerate().map(|(j, f)| (f.1, j)).collect();
                sims.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let mut donors = sims.into_iter().map(|(_, j)| j);
                for c in (0..k).filter(|&c| size[c] == 0) {
                    if let Some(j) = donors.next() {
                        add_row(&mut acc, k, m, rows[j] as usize, c);
                    }
                }
            }
            centers.centers = normalise(&acc, k);
        }
        centers
    }

    /// Posts of a few words from a skewed vocabulary, some empty, some
    /// repeated (`distinct` different posts at most).
    fn synthetic(n: usize, distinct: usize, seed: u64) -> Corpus {
        let mut rng = SplitMix64::new(seed);
        let vocab: Vec<String> = (0..80).map(|i| format!("w{i}")).collect();
        let posts: Vec<Vec<&str>> = (0..distinct)
            .map(|_| {
                let len = rng.below(9);
                // Skewed: a low word more often than a high one.
                (0..len)
                    .map(|_| {
                        let top = 1 + rng.below(80);
                        vocab[rng.below(top)].as_str()
                    })
                    .collect()
            })
            .collect();
        let docs: Vec<Vec<&str>> =
            (0..n).map(|i| posts[if i < distinct { i } else { rng.below(distinct) }].clone()).collect();
        Corpus::from_words(&docs)
    }

    fn same(a: &Centers, b: &Centers) {
        assert_eq!((a.k, a.iterations), (b.k, b.iterations));
        assert_eq!(a.objective.to_bits(), b.objective.to_bits());
        let bits = |c: &Centers| c.centers.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
        assert!(bits(a) == bits(b), "centres differ");
    }

    #[test]
    fn fits_equal_the_plain_reference_bit_for_bit() {
        for (n, distinct) in [(900, 900), (400, 25)] {
            let c = synthetic(n, distinct, n as u64);
            let m = Matrix::tfidf(&c);
            let rows: Vec<u32> = (0..n as u32).filter(|i| i % 7 != 3).collect();
            let fit_rows = FitRows::new(&m, &rows);
            for seed in [1u64, 42] {
                // One seeding for up to 40 centres serves every smaller K.
                let shared = Seeding::new(&m, &fit_rows, 40, seed);
                for k in [1usize, 2, 5, 10, 13, 33, 40] {
                    let want = reference(&m, &rows, k, &[], SplitMix64::new(seed).next_u64(), 30);
                    same(&fit(&m, &rows, &KMeansParams { k, seed, max_iter: 30, n_init: 1 }), &want);
                    let (got, last) = shared.fit(&m, &fit_rows, k, 30);
                    same(&got, &want);
                    let now = got.assign(&m, &fit_rows.rows);
                    if let Some(last) = last {
                        assert_eq!(last, now, "the last assignment is the centres' own");
                    }
                    let general: Vec<_> =
                        fit_rows.rows.iter().map(|&i| got.nearest(&m, i as usize, &mut Vec::new())).collect();
                    assert_eq!(now, general, "kernel for K = {k}");
                    // Warm starts: the first centres given.
                    let given: Vec<Vec<(u32, f32)>> = (0..k.min(3))
                        .map(|j| {
                            let (idx, val) = m.row(fit_rows.rows[j * 5] as usize);
                            idx.iter().copied().zip(val.iter().copied()).collect()
                        })
                        .collect();
                    same(
                        &fit_from(&m, &fit_rows, k, &given, seed, 30),
                        &reference(&m, &rows, k, &given, seed, 30),
                    );
                }
            }
        }
    }

    #[test]
    fn reusing_known_assignments_changes_none() {
        let c = synthetic(500, 500, 3);
        let m = Matrix::tfidf(&c);
        let all: Vec<u32> = (0..500).collect();
        let f = fit(&m, &all, &KMeansParams { k: 6, seed: 9, max_iter: 10, n_init: 1 });
        let some: Vec<u32> = all.iter().copied().filter(|i| i % 3 == 0).collect();
        let known = f.assign(&m, &some);
        assert_eq!(f.assign_known(&m, &all, (&some, &known)), f.assign(&m, &all));
    }

    #[test]
    fn empty_rows_get_no_centre() {
        let c = words(&["a b", "", "b c"]);
        let m = Matrix::tfidf(&c);
        let f = fit(&m, &[0, 1, 2], &KMeansParams { k: 2, seed: 1, max_iter: 5, n_init: 1 });
        assert_eq!(f.assign(&m, &[1])[0], None);
    }
}
