//! Sparse text features shared by training and prediction: hashed word
//! 1–2-grams and character 2–5-grams (within words), with negation scope,
//! slang folded to formal words, target mentions masked, emoji and
//! emoticons as their own terms, emphasis, stretched and capitalised words
//! as flags, and (English) VADER valence as two dense features.
//!
//! Terms are hashed into `2^bits` buckets (no vocabulary to store). Each
//! occurrence weighs its bucket's idf; each block (words, characters) is
//! scaled by 1/√(Σ idf² over its occurrences). That is scikit-learn's
//! unit-length tf–idf whenever no term repeats in a post, and it is
//! *additive over words*: a word's terms contribute the same wherever it
//! occurs, so scoring caches each distinct word's contribution
//! ([`super::model::ModelScratch`]) instead of hashing and looking up its
//! ~25 character n-grams again in every post. [`weigh`] is the one place
//! the rule lives for training.

use crate::text::{Lexicon, TokenKind, Tokens, flag};

/// Words that put the next few words under negation (after slang folding,
/// so `gak`, `nggak`, `tdk` arrive as `tidak`).
pub const NEGATORS: &[&str] = &[
    "tidak", "bukan", "belum", "jangan", "tak", "tanpa", "kurang", "not", "no", "never", "nothing", "nobody",
    "none", "nor", "cannot", "without", "neither",
];
/// Words that end a clause (negation scope, per-target windows).
pub const CONTRAST: &[&str] = &[
    "tapi",
    "tetapi",
    "namun",
    "sedangkan",
    "padahal",
    "melainkan",
    "meskipun",
    "walaupun",
    "walau",
    "biarpun",
    "but",
    "however",
    "although",
    "though",
    "whereas",
    "while",
    "yet",
];
/// How many words a negator governs.
pub const NEGATION_SCOPE: u8 = 3;

/// Which blocks a feature lives in (hash seeds differ per block).
const WORD_SEED: u64 = 0x5EED_0001;
const CHAR_SEED: u64 = 0x5EED_0002;

/// Dense features appended after the hashed ones.
pub const DENSE: usize = 6;
pub const DENSE_NAMES: [&str; DENSE] =
    ["<emphasis>", "<elongated>", "<caps>", "<question>", "vader+", "vader-"];

/// One occurrence of a hashed term, and the token it came from (for
/// explanations; `u32::MAX` when it has none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Occ {
    pub bucket: u32,
    pub char_block: bool,
    pub token: u32,
}

/// One distinct feature of a post after weighting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weighted {
    pub bucket: u32,
    pub char_block: bool,
    pub weight: f32,
    /// How many occurrences it stands for.
    pub count: u32,
}

/// Weighs a post's occurrences: per distinct (bucket, block), tf · idf,
/// each block scaled by 1/√(Σ idf² over its occurrences) (see the module
/// doc). Buckets with idf 0 (unknown to the model) are dropped.
pub fn weigh(occ: &[Occ], idf: impl Fn(u32) -> f32, keys: &mut Vec<u32>, out: &mut Vec<Weighted>) {
    keys.clear();
    keys.extend(occ.iter().map(|o| (o.bucket << 1) | o.char_block as u32));
    keys.sort_unstable();
    out.clear();
    let mut i = 0;
    let mut norms = [0.0f32; 2];
    while i < keys.len() {
        let k = keys[i];
        let mut j = i + 1;
        while j < keys.len() && keys[j] == k {
            j += 1;
        }
        let bucket = k >> 1;
        let idf = idf(bucket);
        if idf > 0.0 {
            let tf = (j - i) as f32;
            let block = k & 1 == 1;
            norms[block as usize] += tf * idf * idf;
            out.push(Weighted { bucket, char_block: block, weight: tf * idf, count: (j - i) as u32 });
        }
        i = j;
    }
    let scale = norms.map(block_scale);
    for w in out.iter_mut() {
        w.weight *= scale[w.char_block as usize];
    }
}

/// A block's scale from its Σ idf².
#[inline]
pub fn block_scale(sum_sq: f32) -> f32 {
    if sum_sq > 0.0 { 1.0 / sum_sq.sqrt() } else { 0.0 }
}

