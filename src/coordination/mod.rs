//! Coordination: which accounts acted together — pushed the same post,
//! link, message or uncommon set of hashtags within a short time of each
//! other, again and again — and when a target or hashtag suddenly surged.
//!
//! It works over every post read (not only those naming a target), from
//! the compact [`Acts`] the per-post pass keeps. In order:
//!
//! 1. [`network::Entries`]: one entry per (post, object), sorted;
//! 2. [`window`]: the window, fixed or estimated from the data as
//!    CooRnet does;
//! 3. [`network::build`]: pairs within the window, weighed against the
//!    crowd, kept when they repeat over distinct objects;
//! 4. [`clusters`]: components, split by Louvain where large;
//! 5. what each cluster pushed (targets and sentiment from the posts the
//!    run keeps, links, domains, hashtags), and [`bursts`].
//!
//! Every edge carries the posts behind it (`evidence_post_ids`), so each
//! can be recomputed by hand. Accounts are shown as their pseudonyms
//! (raw handles only with `pseudonymise = false`).

pub mod bursts;
pub mod clusters;
pub mod copytext;
pub mod network;
pub mod synth;
pub mod tables;
pub mod window;

use crate::annotate::acts::{self, Acts, ObjectKind};
use crate::core::{Privacy, Scored};
use crate::util::{FxHashMap, FxHashSet};
use crate::watchlist::Watchlists;
use bursts::{Burst, BurstSettings, SeriesKind};
use serde::Serialize;

/// The networks accounts are linked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum NetKind {
    /// Reposted or quoted the same post.
    Repost,
    /// Shared the same (normalised) link.
    Link,
    /// Posted the same copy-paste message.
    Text,
    /// Used the same set of two or more hashtags.
    Hashtags,
}

impl NetKind {
    pub const ALL: [NetKind; 4] = [NetKind::Repost, NetKind::Link, NetKind::Text, NetKind::Hashtags];

    pub fn as_str(self) -> &'static str {
        match self {
            NetKind::Repost => "co-repost",
            NetKind::Link => "co-link",
            NetKind::Text => "co-text",
            NetKind::Hashtags => "co-hashtag",
        }
    }
}

/// `[coordination] window`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowChoice {
    /// Estimated from the data, within `[window_min, window_max]`.
    Auto,
    /// Seconds.
    Fixed(u32),
}

/// Checked `[coordination]` settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoordinationSettings {
    pub enabled: bool,
    pub window: WindowChoice,
    /// The range an estimated window is clamped to, seconds.
    pub window_min: u32,
    pub window_max: u32,
    /// CooRnet's `q`: the quickest share of objects the estimate looks at.
    pub estimate_quickest: f64,
    /// CooRnet's `p`: the share of an object's accounts whose time counts
    /// (0.9; CooRnet's own default is 0.5, see [`window`]).
    pub estimate_share: f64,
    /// Distinct objects an edge needs.
    pub min_objects: u32,
    /// Summed weight an edge needs.
    pub min_weight: f64,
    /// Objects done by this many accounts or fewer count whole; by n
    /// more, `crowd / (n − 1)`.
    pub crowd: u32,
    /// Objects done by more accounts than this are not paired at all
    /// (each pair would weigh less than `crowd / max_crowd`).
    pub max_crowd: u32,
    /// Components with more accounts are split into communities …
    pub split_above: usize,
    /// … when the split's modularity reaches this.
    pub min_modularity: f64,
    pub bursts: BurstSettings,
}

impl Default for CoordinationSettings {
    fn default() -> Self {
        CoordinationSettings {
            enabled: true,
            window: WindowChoice::Auto,
            window_min: 10,
            window_max: 600,
            estimate_quickest: 0.1,
            estimate_share: 0.9,
            min_objects: 3,
            min_weight: 2.0,
            crowd: 20,
            max_crowd: 1000,
            split_above: 8,
            min_modularity: 0.3,
            bursts: BurstSettings::default(),
        }
    }
}

/// One edge as the tables show it.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRow {
    pub account_a: String,
    pub account_b: String,
    /// Indices into [`Coordination::accounts`].
    pub a: u32,
    pub b: u32,
    pub kind: NetKind,
    pub weight: f64,
    pub objects: u32,
    pub mean_delta_s: f64,
    /// Per object, a's post and b's post.
    pub evidence: Vec<(String, String)>,
}

