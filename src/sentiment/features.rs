//! Sparse text features shared by training and prediction: hashed word
//! 1–2-grams and character 2–5-grams (within words), with negation scope,
//! slang folded to formal words, target mentions masked, emoji and
//! emoticons as their own terms, emphasis, stretched and capitalised words
//! as flags, and (English) VADER valence as two dense features.
//!
//! Terms are hashed into `2^bits` buckets (no vocabulary to store or look
//! up: a post costs arithmetic and one table read per term). Each block
//! (words, characters) is weighted (1 + ln tf) · idf and scaled to unit
//! length, as scikit-learn's `TfidfVectorizer(sublinear_tf=True)` does;
//! [`weigh`] is the one place that rule lives, for training and prediction.

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

/// Weighs a post's occurrences: per distinct (bucket, block), (1 + ln tf) ·
/// idf, each block scaled to unit length. Buckets with idf 0 (unknown to
/// the model) are dropped.
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
            let w = (1.0 + ((j - i) as f32).ln()) * idf;
            let block = k & 1 == 1;
            norms[block as usize] += w * w;
            out.push(Weighted { bucket, char_block: block, weight: w, count: (j - i) as u32 });
        }
        i = j;
    }
    let scale = norms.map(|n| if n > 0.0 { 1.0 / n.sqrt() } else { 0.0 });
    for w in out.iter_mut() {
        w.weight *= scale[w.char_block as usize];
    }
}

/// A post's features before weighting, and the buffers that build them
/// (one per thread, reused: extracting allocates nothing once warm).
#[derive(Debug, Default, Clone)]
pub struct Features {
    pub occ: Vec<Occ>,
    pub dense: [f32; DENSE],
    /// Distinct `(bucket << 1 | char block, count)` in order of first
    /// occurrence, and for each occurrence the index of its entry here.
    pub distinct: Vec<(u32, u32)>,
    pub occ_distinct: Vec<u32>,
    /// Word terms in order; their text lives in `arena`.
    terms: Vec<TermRec>,
    arena: String,
    segments: Vec<(usize, usize)>,
    pad: Vec<u8>,
    table: Vec<u32>,
}

/// One word term: its token, whether negated, and its text in the arena.
#[derive(Debug, Clone, Copy)]
struct TermRec {
    token: u32,
    negated: bool,
    start: u32,
    end: u32,
}

impl Features {
    fn push_term(&mut self, word: &str, negated: bool, token: u32) {
        let start = self.arena.len() as u32;
        self.arena.push_str(word);
        self.terms.push(TermRec { token, negated, start, end: self.arena.len() as u32 });
    }

    fn word(&self, t: &TermRec) -> &str {
        &self.arena[t.start as usize..t.end as usize]
    }

    fn label(&self, t: &TermRec) -> String {
        if t.negated { format!("NEG_{}", self.word(t)) } else { self.word(t).to_string() }
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
        for v in [&mut self.table, &mut self.occ_distinct] {
            *v = Vec::new();
        }
        self.pad = Vec::new();
        self.segments = Vec::new();
        self.distinct = Vec::new();
        self.occ.shrink_to_fit();
    }

    /// The readable term of a token (the first word term it produced).
    pub fn token_label(&self, token: u32) -> Option<String> {
        self.terms.iter().find(|t| t.token == token).map(|t| self.label(t))
    }