/// A post's terms (and, for training, their hashed occurrences), and the
/// buffers that build them (one per thread, reused: extracting allocates
/// nothing once warm).
#[derive(Debug, Default, Clone)]
pub struct Features {
    /// Hashed occurrences: filled by [`Featurizer::extract`] (training),
    /// left empty by [`Featurizer::extract_terms`] (scoring).
    pub occ: Vec<Occ>,
    pub dense: [f32; DENSE],
    /// Word terms in order; their text lives in `arena`.
    terms: Vec<TermRec>,
    arena: String,
    /// Runs of terms that bigrams may span (`[start, end)` into `terms`).
    segments: Vec<(usize, usize)>,
    pad: Vec<u8>,
}

/// One word term: its token, whether negated, whether it has character
/// n-grams, and its text in the arena.
#[derive(Debug, Clone, Copy)]
struct TermRec {
    token: u32,
    negated: bool,
    chars: bool,
    start: u32,
    end: u32,
}

/// A term as scoring sees it.
#[derive(Debug, Clone, Copy)]
pub struct Term<'a> {
    pub word: &'a str,
    pub negated: bool,
    /// Whether its character n-grams count (not for `<url>`-style
    /// placeholders, emoji names and emoticons).
    pub chars: bool,
    pub token: u32,
}

impl Features {
    fn push_term(&mut self, word: &str, negated: bool, token: u32) {
        let chars = !word.starts_with('<');
        self.push_raw(&[word], negated, chars, token);
    }

    fn push_raw(&mut self, parts: &[&str], negated: bool, chars: bool, token: u32) {
        let start = self.arena.len() as u32;
        for p in parts {
            self.arena.push_str(p);
        }
        self.terms.push(TermRec { token, negated, chars, start, end: self.arena.len() as u32 });
    }

    fn word(&self, t: &TermRec) -> &str {
        &self.arena[t.start as usize..t.end as usize]
    }

    fn label(&self, t: &TermRec) -> String {
        if t.negated { format!("NEG_{}", self.word(t)) } else { self.word(t).to_string() }
    }

    fn term(&self, t: &TermRec) -> Term<'_> {
        Term { word: self.word(t), negated: t.negated, chars: t.chars, token: t.token }
    }

    /// The terms in order.
    pub fn terms(&self) -> impl Iterator<Item = Term<'_>> {
        self.terms.iter().map(|t| self.term(t))
    }

    /// Adjacent term pairs that form bigrams (within a segment), as
    /// indices into [`Features::terms`]; the second one closes it.
    pub fn bigram_pairs(&self) -> impl Iterator<Item = (Term<'_>, Term<'_>)> {
        self.segments.iter().flat_map(move |&(s, e)| {
            (s + 1..e).map(move |j| (self.term(&self.terms[j - 1]), self.term(&self.terms[j])))
        })
    }

    /// Readable word terms in order, with their token (`NEG_` marks
    /// negation).
    pub fn labels(&self) -> Vec<(u32, String)> {
        self.terms.iter().map(|t| (t.token, self.label(t))).collect()
    }

    /// The words of the terms not under negation.
    pub fn plain_words(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter(|t| !t.negated).map(|t| self.word(t))
    }

    /// Drops the buffers only extraction needs (for feature sets kept in
    /// bulk, as training does).
    pub fn compact(&mut self) {
        self.pad = Vec::new();
        self.segments = Vec::new();
        self.occ.shrink_to_fit();
    }

    /// The readable term of a token (the first word term it produced).
    pub fn token_label(&self, token: u32) -> Option<String> {
        self.terms.iter().find(|t| t.token == token).map(|t| self.label(t))
    }
}

/// Feature settings stored with a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Spec {
    pub bits: u32,
    pub char_min: u8,
    pub char_max: u8,
    pub bigrams: bool,
    /// English models add VADER valence features.
    pub vader: bool,
    /// Add the Indonesian stem of each word as a term of its own
    /// (`mengecewakan` also counts as `kecewa`).
    #[serde(default)]
    pub stems: bool,
}