/// One linked account.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRow {
    pub account: String,
    pub cluster_id: u32,
    /// Distinct accounts it is linked to.
    pub degree: u32,
    /// Summed weight of its edges.
    pub strength: f64,
    /// Its posts that pushed something (a repost, link, hashtag or
    /// copy-paste message).
    pub posts: u64,
    pub kinds: Vec<NetKind>,
    /// Unix seconds of its first and last evidence post.
    pub first_seen: i64,
    pub last_seen: i64,
}

/// One cluster and what it pushed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRow {
    pub cluster_id: u32,
    pub accounts: u32,
    /// Edges (per kind) between its accounts.
    pub edges: u32,
    pub strength: f64,
    pub kinds: Vec<NetKind>,
    /// Targets its evidence posts name, with posts each, most first.
    pub targets: Vec<(String, u64)>,
    /// Net sentiment of those mentions (their own clauses), −1..1.
    pub net_sentiment: Option<f64>,
    pub top_links: Vec<(String, u64)>,
    pub top_domains: Vec<(String, u64)>,
    pub top_hashtags: Vec<(String, u64)>,
    pub claims: Vec<(String, u64)>,
    /// Evidence posts behind its edges.
    pub posts: u64,
    pub first_seen: i64,
    pub last_seen: i64,
}

/// Counts and settings, for the manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoordinationReport {
    pub window: window::WindowReport,
    pub settings: CoordinationSettings,
    /// Posts that pushed something (after de-duplication).
    pub acting_posts: u64,
    pub accounts_seen: u64,
    /// Objects at least two accounts did.
    pub shared_objects: u64,
    pub co_actions: u64,
    pub candidate_pairs: u64,
    pub edges: u64,
    pub linked_accounts: u64,
    pub clusters: u64,
    pub bursts: u64,
    /// Where the co-text network's copy-paste messages came from (set by
    /// the run that found them; `None` when none were looked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_paste: Option<copytext::CopyPasteReport>,
}

/// What coordination found.
#[derive(Debug, Clone)]
pub struct Coordination {
    pub edges: Vec<EdgeRow>,
    pub accounts: Vec<AccountRow>,
    pub clusters: Vec<ClusterRow>,
    pub bursts: Vec<Burst>,
    pub report: CoordinationReport,
}

/// Top entries listed per cluster description.
pub const TOP: usize = 5;

