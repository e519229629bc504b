//! Stage 3, watchlist: the election targets (candidates, tickets, parties,
//! coalitions, institutions, issues), how each is named, and the events
//! calendar — read from TOML files (CONTRACT.md) or the built-in lists, and
//! compiled into one multi-pattern automaton ([`matcher`]).
//!
//! Every alias list has a rule (see `builtin/pemilu-2024.toml` for the
//! documentation users copy): `aliases` match on token boundaries anywhere,
//! `#tag` and `@handle` forms only as that whole hashtag or handle, `named`
//! words (amin = "amen") only as a hashtag or handle, in capitals, or after
//! a naming word, `ballot` numbers only after a ballot phrase; `exclude`
//! phrases veto matches inside them. Issue targets (and any target with
//! `needs_context = true`) count only in posts that are about an election
//! (another target, or an `election_context` word).

pub mod matcher;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use matcher::{Matcher, Mention, Rule};

/// The watchlists compiled into the binary: name → TOML text.
pub const BUILTIN: &[(&str, &str)] = &[
    ("pemilu-2024", include_str!("builtin/pemilu-2024.toml")),
    ("us-2024", include_str!("builtin/us-2024.toml")),
    ("pilpres-2019", include_str!("builtin/pilpres-2019.toml")),
    ("pilkada-dki-2017", include_str!("builtin/pilkada-dki-2017.toml")),
    ("us-2016", include_str!("builtin/us-2016.toml")),
];

/// The built-in hoax and black-campaign vocabulary (`[[misinfo]]` terms),
/// loaded unless `[misinfo] vocabulary = false`.
pub const VOCABULARY: &str = include_str!("builtin/misinfo.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    name: String,
    description: Option<String>,
    rules: Option<RulesDoc>,
    #[serde(default)]
    target: Vec<TargetDoc>,
    /// Roll-ups that are no target of their own (`group = "02"` names
    /// one): their label and kind, when not the default.
    #[serde(default)]
    group: Vec<GroupDoc>,
    #[serde(default)]
    event: Vec<EventDoc>,
    /// Terms of the hoax and black-campaign vocabulary (built-in ones
    /// extended by id, or new ones).
    #[serde(default)]
    misinfo: Vec<TermDoc>,
}

/// A `[[misinfo]]` entry: one term of the hoax and black-campaign
/// vocabulary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermDoc {
    id: String,
    label: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    named: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupDoc {
    id: String,
    label: Option<String>,
    kind: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesDoc {
    ballot_context: Option<Vec<String>>,
    named_context: Option<Vec<String>>,
    election_context: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetDoc {
    id: String,
    label: Option<String>,
    kind: Option<String>,
    group: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    named: Vec<String>,
    #[serde(default)]
    ballot: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    needs_context: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventDoc {
    date: String,
    end: Option<String>,
    kind: Option<String>,
    label: String,
    label_en: Option<String>,
}

/// What a target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Candidate,
    Pair,
    Party,
    Coalition,
    Institution,
    Issue,
    Figure,
}

impl TargetKind {
    const NAMES: &'static [&'static str] =
        &["candidate", "pair", "party", "coalition", "institution", "issue", "figure"];

    fn parse(s: &str) -> Option<TargetKind> {
        Some(match s {
            "candidate" => TargetKind::Candidate,
            "pair" => TargetKind::Pair,
            "party" => TargetKind::Party,
            "coalition" => TargetKind::Coalition,
            "institution" => TargetKind::Institution,
            "issue" => TargetKind::Issue,
            "figure" => TargetKind::Figure,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// One alias as written, with the rule it follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alias {
    pub text: String,
    pub rule: Rule,
}

/// Checked `[watchlist]`.
#[derive(Debug, Clone)]
pub struct WatchlistSettings {
    pub lists: Vec<String>,
    /// Where relative watchlist paths are taken from.
    pub base: PathBuf,
    pub keep_unmatched: bool,
    /// Load the built-in hoax and black-campaign vocabulary (`[misinfo]
    /// vocabulary`); the lists' own `[[misinfo]]` terms count either way.
    pub vocabulary: bool,
}

/// A checked target.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub id: String,
    pub label: String,
    pub kind: TargetKind,
    pub group: Option<String>,
    pub aliases: Vec<Alias>,
    pub exclude: Vec<String>,
    /// Counted only in posts about an election (issues by default).
    pub needs_context: bool,
    /// The watchlist it came from.
    pub watchlist: String,
}

/// A dated event (or a period, with `end`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub date: NaiveDate,
    pub end: Option<NaiveDate>,
    pub kind: String,
    pub label: String,
    pub label_en: String,
    pub watchlist: String,
}

/// Context words of a set of watchlists.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rules {
    pub ballot_context: Vec<String>,
    pub named_context: Vec<String>,
    pub election_context: Vec<String>,
}

/// Where a watchlist came from, for the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub name: String,
    pub origin: String,
    pub sha256: String,
    pub targets: usize,
    pub events: usize,
}