impl Spec {
    /// Whether [`Featurizer::extract_terms`] gives the same terms and dense
    /// features under both specs: only the VADER features differ there
    /// (bucket bits, n-gram sizes, stems and bigrams apply when hashing).
    pub fn same_terms(&self, other: &Spec) -> bool {
        self.vader == other.vader
    }
}

impl Default for Spec {
    fn default() -> Spec {
        Spec { bits: 20, char_min: 2, char_max: 5, bigrams: true, vader: false, stems: false }
    }
}

/// 64-bit FNV-style hash with a final avalanche, fed in pieces.
#[derive(Clone, Copy)]
struct H(u64);

impl H {
    fn new(seed: u64) -> H {
        H(0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
    #[inline]
    fn feed(mut self, b: &[u8]) -> H {
        for &x in b {
            self.0 = (self.0 ^ x as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
    #[inline]
    fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Emoji names as one word, as IndoNLU SmSA writes emoji in its text
/// (😂 → facewithtearsofjoy): real emoji then meet what SmSA taught.
pub fn emoji_name(e: &str) -> Option<&'static str> {
    static NAMES: std::sync::OnceLock<crate::util::FxHashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            include_str!("../../datasets/lexicons/emoji-names.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .collect()
        })
        .get(e)
        .copied()
}

/// Whether a (normalised) word is a political figure's name: such words
/// are masked as `<target>` like watchlist mentions, whether or not a
/// watchlist names them (`datasets/lexicons/political-names.txt` says why).
pub fn is_political_name(w: &str) -> bool {
    static NAMES: std::sync::OnceLock<crate::util::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            include_str!("../../datasets/lexicons/political-names.txt")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect()
        })
        .contains(w)
}

/// VADER valence of an English word (the shipped lexicon, MIT).
pub struct Valence(crate::util::FxHashMap<Box<str>, f32>);

impl Valence {
    pub fn builtin() -> Valence {
        let text = include_str!("../../datasets/lexicons/vader-lexicon.tsv");
        Valence(
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let (w, v) = l.split_once('\t')?;
                    Some((w.into(), v.trim().parse().ok()?))
                })
                .collect(),
        )
    }

    pub fn get(&self, w: &str) -> Option<f32> {
        self.0.get(w).copied()
    }
}

/// Builds features for one model's [`Spec`].
pub struct Featurizer<'a> {
    pub spec: Spec,
    pub lex: &'a Lexicon,
    pub valence: Option<&'a Valence>,
}

const PUNCT_BREAKS: &[&str] = &[".", ",", ";", ":", "!", "?", "(", ")", "\""];