    /// Counts the occurrences per distinct key (open addressing over a
    /// table of twice their number: no sort, no allocation once warm).
    fn count_distinct(&mut self) {
        self.distinct.clear();
        self.occ_distinct.clear();
        let size = (self.occ.len() * 2).next_power_of_two().max(16);
        self.table.clear();
        self.table.resize(size, u32::MAX);
        let mask = size - 1;
        for o in &self.occ {
            let key = (o.bucket << 1) | o.char_block as u32;
            let mut at = (key.wrapping_mul(0x9E37_79B1) as usize) & mask;
            loop {
                let slot = self.table[at];
                if slot == u32::MAX {
                    self.table[at] = self.distinct.len() as u32;
                    self.occ_distinct.push(self.distinct.len() as u32);
                    self.distinct.push((key, 1));
                    break;
                }
                if self.distinct[slot as usize].0 == key {
                    self.distinct[slot as usize].1 += 1;
                    self.occ_distinct.push(slot);
                    break;
                }
                at = (at + 1) & mask;
            }
        }
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
    /// Features of one post. `mask` holds byte spans of target mentions:
    /// their words become the single term `<target>`, so names never count
    /// as sentiment words (InSet scores `ganjar` +5 and `amin` +3).
    pub fn extract(&self, tokens: &Tokens, mask: &[(u32, u32)], out: &mut Features) {
        self.extract_range(tokens, 0..tokens.list.len(), mask, out)
    }

    /// Features of the tokens `range` only (a target's clause).
    pub fn extract_range(
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
                    Some(name) => out.push_term(name, false, ti),
                    None => {
                        let start = out.arena.len() as u32;
                        out.arena.push_str("e:");
                        out.arena.push_str(n);
                        let end = out.arena.len() as u32;
                        out.terms.push(TermRec { token: ti, negated: false, start, end });
                    }
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
        self.hash_terms(tokens, out);
        out.count_distinct();
    }

    /// Hashes the word terms, their character n-grams and the bigrams
    /// within each segment into `out.occ`.
    fn hash_terms(&self, tokens: &Tokens, out: &mut Features) {
        let mask_bits = (1u64 << self.spec.bits) - 1;
        let bucket = |h: u64| (h & mask_bits) as u32;
        let neg = |t: &TermRec| if t.negated { &b"NEG_"[..] } else { &b""[..] };
        let (cmin, cmax) = (self.spec.char_min as usize, self.spec.char_max as usize);
        for i in 0..out.terms.len() {
            let t = out.terms[i];
            let word = &out.arena[t.start as usize..t.end as usize];
            let h = H::new(WORD_SEED).feed(neg(&t)).feed(word.as_bytes());
            out.occ.push(Occ { bucket: bucket(h.finish()), char_block: false, token: t.token });
            if self.spec.stems && !word.starts_with('<') {
                let stem = crate::text::stem::stem_id(word, self.lex);
                if stem != word {
                    let h = H::new(WORD_SEED).feed(b"S:").feed(neg(&t)).feed(stem.as_bytes());
                    out.occ.push(Occ { bucket: bucket(h.finish()), char_block: false, token: t.token });
                }
            }
            // Character n-grams of plain words, padded with spaces; each
            // start position's hash is extended one byte at a time.
            let is_emoji = tokens.list[t.token as usize].kind == TokenKind::Emoji;
            if word.starts_with('<') || word.starts_with("e:") || is_emoji {
                continue;
            }
            out.pad.clear();
            out.pad.push(b' ');
            out.pad.extend_from_slice(word.as_bytes());
            out.pad.push(b' ');
            let p = &out.pad;
            for s in 0..p.len() {
                let mut h = H::new(CHAR_SEED);
                for (len, &b) in p[s..].iter().take(cmax).enumerate() {
                    h = h.feed(&[b]);
                    if len + 1 >= cmin {
                        out.occ.push(Occ { bucket: bucket(h.finish()), char_block: true, token: t.token });
                    }
                }
            }
        }
        if self.spec.bigrams {
            for si in 0..out.segments.len() {
                let (s, e) = out.segments[si];
                for j in s + 1..e {
                    let (a, b) = (out.terms[j - 1], out.terms[j]);
                    let h = H::new(WORD_SEED)
                        .feed(neg(&a))
                        .feed(out.word(&a).as_bytes())
                        .feed(b" ")
                        .feed(neg(&b))
                        .feed(out.word(&b).as_bytes());
                    out.occ.push(Occ { bucket: bucket(h.finish()), char_block: false, token: b.token });
                }
            }
        }
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