fn top(counts: FxHashMap<String, u64>, n: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// How an account is shown: its pseudonym, or its handle when not
/// pseudonymised (and the export gave one).
fn display_account(acts: &Acts, privacy: &Privacy, key: u64) -> String {
    if !privacy.pseudonymise
        && let Some(h) = acts.handles.get(key)
    {
        return h.to_string();
    }
    crate::core::privacy::pseudonym_hex(key)
}

/// How a post id is shown.
fn display_post(acts: &Acts, post: u64) -> String {
    if post & acts::NAMED_ID != 0 { acts.ids.get(post).unwrap_or("").to_string() } else { post.to_string() }
}

/// Finds the accounts that acted together in `acts` (every post read),
/// describes their clusters with the posts the run keeps (`posts`, for
/// targets and sentiment), and the bursts of targets and hashtags.
pub fn run(
    acts: &Acts,
    posts: &[Scored],
    watchlists: &Watchlists,
    privacy: &Privacy,
    settings: &CoordinationSettings,
) -> Coordination {
    run_with_claims(acts, posts, watchlists, privacy, settings, &ClaimEvidence::default())
}

/// What the claim matching found (`tables/claim_matches.csv`), as
/// coordination reads it.
#[derive(Debug, Clone, Default)]
pub struct ClaimEvidence {
    /// The claim each matched post repeats, by (platform index, post
    /// reference) as [`Acts`] keep posts: its claim id.
    pub of_post: FxHashMap<(u8, u64), Box<str>>,
    /// Per claim (in the claims' order), its id and the times (Unix
    /// seconds) of the dated posts that repeat it.
    pub times: Vec<(String, Vec<i64>)>,
}

/// [`run`], with each cluster's `claims` (the claims its evidence posts
/// repeat) and the bursts of each claim.
pub fn run_with_claims(
    acts: &Acts,
    posts: &[Scored],
    watchlists: &Watchlists,
    privacy: &Privacy,
    settings: &CoordinationSettings,
    claims: &ClaimEvidence,
) -> Coordination {
    let entries = network::Entries::of(acts);
    let (seconds, estimate) = match settings.window {
        WindowChoice::Fixed(s) => (s, None),
        WindowChoice::Auto => {
            let (w, e) = window::estimate(&entries, settings);
            (w, Some(e))
        }
    };
    let window =
        window::WindowReport { seconds, method: if estimate.is_some() { "auto" } else { "fixed" }, estimate };
    let net = network::build(&entries, settings, seconds);
    let accounts_seen = entries.accounts.len() as u64;

    // The union graph over the linked accounts, numbered in pseudonym order.
    let mut linked: Vec<u32> = net.edges.iter().flat_map(|e| [e.a, e.b]).collect();
    linked.sort_unstable();
    linked.dedup();
    let local = |a: u32| linked.binary_search(&a).expect("linked") as u32;
    let graph =
        clusters::Graph::new(linked.len(), net.edges.iter().map(|e| (local(e.a), local(e.b), e.weight)));
    let groups = clusters::clusters(&graph, settings.split_above, settings.min_modularity);
    let mut group_of = vec![0usize; linked.len()];
    for (i, g) in groups.iter().enumerate() {
        for &v in g {
            group_of[v as usize] = i;
        }
    }
    let mut group_strength = vec![0.0f64; groups.len()];
    for e in &net.edges {
        let (ga, gb) = (group_of[local(e.a) as usize], group_of[local(e.b) as usize]);
        if ga == gb {
            group_strength[ga] += e.weight;
        }
    }
    // Ranked: most accounts, then strongest, then first account.
    let mut ranked: Vec<(Vec<u32>, f64)> = groups.into_iter().zip(group_strength).collect();
    ranked.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then(y.1.total_cmp(&x.1)).then(x.0[0].cmp(&y.0[0])));
    let mut cluster_of = vec![0u32; linked.len()];
    for (i, (g, _)) in ranked.iter().enumerate() {
        for &v in g {
            cluster_of[v as usize] = i as u32 + 1;
        }
    }

    // Edges as rows.
    let name = |i: u32| display_account(acts, privacy, entries.accounts[i as usize]);
    let edges: Vec<EdgeRow> = net
        .edges
        .iter()
        .map(|e| EdgeRow {
            account_a: name(e.a),
            account_b: name(e.b),
            a: local(e.a),
            b: local(e.b),
            kind: e.kind,
            weight: e.weight,
            objects: e.objects() as u32,
            mean_delta_s: e.mean_delta(),
            evidence: e
                .evidence
                .iter()
                .map(|c| {
                    (
                        display_post(acts, acts.post[c.row_a as usize]),
                        display_post(acts, acts.post[c.row_b as usize]),
                    )
                })
                .collect(),
        })
        .collect();

    // Accounts: degree, strength, kinds, evidence span; posts from acts.
    let n = linked.len();
    let mut neighbours: Vec<FxHashSet<u32>> = vec![FxHashSet::default(); n];
    let mut strength = vec![0.0f64; n];
    let mut kinds: Vec<Vec<NetKind>> = vec![Vec::new(); n];
    let mut span = vec![(i64::MAX, i64::MIN); n];
    for e in &net.edges {
        for (v, u, row) in e
            .evidence
            .iter()
            .flat_map(|c| [(local(e.a), local(e.b), c.row_a), (local(e.b), local(e.a), c.row_b)])
        {
            let t = acts.time[row as usize] as i64;
            let s = &mut span[v as usize];
            *s = (s.0.min(t), s.1.max(t));
            neighbours[v as usize].insert(u);
        }
        for v in [local(e.a), local(e.b)] {
            strength[v as usize] += e.weight;
            if !kinds[v as usize].contains(&e.kind) {
                kinds[v as usize].push(e.kind);
            }
        }
    }
    // Posts per linked account, each once (a copy-pasted post that also
    // shared a link has two rows, see copytext).
    let mut posts_of: FxHashMap<u64, u64> =
        linked.iter().map(|&i| (entries.accounts[i as usize], 0)).collect();
    let mut theirs: Vec<(u64, (u8, u64))> = (0..acts.len())
        .filter(|&i| posts_of.contains_key(&acts.account[i]))
        .map(|i| (acts.account[i], acts.post_at(i)))
        .collect();
    theirs.sort_unstable();
    theirs.dedup();
    for (k, _) in &theirs {
        if let Some(c) = posts_of.get_mut(k) {
            *c += 1;
        }
    }
    let accounts: Vec<AccountRow> = (0..n)
        .map(|v| {
            let mut k = kinds[v].clone();
            k.sort_unstable();
            AccountRow {
                account: name(linked[v]),
                cluster_id: cluster_of[v],
                degree: neighbours[v].len() as u32,
                strength: strength[v],
                posts: posts_of[&entries.accounts[linked[v] as usize]],
                kinds: k,
                first_seen: span[v].0,
                last_seen: span[v].1,
            }
        })
        .collect();
    // What is left reads the acts themselves; the entries (one per act
    // and object, the stage's largest allocation) go first.
    drop(entries);
    let acting_posts = acts.distinct_posts();

    let clusters =
        describe(acts, posts, watchlists, &claims.of_post, &net.edges, &ranked, &cluster_of, &local);
    let bursts = find_bursts(acts, posts, watchlists, &claims.times, &settings.bursts);
    let report = CoordinationReport {
        window,
        settings: settings.clone(),
        acting_posts,
        accounts_seen,
        shared_objects: net.shared_objects,
        co_actions: net.co_actions,
        candidate_pairs: net.candidate_pairs,
        edges: edges.len() as u64,
        linked_accounts: n as u64,
        clusters: clusters.len() as u64,
        bursts: bursts.len() as u64,
        copy_paste: None,
    };
    Coordination { edges, accounts, clusters, bursts, report }
}