impl Featurizer<'_> {
    /// Features of one post, hashed (for training and
    /// [`super::model::TextModel::logits`]). `mask` holds byte spans of
    /// target mentions: their words become the single term `<target>`, so
    /// names never count as sentiment words (InSet scores `ganjar` +5 and
    /// `amin` +3).
    pub fn extract(&self, tokens: &Tokens, mask: &[(u32, u32)], out: &mut Features) {
        self.extract_terms(tokens, 0..tokens.list.len(), mask, out);
        self.hash_terms(out);
    }

    /// Hashes the extracted terms into `out.occ`.
    pub fn hash_terms(&self, out: &mut Features) {
        let (mut occ, mut pad) = (std::mem::take(&mut out.occ), std::mem::take(&mut out.pad));
        occ.clear();
        for t in out.terms() {
            let token = t.token;
            self.term_buckets(t, &mut pad, |bucket, char_block| occ.push(Occ { bucket, char_block, token }));
        }
        if self.spec.bigrams {
            for (a, b) in out.bigram_pairs() {
                occ.push(Occ { bucket: self.bigram_bucket(a, b), char_block: false, token: b.token });
            }
        }
        (out.occ, out.pad) = (occ, pad);
    }

    /// The terms of the tokens `range` (a post, or a target's clause),
    /// unhashed: scoring hashes a word only the first time it meets it.
    pub fn extract_terms(
        &self,
        tokens: &Tokens,
        range: std::ops::Range<usize>,
        mask: &[(u32, u32)],
        out: &mut Features,
    ) {
        out.occ.clear();
        out.terms.clear();
        out.arena.clear();
        out.segments.clear();
        out.dense = [0.0; DENSE];
        let mut negation = 0u8;
        let mut segment_start = 0usize;
        let mut valence = (0.0f32, 0.0f32);
        let mut masked_until = 0u32;
        let break_segment = |out: &mut Features, start: &mut usize| {
            if out.terms.len() > *start {
                out.segments.push((*start, out.terms.len()));
            }
            *start = out.terms.len();
        };
        for ti in range {
            let t = &tokens.list[ti];
            let n = tokens.norm(t);
            let ti = ti as u32;
            if t.start < masked_until {
                continue;
            }
            if let Some(&(_, e)) = mask.iter().find(|(s, e)| t.start >= *s && t.start < *e) {
                masked_until = e;
                out.push_term("<target>", false, ti);
                continue;
            }
            if t.has(flag::ELONGATED) {
                out.dense[1] += 1.0;
            }
            if t.has(flag::ALL_CAPS) {
                out.dense[2] += 1.0;
            }
            match t.kind {
                TokenKind::Word | TokenKind::HashtagPart | TokenKind::MentionPart => {
                    for w in tokens.form(ti as usize, self.lex).split(' ') {
                        if is_political_name(w) {
                            out.push_term("<target>", false, ti);
                            continue;
                        }
                        if NEGATORS.contains(&w) {
                            out.push_term(w, false, ti);
                            negation = NEGATION_SCOPE;
                            continue;
                        }
                        if CONTRAST.contains(&w) {
                            negation = 0;
                            out.push_term(w, false, ti);
                            continue;
                        }
                        let negated = negation > 0;
                        negation = negation.saturating_sub(1);
                        if let Some(v) = self.valence.and_then(|val| val.get(w)) {
                            let v = if negated { -0.74 * v } else { v };
                            if v > 0.0 {
                                valence.0 += v;
                            } else {
                                valence.1 -= v;
                            }
                        }
                        out.push_term(w, negated, ti);
                    }
                }
                TokenKind::Mention => out.push_term("<user>", false, ti),
                TokenKind::Number => out.push_term("<num>", false, ti),
                TokenKind::Url => {
                    break_segment(out, &mut segment_start);
                    out.push_term("<url>", false, ti);
                    break_segment(out, &mut segment_start);
                }
                TokenKind::Emoji | TokenKind::Emoticon => match emoji_name(n) {
                    Some(name) => out.push_raw(&[name], false, false, ti),
                    None => out.push_raw(&["e:", n], false, false, ti),
                },
                TokenKind::Hashtag => {}
                TokenKind::Punct => {
                    if n == "!" {
                        out.dense[0] += if t.has(flag::EMPHASIS) { 1.0 } else { 0.5 };
                    }
                    if n == "?" {
                        out.dense[3] += 1.0;
                    }
                    if PUNCT_BREAKS.contains(&n) {
                        negation = 0;
                        break_segment(out, &mut segment_start);
                        if n == "!" || n == "?" {
                            out.push_term(if n == "!" { "<!>" } else { "<?>" }, false, ti);
                            break_segment(out, &mut segment_start);
                        }
                    }
                }
            }
        }
        break_segment(out, &mut segment_start);
        for d in &mut out.dense[..4] {
            *d = *d / (1.0 + *d);
        }
        if self.spec.vader {
            out.dense[4] = valence.0 / (valence.0 + 4.0);
            out.dense[5] = valence.1 / (valence.1 + 4.0);
        }
    }

    #[inline]
    fn bucket(&self, h: H) -> u32 {
        (h.finish() & ((1u64 << self.spec.bits) - 1)) as u32
    }

    /// The hashed buckets of one term: its word (and stem), then its
    /// character n-grams (`char_block` true), padded with spaces; each
    /// start position's hash is extended one byte at a time. `pad` is a
    /// reusable buffer.
    pub fn term_buckets(&self, t: Term<'_>, pad: &mut Vec<u8>, mut emit: impl FnMut(u32, bool)) {
        let neg: &[u8] = if t.negated { b"NEG_" } else { b"" };
        emit(self.bucket(H::new(WORD_SEED).feed(neg).feed(t.word.as_bytes())), false);
        if self.spec.stems && !t.word.starts_with('<') {
            let stem = crate::text::stem::stem_id(t.word, self.lex);
            if stem != t.word {
                emit(self.bucket(H::new(WORD_SEED).feed(b"S:").feed(neg).feed(stem.as_bytes())), false);
            }
        }
        if !t.chars {
            return;
        }
        pad.clear();
        pad.push(b' ');
        pad.extend_from_slice(t.word.as_bytes());
        pad.push(b' ');
        let (cmin, cmax) = (self.spec.char_min as usize, self.spec.char_max as usize);
        for s in 0..pad.len() {
            let mut h = H::new(CHAR_SEED);
            for (len, &b) in pad[s..].iter().take(cmax).enumerate() {
                h = h.feed(&[b]);
                if len + 1 >= cmin {
                    emit(self.bucket(h), true);
                }
            }
        }
    }

    /// The bucket of the bigram `a b` (a word-block term).
    pub fn bigram_bucket(&self, a: Term<'_>, b: Term<'_>) -> u32 {
        let neg = |t: &Term<'_>| if t.negated { &b"NEG_"[..] } else { &b""[..] };
        self.bucket(
            H::new(WORD_SEED)
                .feed(neg(&a))
                .feed(a.word.as_bytes())
                .feed(b" ")
                .feed(neg(&b))
                .feed(b.word.as_bytes()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn features(s: &str, mask: &[(u32, u32)]) -> Features {
        let lex = Lexicon::builtin();
        let mut t = Tokens::default();
        tokenize(s, &lex, &mut t);
        let f = Featurizer { spec: Spec::default(), lex: &lex, valence: None };
        let mut out = Features::default();
        f.extract(&t, mask, &mut out);
        out
    }

    fn labels(s: &str) -> Vec<String> {
        features(s, &[]).labels().into_iter().map(|(_, l)| l).collect()
    }

    #[test]
    fn negation_marks_the_words_it_governs() {
        assert_eq!(labels("gak bagus sama sekali"), ["tidak", "NEG_bagus", "NEG_sama", "NEG_sekali"]);
        assert_eq!(labels("tidak jelek, bagus"), ["tidak", "NEG_jelek", "bagus"]);
        assert_eq!(labels("not good but fine"), ["not", "NEG_good", "but", "fine"]);
    }

    #[test]
    fn slang_clitics_emoji_and_masks() {
        assert_eq!(labels("bgt kecewa sama bukunya 😡"), ["banget", "kecewa", "sama", "buku", "poutingface"]);
        let text = "Prabowo hebat";
        let f = features(text, &[(0, 7)]);
        let l: Vec<String> = f.labels().into_iter().map(|(_, l)| l).collect();
        assert_eq!(l, ["<target>", "hebat"], "the name never becomes a sentiment word");
        // Names of political figures are masked without a watchlist too:
        // the shipped model had learned `ahok` −3.9 and `jokowi` +3.3.
        assert_eq!(
            labels("Ahok-Djarot kalah, #Jokowi @prabowo menang"),
            ["<target>", "<target>", "kalah", "<target>", "<user>", "<target>", "menang"]
        );
        assert_eq!(labels("Ma'ruf Amin dan Ma’ruf"), ["<target>", "<target>", "dan", "<target>"]);
        assert_eq!(labels("agak kecewa"), ["agak", "kecewa"], "ordinary words stay");
    }

    #[test]
    fn hashing_is_stable_and_flags_count() {
        let a = features("Mantaaap!!! KEREN", &[]);
        let b = features("Mantaaap!!! KEREN", &[]);
        assert_eq!(a.occ, b.occ);
        assert!(a.dense[0] > 0.0 && a.dense[1] > 0.0 && a.dense[2] > 0.0);
        assert!(a.occ.iter().any(|o| o.char_block));
    }
}