/// Every watchlist a run uses, merged and checked.
#[derive(Debug, Clone, Default)]
pub struct Watchlists {
    pub targets: Vec<Target>,
    pub events: Vec<Event>,
    pub rules: Rules,
    pub sources: Vec<Source>,
    /// The hoax and black-campaign vocabulary: terms counted like issue
    /// targets but never making a post "name a target" (they compile into
    /// a matcher of their own). Kind `issue`, no election context needed.
    pub vocabulary: Vec<Target>,
}

/// Election words that make issue targets count, when a
/// watchlist does not list its own.
const DEFAULT_ELECTION_CONTEXT: &[&str] = &[
    "pemilu",
    "pilpres",
    "pileg",
    "pilkada",
    "capres",
    "cawapres",
    "caleg",
    "paslon",
    "kampanye",
    "coblos",
    "nyoblos",
    "mencoblos",
    "tps",
    "surat suara",
    "pemungutan suara",
    "hitung suara",
    "rekapitulasi",
    "partai",
    "election",
    "elections",
    "ballot",
    "ballots",
    "campaign",
    "voter",
    "voters",
    "voting",
    "polls",
    "candidate",
];

impl Watchlists {
    /// Loads watchlists by name (built-in) or path (relative to `base`).
    pub fn load(names: &[String], base: &Path) -> Result<Watchlists> {
        let mut set = Watchlists::default();
        let mut ballot = BTreeSet::new();
        let mut named = BTreeSet::new();
        let mut election = BTreeSet::new();
        for n in names {
            let (text, origin) = match BUILTIN.iter().find(|(b, _)| b == n) {
                Some((_, t)) => (t.to_string(), format!("built-in:{n}")),
                None => {
                    let p = if Path::new(n).is_absolute() { PathBuf::from(n) } else { base.join(n) };
                    if !p.exists() && !n.ends_with(".toml") {
                        let known: Vec<&str> = BUILTIN.iter().map(|(b, _)| *b).collect();
                        let hint = crate::util::nearest(n, &known)
                            .map(|k| format!("; did you mean `{k}`?"))
                            .unwrap_or_default();
                        bail!(
                            "[watchlist] use: `{n}` is neither a built-in watchlist ({}) nor a file{hint}",
                            known.join(", ")
                        );
                    }
                    let t = std::fs::read_to_string(&p)
                        .with_context(|| format!("cannot read watchlist {}", p.display()))?;
                    (t, p.display().to_string())
                }
            };
            let doc = parse(&text, &origin)?;
            set.add_terms(&doc.misinfo, &doc.name, &text, &origin)?;
            let rules = doc.rules.unwrap_or_default();
            ballot.extend(rules.ballot_context.unwrap_or_default());
            named.extend(rules.named_context.unwrap_or_default());
            match rules.election_context {
                Some(e) => election.extend(e),
                None => election.extend(DEFAULT_ELECTION_CONTEXT.iter().map(|s| s.to_string())),
            }
            let (targets, events) = check(doc.target, doc.group, doc.event, &doc.name, &text, &origin)?;
            set.sources.push(Source {
                name: doc.name.clone(),
                origin,
                sha256: hex::encode(sha(text.as_bytes())),
                targets: targets.len(),
                events: events.len(),
            });
            let _ = doc.description;
            for t in targets {
                if let Some(other) = set.targets.iter().find(|o| o.id == t.id) {
                    bail!("target id `{}` is defined in both {} and {}", t.id, other.watchlist, t.watchlist);
                }
                set.targets.push(t);
            }
            set.events.extend(events);
        }
        set.rules = Rules {
            ballot_context: ballot.into_iter().collect(),
            named_context: named.into_iter().collect(),
            election_context: election.into_iter().collect(),
        };
        set.events.sort_by(|a, b| (a.date, &a.label).cmp(&(b.date, &b.label)));
        Ok(set)
    }

    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// Adds the built-in vocabulary ([`VOCABULARY`]) before the terms the
    /// lists brought: a list's term with a built-in id extends it.
    pub fn add_builtin_vocabulary(&mut self) -> Result<()> {
        let origin = "built-in:misinfo";
        let doc = parse(VOCABULARY, origin)?;
        let mine = std::mem::take(&mut self.vocabulary);
        self.add_terms(&doc.misinfo, &doc.name, VOCABULARY, origin)?;
        for t in mine {
            match self.vocabulary.iter_mut().find(|o| o.id == t.id) {
                Some(o) => merge_term(o, t),
                None => self.vocabulary.push(t),
            }
        }
        self.sources.insert(
            0,
            Source {
                name: doc.name,
                origin: origin.into(),
                sha256: hex::encode(sha(VOCABULARY.as_bytes())),
                targets: 0,
                events: 0,
            },
        );
        Ok(())
    }

