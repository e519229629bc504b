//! The word lists the text stage consults: Indonesian and English word
//! counts (for language id, elongation repair, clitics and hashtag
//! segmentation) and slang → formal maps. The shipped lists are compiled in
//! (`datasets/lexicons/`, see their headers for provenance); a user may add
//! a slang lexicon in the kamus-alay CSV layout and a root-word list.

use crate::util::{FxHashMap, FxHashSet};
use anyhow::{Context, Result, bail};
use std::path::Path;

const ID_WORDS: &str = include_str!("../../datasets/lexicons/id-words.tsv");
const EN_WORDS: &str = include_str!("../../datasets/lexicons/en-words.tsv");
const SLANG_ID: &str = include_str!("../../datasets/lexicons/slang-id.tsv");
const SLANG_EN: &str = include_str!("../../datasets/lexicons/slang-en.tsv");

/// What suara knows about one word. One table, so that a word costs one
/// lookup however many lists it is on.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub id: u32,
    pub en: u32,
    pub slang_id: Option<Box<str>>,
    pub slang_en: Option<Box<str>>,
    /// Watchlist alias words and user roots.
    pub extra: bool,
    /// Language evidence ln P(w|id) − ln P(w|en), clipped (see `lang`).
    pub evidence: f32,
}

/// Word lists, loaded once per run and shared read-only by every thread.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Word → index into `entries`. Words of up to 16 bytes (nearly all)
    /// are keyed by their bytes packed in a u128: no string compare, and a
    /// compact table that stays in cache. Longer words use `long`.
    index: FxHashMap<u128, Slot>,
    long: FxHashMap<Box<str>, Slot>,
    /// Language evidence keyed by a 32-bit fingerprint of the word: 8-byte
    /// slots keep this hottest table in L2 cache. A stray collision (about
    /// 1 in 100,000 unknown words) only nudges a language score.
    evidence_by_print: FxHashMap<u32, f32>,
    entries: Vec<Entry>,
    pub(crate) id_total: f64,
    pub(crate) en_total: f64,
    /// A user-supplied Indonesian root-word list refines the stemmer.
    pub(crate) roots: Option<FxHashSet<Box<str>>>,
    /// Entries read from a user slang file (reported in the manifest).
    pub user_slang_entries: usize,
}

/// Where an entry is, with its language evidence inline: language
/// identification, the hottest lookup, then touches only the table.
#[derive(Debug, Clone, Copy)]
struct Slot {
    entry: u32,
    /// NaN for words that are on no language list (alias words).
    evidence: f32,
}

/// 32 well-mixed bits of a byte string (SplitMix64's finaliser over an Fx
/// fold).
#[inline]
fn fingerprint(b: &[u8]) -> u32 {
    let mut h: u64 = b.len() as u64;
    for c in b.chunks(8) {
        let mut buf = [0u8; 8];
        buf[..c.len()].copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (h ^ (h >> 31)) as u32
}

fn counts(text: &str) -> impl Iterator<Item = (&str, u32)> {
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).filter_map(|l| {
        let (w, c) = l.split_once('\t')?;
        Some((w, c.trim().parse().ok()?))
    })
}

fn slang(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty() && *l != "slang\tformal").filter_map(|l| {
        let (s, f) = l.split_once('\t')?;
        Some((s.trim(), f.trim()))
    })
}

impl Lexicon {
    /// The lists that ship with suara.
    pub fn builtin() -> Lexicon {
        let mut lx = Lexicon::default();
        for (w, c) in counts(ID_WORDS) {
            lx.entry_mut(w).id = c;
            lx.id_total += c as f64;
        }
        for (w, c) in counts(EN_WORDS) {
            lx.entry_mut(w).en = c;
            lx.en_total += c as f64;
        }
        for (s, f) in slang(SLANG_ID) {
            lx.entry_mut(s).slang_id = Some(f.into());
        }
        for (s, f) in slang(SLANG_EN) {
            lx.entry_mut(s).slang_en = Some(f.into());
        }
        lx.refresh_evidence();
        lx
    }

    fn entry_mut(&mut self, w: &str) -> &mut Entry {
        let i = match self.slot(w) {
            Some(s) => s.entry,
            None => {
                let i = self.entries.len() as u32;
                let slot = Slot { entry: i, evidence: f32::NAN };
                match crate::util::key16(w.as_bytes()) {
                    Some(k) => self.index.insert(k, slot),
                    None => self.long.insert(w.into(), slot),
                };
                self.entries.push(Entry::default());
                i
            }
        };
        &mut self.entries[i as usize]
    }

    #[inline]
    fn slot(&self, w: &str) -> Option<Slot> {
        match crate::util::key16(w.as_bytes()) {
            Some(k) => self.index.get(&k).copied(),
            None => self.long.get(w).copied(),
        }
    }

    #[inline]
    fn lookup(&self, w: &str) -> Option<u32> {
        self.slot(w).map(|s| s.entry)
    }