/// What each cluster pushed: from the evidence posts of the edges inside
/// it — their links, domains and hashtags (every post read), the targets
/// they name and the sentiment of those mentions (the posts the run keeps),
/// and the debunked claims they repeat (every post read).
#[allow(clippy::too_many_arguments)]
fn describe(
    acts: &Acts,
    posts: &[Scored],
    wl: &Watchlists,
    claims_of: &FxHashMap<(u8, u64), Box<str>>,
    edges: &[network::Edge],
    ranked: &[(Vec<u32>, f64)],
    cluster_of: &[u32],
    local: &dyn Fn(u32) -> u32,
) -> Vec<ClusterRow> {
    let k = ranked.len();
    let mut rows: Vec<Vec<u32>> = vec![Vec::new(); k];
    let mut edge_count = vec![0u32; k];
    let mut kinds: Vec<Vec<NetKind>> = vec![Vec::new(); k];
    for e in edges {
        let (ca, cb) = (cluster_of[local(e.a) as usize], cluster_of[local(e.b) as usize]);
        if ca != cb {
            continue;
        }
        let c = ca as usize - 1;
        edge_count[c] += 1;
        if !kinds[c].contains(&e.kind) {
            kinds[c].push(e.kind);
        }
        rows[c].extend(e.evidence.iter().flat_map(|x| [x.row_a, x.row_b]));
    }
    // The kept posts behind the evidence, by (platform, post).
    let wanted: FxHashSet<(u8, u64)> = rows.iter().flatten().map(|&r| acts.post_at(r as usize)).collect();
    let mut kept: FxHashMap<(u8, u64), u32> = FxHashMap::default();
    if !wanted.is_empty() {
        for (i, s) in posts.iter().enumerate() {
            let p = &s.post;
            let key = acts::post_key(p.platform, &p.post_id);
            if wanted.contains(&key) {
                kept.insert(key, i as u32);
            }
        }
    }
    let mut out = Vec::with_capacity(k);
    for c in 0..k {
        let mut r = std::mem::take(&mut rows[c]);
        r.sort_unstable();
        r.dedup();
        let mut links: FxHashMap<String, u64> = FxHashMap::default();
        let (mut domains, mut tags, mut targets) = (links.clone(), links.clone(), links.clone());
        let mut claims = links.clone();
        let (mut pos, mut neg) = (0u64, 0u64);
        let (mut first, mut last) = (i64::MAX, i64::MIN);
        // A copy-pasted post that also shared a link has two rows (see
        // copytext): its objects count from both, the post itself once.
        let mut seen_posts: FxHashSet<(u8, u64)> = FxHashSet::default();
        for &row in &r {
            let row = row as usize;
            let t = acts.time[row] as i64;
            (first, last) = (first.min(t), last.max(t));
            let new_post = seen_posts.insert(acts.post_at(row));
            for &o in acts.objects_of(row) {
                let Some(name) = acts.names.get(o) else { continue };
                match ObjectKind::of(o) {
                    ObjectKind::Link => {
                        *links.entry(name.to_string()).or_insert(0) += 1;
                        *domains.entry(crate::text::links::domain(name).to_string()).or_insert(0) += 1;
                    }
                    ObjectKind::Tag => *tags.entry(format!("#{name}")).or_insert(0) += 1,
                    _ => {}
                }
            }
            if !new_post {
                continue;
            }
            if let Some(c) = claims_of.get(&acts.post_at(row)) {
                *claims.entry(c.to_string()).or_insert(0) += 1;
            }
            if let Some(&i) = kept.get(&acts.post_at(row)) {
                let s = &posts[i as usize];
                let mut seen: Vec<u32> = Vec::new();
                for (j, m) in s.notes.mentions.iter().enumerate() {
                    if seen.contains(&m.target) {
                        continue;
                    }
                    seen.push(m.target);
                    if let Some(t) = wl.targets.get(m.target as usize) {
                        *targets.entry(t.id.clone()).or_insert(0) += 1;
                    }
                    match s.notes.sentiment.as_ref().and_then(|x| x.targets.get(j)).map(|v| v.label) {
                        Some(0) => neg += 1,
                        Some(2) => pos += 1,
                        _ => {}
                    }
                }
            }
        }
        let mut kinds_c = std::mem::take(&mut kinds[c]);
        kinds_c.sort_unstable();
        out.push(ClusterRow {
            cluster_id: c as u32 + 1,
            accounts: ranked[c].0.len() as u32,
            edges: edge_count[c],
            strength: ranked[c].1,
            kinds: kinds_c,
            targets: top(targets, usize::MAX),
            net_sentiment: (pos + neg > 0).then(|| (pos as f64 - neg as f64) / (pos + neg) as f64),
            top_links: top(links, TOP),
            top_domains: top(domains, TOP),
            top_hashtags: top(tags, TOP),
            claims: top(claims, usize::MAX),
            posts: seen_posts.len() as u64,
            first_seen: if r.is_empty() { 0 } else { first },
            last_seen: if r.is_empty() { 0 } else { last },
        });
    }
    out
}