    /// Checks `[[misinfo]]` entries and adds them to the vocabulary; an id
    /// already there gains the entry's aliases and excludes.
    fn add_terms(&mut self, docs: &[TermDoc], list: &str, text: &str, origin: &str) -> Result<()> {
        for d in docs {
            let line = text
                .lines()
                .enumerate()
                .skip_while(|(_, l)| l.trim() != "[[misinfo]]")
                .find(|(_, l)| l.trim_start().starts_with("id") && l.contains(&format!("\"{}\"", d.id)))
                .map_or(0, |(i, _)| i + 1);
            let at = || format!("{origin}:{line}: [[misinfo]] term `{}`", d.id);
            if !valid_id(&d.id) {
                bail!("{}: ids are lower-case letters, digits and '-'", at());
            }
            for a in d.aliases.iter().chain(&d.named) {
                if !a.chars().any(char::is_alphanumeric) {
                    bail!("{}: alias `{a}` has no letter or digit, so it can never match", at());
                }
            }
            let mut aliases: Vec<Alias> = d
                .aliases
                .iter()
                .map(|a| Alias {
                    text: a.clone(),
                    rule: if a.starts_with('#') {
                        Rule::Tag
                    } else if a.starts_with('@') {
                        Rule::Handle
                    } else {
                        Rule::Word
                    },
                })
                .collect();
            aliases.extend(d.named.iter().map(|a| Alias { text: a.clone(), rule: Rule::Named }));
            let term = Target {
                id: d.id.clone(),
                label: d.label.clone().unwrap_or_else(|| d.id.clone()),
                kind: TargetKind::Issue,
                group: None,
                aliases,
                exclude: d.exclude.clone(),
                needs_context: false,
                watchlist: list.to_string(),
            };
            match self.vocabulary.iter_mut().find(|o| o.id == term.id) {
                Some(o) => {
                    if let Some(l) = &d.label {
                        o.label = l.clone();
                    }
                    merge_term(o, term)
                }
                None if term.aliases.is_empty() => bail!("{}: no aliases or named words", at()),
                None => self.vocabulary.push(term),
            }
        }
        Ok(())
    }