    fn refresh_evidence(&mut self) {
        let (it, et) = (self.id_total.max(1.0), self.en_total.max(1.0));
        for e in self.entries.iter_mut() {
            e.evidence = super::lang::evidence_of(e, it, et) as f32;
        }
        let on_a_list = |e: &Entry| e.id > 0 || e.en > 0 || e.slang_id.is_some() || e.slang_en.is_some();
        let entries = &self.entries;
        for s in self.index.values_mut().chain(self.long.values_mut()) {
            let e = &entries[s.entry as usize];
            s.evidence = if on_a_list(e) { e.evidence } else { f32::NAN };
        }
        let mut prints = FxHashMap::default();
        for (k, s) in self.index.iter() {
            if !s.evidence.is_nan() {
                prints.insert(fingerprint(&k.to_le_bytes()), s.evidence);
            }
        }
        for (k, s) in self.long.iter() {
            if !s.evidence.is_nan() {
                prints.insert(fingerprint(k.as_bytes()), s.evidence);
            }
        }
        self.evidence_by_print = prints;
    }

    /// Language evidence of a word on a language list (see `lang`).
    #[inline]
    pub fn evidence(&self, w: &str) -> Option<f32> {
        let print = match crate::util::key16(w.as_bytes()) {
            Some(k) => fingerprint(&k.to_le_bytes()),
            None => fingerprint(w.as_bytes()),
        };
        self.evidence_by_print.get(&print).copied()
    }

    /// Everything known about a word.
    #[inline]
    pub fn entry(&self, w: &str) -> Option<&Entry> {
        self.lookup(w).map(|i| &self.entries[i as usize])
    }

    /// Adds a slang lexicon in the kamus-alay CSV layout
    /// (`slang,formal,…` with a header); the first entry of a key wins, and
    /// a user entry overrides the shipped list.
    pub fn add_slang_csv(&mut self, path: &Path) -> Result<()> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .with_context(|| format!("cannot read slang lexicon {}", path.display()))?;
        let headers = rdr.headers()?.clone();
        let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        let (Some(si), Some(fi)) = (col("slang"), col("formal")) else {
            bail!("{}: expected columns `slang` and `formal` (kamus-alay layout)", path.display());
        };
        let mut seen = FxHashSet::default();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.with_context(|| format!("{}: row {}", path.display(), i + 2))?;
            let (Some(s), Some(f)) = (rec.get(si), rec.get(fi)) else { continue };
            let (s, f) = (s.trim().to_lowercase(), f.trim().to_lowercase());
            if s.is_empty() || f.is_empty() || s == f || !seen.insert(s.clone()) {
                continue;
            }
            self.entry_mut(&s).slang_id = Some(f.into());
            self.user_slang_entries += 1;
        }
        self.refresh_evidence();
        Ok(())
    }

    /// Adds a root-word list (one word per line) for the stemmer.
    pub fn add_roots(&mut self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read root words {}", path.display()))?;
        let roots: FxHashSet<Box<str>> =
            text.lines().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).map(Into::into).collect();
        self.roots = Some(roots);
        Ok(())
    }

    /// Marks words as known (watchlist aliases), so elongation repair and
    /// hashtag segmentation keep them whole.
    pub fn add_known<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            self.entry_mut(w).extra = true;
        }
        self.refresh_evidence();
    }

    pub fn id_count(&self, w: &str) -> u32 {
        self.entry(w).map_or(0, |e| e.id)
    }

    pub fn en_count(&self, w: &str) -> u32 {
        self.entry(w).map_or(0, |e| e.en)
    }

    /// Is this a word suara knows in either language (or was told about)?
    pub fn known(&self, w: &str) -> bool {
        self.entry(w).is_some()
    }

    /// How common a word is, for hashtag segmentation (either language).
    pub fn frequency(&self, w: &str) -> u32 {
        self.entry(w).map_or(0, |e| {
            e.id.max(e.en.min(200)).max(if e.extra { 50 } else { 0 }).max(if e.slang_id.is_some() {
                5
            } else {
                0
            })
        })
    }

    /// The formal form of an Indonesian slang word (`gak` → `tidak`).
    pub fn slang_id(&self, w: &str) -> Option<&str> {
        self.entry(w).and_then(|e| e.slang_id.as_deref())
    }

    /// The full form of an English abbreviation (`dont` → `do not`).
    pub fn slang_en(&self, w: &str) -> Option<&str> {
        self.entry(w).and_then(|e| e.slang_en.as_deref())
    }

    pub fn is_root(&self, w: &str) -> bool {
        match &self.roots {
            Some(r) => r.contains(w),
            None => self.id_count(w) > 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_load() {
        let lx = Lexicon::builtin();
        assert_eq!(lx.slang_id("gak"), Some("tidak"));
        assert_eq!(lx.slang_id("yg"), Some("yang"));
        assert_eq!(lx.slang_en("dont"), Some("do not"));
        assert!(lx.id_count("yang") > 1000);
        assert!(lx.en_count("the") > 0);
        assert!(lx.known("pemilu"));
        assert!(!lx.known("xqzv"));
    }

    #[test]
    fn user_slang_in_kamus_alay_layout() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kamus.csv");
        std::fs::write(
            &p,
            "slang,formal,In-dictionary,context\nwoww,wow,1,x\nbgtt,banget,1,y\nwoww,salah,0,z\n",
        )
        .unwrap();
        let mut lx = Lexicon::builtin();
        lx.add_slang_csv(&p).unwrap();
        assert_eq!(lx.slang_id("bgtt"), Some("banget"));
        assert_eq!(lx.slang_id("woww"), Some("wow"), "the first entry of a key wins");
        assert_eq!(lx.user_slang_entries, 2);
        std::fs::write(&p, "a,b\n1,2\n").unwrap();
        assert!(Lexicon::builtin().add_slang_csv(&p).is_err());
    }
}