/// The bursts of every target (posts the run keeps), every hashtag (every
/// post read) and every debunked claim (every post read) with at least
/// `min_posts` posts.
fn find_bursts(
    acts: &Acts,
    posts: &[Scored],
    wl: &Watchlists,
    claims: &[(String, Vec<i64>)],
    s: &BurstSettings,
) -> Vec<Burst> {
    let hour = |t: i64| t.div_euclid(3600);
    let first_post = posts.iter().filter_map(|p| p.post.created_at).min();
    let first_act = acts.time.iter().min().map(|&t| t as i64);
    let first_claim = claims.iter().flat_map(|c| c.1.iter().copied()).min();
    let Some(first) = [first_post, first_act, first_claim].into_iter().flatten().min().map(hour) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Targets: a post counts once per target it names.
    let mut by_target: Vec<Vec<i64>> = vec![Vec::new(); wl.targets.len()];
    for p in posts {
        let Some(t) = p.post.created_at else { continue };
        let mut seen: Vec<u32> = Vec::new();
        for m in &p.notes.mentions {
            if !seen.contains(&m.target) {
                seen.push(m.target);
                if let Some(v) = by_target.get_mut(m.target as usize) {
                    v.push(hour(t));
                }
            }
        }
    }
    for (i, hours) in by_target.into_iter().enumerate() {
        if hours.len() as u64 >= s.min_posts {
            out.extend(bursts::detect(
                &wl.targets[i].id,
                SeriesKind::Target,
                &bursts::hourly(hours),
                first,
                s,
            ));
        }
    }
    // Hashtags, from every post read.
    let mut by_tag: FxHashMap<u64, Vec<i64>> = FxHashMap::default();
    for i in 0..acts.len() {
        for &o in acts.objects_of(i) {
            if ObjectKind::of(o) == ObjectKind::Tag {
                by_tag.entry(o).or_default().push(hour(acts.time[i] as i64));
            }
        }
    }
    let mut tags: Vec<(String, Vec<i64>)> = by_tag
        .into_iter()
        .filter(|(_, h)| h.len() as u64 >= s.min_posts)
        .filter_map(|(o, h)| Some((format!("#{}", acts.names.get(o)?), h)))
        .collect();
    tags.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, hours) in tags {
        out.extend(bursts::detect(&name, SeriesKind::Hashtag, &bursts::hourly(hours), first, s));
    }
    for (id, times) in claims {
        if times.len() as u64 >= s.min_posts {
            let hours = times.iter().map(|&t| hour(t)).collect();
            out.extend(bursts::detect(id, SeriesKind::Claim, &bursts::hourly(hours), first, s));
        }
    }
    out.sort_by(|a, b| (a.kind, &a.series, a.start).cmp(&(b.kind, &b.series, b.start)));
    out
}