    /// The vocabulary as a watchlist set of its own (for its matcher), with
    /// the naming words of these lists.
    pub fn vocabulary_set(&self) -> Watchlists {
        Watchlists {
            targets: self.vocabulary.clone(),
            rules: Rules {
                ballot_context: Vec::new(),
                named_context: self.rules.named_context.clone(),
                election_context: Vec::new(),
            },
            ..Default::default()
        }
    }

    /// The chain of groups a target rolls up to (candidate → pair → coalition).
    pub fn ancestors(&self, id: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut cur = self.target(id).and_then(|t| t.group.as_deref());
        while let Some(g) = cur {
            if out.contains(&g) {
                break;
            }
            out.push(g);
            cur = self.target(g).and_then(|t| t.group.as_deref());
        }
        out
    }
}

/// Adds `more`'s aliases and excludes to a term (an alias written twice
/// is kept once).
fn merge_term(into: &mut Target, more: Target) {
    for a in more.aliases {
        if !into.aliases.iter().any(|x| x.text == a.text) {
            into.aliases.push(a);
        }
    }
    for e in more.exclude {
        if !into.exclude.contains(&e) {
            into.exclude.push(e);
        }
    }
}

fn sha(b: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(b).to_vec()
}

fn parse(text: &str, origin: &str) -> Result<FileDoc> {
    toml::from_str::<FileDoc>(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        anyhow::anyhow!("{origin}:{line}:{col}: {}", e.message().trim_end())
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    (before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
}

/// Line of `id = "<id>"` in the file, for error messages.
/// Target ids: lower-case ASCII letters, digits and '-', used in every table.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The line holding `"alias"` in the target `id`'s entry (or the id's).
fn line_of_alias(text: &str, id: &str, alias: &str) -> usize {
    let from = line_of_id(text, id).saturating_sub(1);
    let needle = format!("\"{alias}\"");
    text.lines().enumerate().skip(from).find(|(_, l)| l.contains(&needle)).map_or(from + 1, |(i, _)| i + 1)
}

fn line_of_id(text: &str, id: &str) -> usize {
    let needle = format!("\"{id}\"");
    text.lines().position(|l| l.trim_start().starts_with("id") && l.contains(&needle)).map_or(0, |i| i + 1)
}

fn check(
    docs: Vec<TargetDoc>,
    groups: Vec<GroupDoc>,
    events: Vec<EventDoc>,
    list: &str,
    text: &str,
    origin: &str,
) -> Result<(Vec<Target>, Vec<Event>)> {
    let ids: BTreeSet<&str> = docs.iter().map(|t| t.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    let mut targets = Vec::with_capacity(docs.len());
    for d in &docs {
        let at = || format!("{origin}:{}: target `{}`", line_of_id(text, &d.id), d.id);
        if !valid_id(&d.id) {
            bail!("{}: ids are lower-case letters, digits and '-'", at());
        }
        if !seen.insert(d.id.as_str()) {
            bail!("{}: defined twice", at());
        }
        let kind_name = d.kind.as_deref().unwrap_or("candidate");
        let Some(kind) = TargetKind::parse(kind_name) else {
            bail!("{}: unknown kind `{kind_name}` (one of {})", at(), TargetKind::NAMES.join(", "));
        };
        if let Some(g) = &d.group {
            if g == &d.id {
                bail!("{}: a target cannot be its own group", at());
            }
            if !ids.contains(g.as_str()) && !valid_id(g) {
                bail!(
                    "{}: group `{g}` names no target, so it becomes a roll-up of its own, whose id must be lower-case letters, digits and '-'",
                    at()
                );
            }
        }
        let mut aliases = Vec::new();
        for a in d.aliases.iter().chain(&d.named).chain(&d.ballot) {
            if !a.chars().any(char::is_alphanumeric) {
                bail!(
                    "{origin}:{}: target `{}`: alias `{a}` has no letter or digit, so it can never match",
                    line_of_alias(text, &d.id, a),
                    d.id
                );
            }
        }
        for a in &d.aliases {
            let rule = if a.starts_with('#') {
                Rule::Tag
            } else if a.starts_with('@') {
                Rule::Handle
            } else {
                Rule::Word
            };
            aliases.push(Alias { text: a.clone(), rule });
        }
        aliases.extend(d.named.iter().map(|a| Alias { text: a.clone(), rule: Rule::Named }));
        aliases.extend(d.ballot.iter().map(|a| Alias { text: a.clone(), rule: Rule::Ballot }));
        if aliases.is_empty() {
            bail!("{}: no aliases, named words or ballot numbers", at());
        }
        targets.push(Target {
            id: d.id.clone(),
            label: d.label.clone().unwrap_or_else(|| d.id.clone()),
            kind,
            group: d.group.clone(),
            aliases,
            exclude: d.exclude.clone(),
            needs_context: d.needs_context.unwrap_or(kind == TargetKind::Issue),
            watchlist: list.to_string(),
        });
    }
    // A group that names no target is a roll-up of its own (CONTRACT.md's
    // `group = "02"`): kind pair and labelled by its id unless a
    // `[[group]]` entry says otherwise. It has no aliases: members count
    // for it through the roll-up.
    for g in &groups {
        if ids.contains(g.id.as_str()) {
            bail!("{origin}: group `{}` is also a target: describe it in its [[target]] entry", g.id);
        }
        if !docs.iter().any(|d| d.group.as_deref() == Some(g.id.as_str())) {
            bail!("{origin}: group `{}` is the group of no target", g.id);
        }
    }
    let mut rollups: Vec<&str> =
        docs.iter().filter_map(|d| d.group.as_deref()).filter(|g| !ids.contains(g)).collect();
    rollups.sort_unstable();
    rollups.dedup();
    for g in rollups {
        let doc = groups.iter().find(|x| x.id == g);
        let kind_name = doc.and_then(|x| x.kind.as_deref()).unwrap_or("pair");
        let Some(kind) = TargetKind::parse(kind_name) else {
            bail!(
                "{origin}: group `{g}`: unknown kind `{kind_name}` (one of {})",
                TargetKind::NAMES.join(", ")
            );
        };
        targets.push(Target {
            id: g.to_string(),
            label: doc.and_then(|x| x.label.clone()).unwrap_or_else(|| g.to_string()),
            kind,
            group: None,
            aliases: Vec::new(),
            exclude: Vec::new(),
            needs_context: false,
            watchlist: list.to_string(),
        });
    }
    // Groups must not loop.
    for t in &targets {
        let mut cur = t.group.as_deref();
        let mut steps = 0;
        while let Some(g) = cur {
            steps += 1;
            if steps > targets.len() {
                bail!("{origin}: target `{}`: its groups form a loop", t.id);
            }
            cur = targets.iter().find(|x| x.id == g).and_then(|x| x.group.as_deref());
        }
    }
    let mut out_events = Vec::new();
    for e in events {
        let date = |s: &str| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .with_context(|| format!("{origin}: event `{}`: date `{s}` is not YYYY-MM-DD", e.label))
        };
        let d = date(&e.date)?;
        let end = e.end.as_deref().map(date).transpose()?;
        if end.is_some_and(|x| x < d) {
            bail!("{origin}: event `{}`: end is before date", e.label);
        }
        out_events.push(Event {
            date: d,
            end,
            kind: e.kind.unwrap_or_else(|| "other".into()),
            label_en: e.label_en.unwrap_or_else(|| e.label.clone()),
            label: e.label,
            watchlist: list.to_string(),
        });
    }
    Ok((targets, out_events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load_and_roll_up() {
        let w = Watchlists::load(&["pemilu-2024".into(), "us-2024".into()], Path::new(".")).unwrap();
        assert!(w.targets.len() > 40);
        assert_eq!(w.ancestors("prabowo"), vec!["prabowo-gibran", "koalisi-indonesia-maju"]);
        assert!(w.target("hoaks").unwrap().needs_context);
        assert!(!w.target("kpu").unwrap().needs_context);
        assert!(w.events.iter().any(|e| e.date == NaiveDate::from_ymd_opt(2024, 2, 14).unwrap()));
        assert!(w.rules.ballot_context.contains(&"paslon".to_string()));
    }

    #[test]
    fn a_group_that_names_no_target_is_a_roll_up_as_the_contract_documents() {
        // CONTRACT.md's own example, as written there.
        let wl = load_text(
            r##"name = "pemilu-2024"
[[target]]
id = "prabowo"
label = "Prabowo Subianto"
kind = "candidate"            # candidate | pair | party | institution | issue
group = "02"                  # optional: pair / coalition this target rolls up to
aliases = ["prabowo", "@prabowo", "#prabowo", "pak prabowo", "bowo"]
exclude = []                  # phrases that look like an alias but are not
[[event]]
date = "2024-02-14"
label = "Hari pemungutan suara"
"##,
        )
        .unwrap();
        let g = wl.target("02").expect("the group is a target of its own");
        assert_eq!((g.kind, g.label.as_str(), g.aliases.len()), (TargetKind::Pair, "02", 0));
        assert_eq!(wl.ancestors("prabowo"), ["02"]);
        // A [[group]] entry gives its label and kind.
        let wl = load_text(
            "name = \"x\"\n[[target]]\nid = \"a\"\ngroup = \"kim\"\naliases = [\"anies\"]\n[[group]]\nid = \"kim\"\nlabel = \"Koalisi Indonesia Maju\"\nkind = \"coalition\"\n",
        )
        .unwrap();
        let g = wl.target("kim").unwrap();
        assert_eq!((g.kind, g.label.as_str()), (TargetKind::Coalition, "Koalisi Indonesia Maju"));
        // A group id that cannot be an id is refused, naming why.
        let err =
            load_text("name = \"x\"\n[[target]]\nid = \"a\"\ngroup = \"Paslon 02\"\naliases = [\"anies\"]\n")
                .unwrap_err()
                .to_string();
        assert!(err.contains("roll-up of its own"), "{err}");
    }

    #[test]
    fn an_alias_without_words_names_its_file_and_line() {
        let err = load_text(
            "name = \"x\"\n[[target]]\nid = \"a\"\nlabel = \"A\"\naliases = [\n  \"anies\",\n  \"[\",\n]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains(":7: target `a`: alias `[`"), "{err}");
    }

    fn load_text(text: &str) -> Result<Watchlists> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.toml");
        std::fs::write(&p, text).unwrap();
        Watchlists::load(&[p.display().to_string()], Path::new("."))
    }

    #[test]
    fn bad_files_name_the_place() {
        let e =
            load_text("name = \"x\"\n[[target]]\nid = \"a\"\naliasez = [\"a\"]\n").unwrap_err().to_string();
        assert!(e.contains(":4:1:") && e.contains("aliasez"), "{e}");
        let e = load_text("name = \"x\"\n[[target]]\nid = \"a\"\nkind = \"person\"\naliases = [\"a\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains(":3: target `a`") && e.contains("unknown kind"), "{e}");
        let e = load_text("name = \"x\"\n[[target]]\nid = \"a\"\ngroup = \"a\"\naliases = [\"a\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains(":3: target `a`") && e.contains("its own group"), "{e}");
        let e = Watchlists::load(&["pemilu-2042".into()], Path::new(".")).unwrap_err().to_string();
        assert!(e.contains("did you mean `pemilu-2024`"), "{e}");
    }
}
