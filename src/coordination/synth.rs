//! A seeded generator of posts with known coordination, for the tests and
//! the README's figures: thousands of ordinary accounts (a few of them
//! very busy) posting, reposting popular posts and sharing news links at
//! their own pace; **planted groups** that repost, link, paste or tag the
//! same things within `delay` seconds of each other; and the decoys that
//! fool naive methods: **fans** who quickly repost the same few viral
//! posts of the accounts they follow, and **organic viral bursts** (one
//! post reposted by hundreds of accounts within the hour).
//!
//! The same seed gives the same posts. The truth comes with them: which
//! handles were planted (and in which group), which are fans, which are
//! ordinary. Copy-paste messages come as (post, cluster) pairs, the input
//! the copy-paste stage hands over.

use super::NetKind;
use crate::core::{Kind, Platform, Post};
use crate::util::SplitMix64;

/// 2024-01-01T00:00:00Z.
pub const T0: i64 = 1_704_067_200;

/// One planted group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSpec {
    pub kind: NetKind,
    pub size: usize,
    /// Distinct objects it pushes.
    pub objects: usize,
    /// Chance that a member joins a push.
    pub participation: f64,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    pub seed: u64,
    pub days: u32,
    /// Ordinary accounts (fans and viral crowds are drawn from them).
    pub background: usize,
    /// Mean posts per ordinary account (heavy-tailed: some post hundreds).
    pub posts_per_account: f64,
    pub groups: Vec<GroupSpec>,
    /// Accounts with fans; each posts `viral_posts` that its fans repost.
    pub fan_bases: usize,
    pub fans_per_base: usize,
    pub viral_posts: usize,
    /// Chance that a fan reposts one of them; delay: exponential, mean
    /// `fan_delay` seconds.
    pub fan_participation: f64,
    pub fan_delay: f64,
    /// Organic viral posts, each reposted by `burst_size` ordinary
    /// accounts within about an hour.
    pub viral_bursts: usize,
    pub burst_size: usize,
    /// Breaking news: links each shared by 40–150 ordinary accounts
    /// within about half an hour.
    pub breaking_links: usize,
    /// Trending pairs of hashtags, each used by 60–200 ordinary accounts
    /// within about two hours.
    pub trending_tags: usize,
    /// Planted members act within this many seconds of a push (uniformly).
    pub delay: u32,
}

impl SynthConfig {
    /// The development set thresholds were chosen on (seed 1; the held-out
    /// set is seed 2): 5,000 ordinary accounts over two weeks (one in
    /// thirty busy, posting twenty times as much), fourteen planted groups
    /// of 3–30 accounts (co-repost, co-link, co-text, co-hashtag), three
    /// accounts with 150 fans each (fans shared between them), six viral
    /// bursts of 400 reposts, twenty breaking-news links and ten trending
    /// hashtag pairs.
    pub fn development(seed: u64) -> SynthConfig {
        use NetKind::*;
        let g = |kind, size, objects| GroupSpec { kind, size, objects, participation: 0.8 };
        SynthConfig {
            seed,
            days: 14,
            background: 5000,
            posts_per_account: 12.0,
            groups: vec![
                g(Repost, 12, 10),
                g(Repost, 6, 8),
                g(Repost, 30, 12),
                g(Link, 10, 8),
                g(Link, 5, 6),
                g(Link, 20, 10),
                g(Text, 8, 8),
                g(Text, 15, 10),
                g(Text, 4, 6),
                g(Hashtags, 10, 8),
                g(Hashtags, 6, 6),
                g(Repost, 25, 6),
                g(Link, 3, 6),
                GroupSpec { kind: Text, size: 12, objects: 8, participation: 0.6 },
            ],
            fan_bases: 3,
            fans_per_base: 150,
            viral_posts: 6,
            fan_participation: 0.7,
            fan_delay: 180.0,
            viral_bursts: 6,
            burst_size: 400,
            breaking_links: 20,
            trending_tags: 10,
            delay: 60,
        }
    }
}

/// The generated posts and their truth.
#[derive(Debug, Clone)]
pub struct Synth {
    pub posts: Vec<Post>,
    /// Copy-paste messages: (index into `posts`, cluster).
    pub text_clusters: Vec<(usize, u64)>,
    /// Handles of each planted group, in the order of the config's groups.
    pub planted: Vec<Vec<String>>,
    /// Handles of the fans (all ordinary accounts too).
    pub fans: Vec<String>,
    /// Handles of every ordinary account (fans and viral crowds included).
    pub background: Vec<String>,
}

const WORDS: &[&str] = &[
    "pemilu", "jujur", "adil", "debat", "semalam", "bagus", "kecewa", "rakyat", "harga", "beras", "naik",
    "turun", "program", "makan", "siang", "gratis", "kampanye", "desa", "kota", "jalan", "rusak", "pilih",
    "nomor", "tps", "suara", "hitung", "cepat", "hasil", "menang", "kalah", "janji", "kerja", "nyata",
    "anak", "muda", "petani", "nelayan", "guru", "gaji", "pajak", "utang", "negara", "damai", "sejuk",
    "hoaks", "fitnah", "berita", "bohong", "benar", "salah", "lihat", "video", "ini", "itu", "sangat",
    "tidak", "setuju", "mantap", "luar", "biasa", "semangat", "terus", "maju", "bersama", "kita", "bisa",
];
const NAMES: &[&str] = &["prabowo", "anies", "ganjar", "gibran", "mahfud", "muhaimin", "kpu", "bawaslu"];
const TAGS: &[&str] = &[
    "pemilu2024",
    "debatcapres",
    "pilpres2024",
    "indonesiamaju",
    "perubahan",
    "pemiludamai",
    "kawalsuara",
    "tolakhoaks",
    "ayomencoblos",
    "suaramuda",
    "jurdil",
    "quickcount",
    "rekapitulasi",
    "tpsaman",
    "pemilucerdas",
    "bawaslu",
    "kpu",
    "debatcawapres",
    "indonesia",
    "demokrasi",
];

struct Gen {
    rng: SplitMix64,
    posts: Vec<Post>,
    days: u32,
}

impl Gen {
    fn f(&mut self) -> f64 {
        self.rng.next_f64()
    }

    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n.max(1))
    }

    /// A time in the period, busier in the evening (WIB).
    fn time(&mut self) -> i64 {
        loop {
            let t = (self.f() * self.days as f64 * 86_400.0) as i64;
            let hour = ((t / 3600) % 24) as f64;
            // UTC 12–15 is 19–22 WIB: three times the small hours.
            let rate = 0.35 + 0.65 * (0.5 + 0.5 * ((hour - 7.5) / 24.0 * std::f64::consts::TAU).sin());
            if self.f() < rate {
                return T0 + t;
            }
        }
    }

    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f()).ln()
    }

    fn text(&mut self, words: usize) -> String {
        let mut w: Vec<&str> = (0..words).map(|_| WORDS[self.below(WORDS.len())]).collect();
        if self.f() < 0.35 {
            let at = self.below(w.len() + 1);
            w.insert(at, NAMES[self.below(NAMES.len())]);
        }
        w.join(" ")
    }

    /// Zipf-like pick among `n` (index 0 the most popular).
    fn zipf(&mut self, n: usize) -> usize {
        // Inverse of a continuous 1/x density over [1, n + 1).
        let u = self.f();
        (((n as f64 + 1.0).powf(u)) - 1.0).floor().min(n as f64 - 1.0) as usize
    }

    fn push(&mut self, author: &str, time: i64, kind: Kind, text: String) -> usize {
        let id = self.posts.len() + 1;
        self.posts.push(Post {
            post_id: id.to_string(),
            platform: Platform::Twitter,
            kind,
            author: Some(author.to_string()),
            created_at: Some(time),
            ..Post::bare(&text)
        });
        id - 1
    }

    fn repost(&mut self, author: &str, time: i64, of: usize) -> usize {
        let (src_author, src_text) =
            (self.posts[of].author.clone().unwrap_or_default(), self.posts[of].text.clone());
        let parent = self.posts[of].post_id.clone();
        let i = self.push(author, time, Kind::Repost, format!("RT @{src_author}: {src_text}"));
        self.posts[i].parent_id = Some(parent);
        i
    }

    /// A link as people paste it: with or without `www.`, a trailing slash,
    /// tracking parameters.
    fn link_variant(&mut self, host: &str, path: &str) -> String {
        let www = if self.f() < 0.3 { "www." } else { "" };
        let slash = if self.f() < 0.3 { "/" } else { "" };
        let track = match self.below(4) {
            0 => "?utm_source=whatsapp&utm_medium=share",
            1 => "?fbclid=IwAR0abc",
            _ => "",
        };
        format!("https://{www}{host}/{path}{slash}{track}")
    }
}

/// Generates posts and truth for `c`.
pub fn generate(c: &SynthConfig) -> Synth {
    let mut g = Gen { rng: SplitMix64::new(c.seed), posts: Vec::new(), days: c.days };
    let background: Vec<String> = (0..c.background).map(|i| format!("warga{i:05}")).collect();
    // Popular originals (influencers' posts, reposted organically) and news.
    let influencers: Vec<String> = (0..60).map(|i| format!("tokoh{i:02}")).collect();
    let mut popular: Vec<usize> = Vec::new();
    for _ in 0..1500 {
        let who = influencers[g.below(influencers.len())].clone();
        let (t, text) = (g.time(), g.text(12));
        popular.push(g.push(&who, t, Kind::Post, text));
    }
    let news: Vec<(String, String)> = (0..3000)
        .map(|i| {
            (
                ["kompas.com", "detik.com", "tempo.co", "cnnindonesia.com"][i % 4].to_string(),
                format!("berita/{i}"),
            )
        })
        .collect();

    // Ordinary activity: heavy-tailed volumes, a mix of own posts (with
    // hashtags now and then), reposts of popular posts, news links.
    let mut text_clusters = Vec::new();
    for who in &background {
        let busy = if g.f() < 1.0 / 30.0 { 20.0 } else { 1.0 };
        let n = (g.exp(c.posts_per_account) * busy).ceil() as usize;
        for _ in 0..n.min(1000) {
            let t = g.time();
            match g.below(10) {
                0..=3 => {
                    let mut text = g.text(10);
                    let r = g.f();
                    if r < 0.25 {
                        text.push_str(&format!(" #{}", TAGS[g.zipf(TAGS.len())]));
                    } else if r < 0.33 {
                        let (a, b) = (TAGS[g.zipf(TAGS.len())], TAGS[g.zipf(TAGS.len())]);
                        text.push_str(&format!(" #{a} #{b}"));
                    }
                    g.push(who, t, Kind::Post, text);
                }
                4..=6 => {
                    let of = popular[g.zipf(popular.len())];
                    let at = g.posts[of].created_at.unwrap_or(T0) + g.exp(6.0 * 3600.0) as i64;
                    g.repost(who, at, of);
                }
                _ => {
                    let (host, path) = news[g.zipf(news.len())].clone();
                    let link = g.link_variant(&host, &path);
                    let text = format!("{} {link}", g.text(8));
                    g.push(who, t, Kind::Post, text);
                }
            }
        }
    }

    // Fans: each base posts viral posts; its fans repost them quickly.
    let mut fans: Vec<String> = Vec::new();
    for b in 0..c.fan_bases {
        let base = format!("idola{b}");
        // Half of each base's fans follow an earlier base too.
        let members: Vec<String> = (0..c.fans_per_base)
            .map(|_| {
                if !fans.is_empty() && g.f() < 0.5 {
                    fans[g.below(fans.len())].clone()
                } else {
                    background[g.below(background.len())].clone()
                }
            })
            .collect();
        for _ in 0..c.viral_posts {
            let (t, text) = (g.time(), g.text(12));
            let post = g.push(&base, t, Kind::Post, text);
            for f in &members {
                if g.f() < c.fan_participation {
                    let at = t + 5 + g.exp(c.fan_delay) as i64;
                    g.repost(f, at, post);
                }
            }
        }
        fans.extend(members);
    }
    fans.sort();
    fans.dedup();

    // Organic viral bursts: one post, hundreds of reposts within the hour.
    for v in 0..c.viral_bursts {
        let (t, text) = (g.time(), g.text(12));
        let post = g.push(&format!("viral{v}"), t, Kind::Post, text);
        for _ in 0..c.burst_size {
            let who = background[g.below(background.len())].clone();
            let at = t + 10 + g.exp(900.0) as i64;
            g.repost(&who, at, post);
        }
    }

    // Breaking news: one link, shared by dozens within half an hour.
    for l in 0..c.breaking_links {
        let t = g.time();
        let crowd = 40 + g.below(111);
        for _ in 0..crowd {
            let who = background[g.below(background.len())].clone();
            let link = g.link_variant("breaking.id", &format!("kabar/{l}"));
            let text = format!("{} {link}", g.text(8));
            let at = t + g.exp(600.0) as i64;
            g.push(&who, at, Kind::Post, text);
        }
    }
    // Trending hashtag pairs: used by many within two hours.
    for k in 0..c.trending_tags {
        let t = g.time();
        let crowd = 60 + g.below(141);
        for _ in 0..crowd {
            let who = background[g.below(background.len())].clone();
            let text = format!("{} #trending{k} #{}", g.text(8), TAGS[k % TAGS.len()]);
            let at = t + g.exp(2400.0) as i64;
            g.push(&who, at, Kind::Post, text);
        }
    }

    // Planted groups: members with some ordinary activity of their own,
    // pushing the group's objects within `delay` seconds of each push.
    let mut planted = Vec::new();
    let mut cluster_id = 1u64 << 40;
    for (gi, spec) in c.groups.iter().enumerate() {
        let members: Vec<String> = (0..spec.size).map(|m| format!("akun{gi:02}x{m:02}")).collect();
        for who in &members {
            for _ in 0..4 {
                let (t, text) = (g.time(), g.text(10));
                g.push(who, t, Kind::Post, text);
            }
        }
        let target = NAMES[gi % NAMES.len()];
        for j in 0..spec.objects {
            let t = g.time();
            let message =
                format!("{target} {} {}", g.text(14), ["gagal", "curang", "hebat", "pilihan"][gi % 4]);
            let source = match spec.kind {
                NetKind::Repost => {
                    Some(g.push(&format!("sumber{gi:02}"), t - 30, Kind::Post, message.clone()))
                }
                _ => None,
            };
            cluster_id += 1;
            let mut joined = 0;
            for (m, who) in members.iter().enumerate() {
                // Everyone joins at least the pushes they are picked for;
                // the first two always join, so each push is shared.
                if m >= 2 && g.f() >= spec.participation {
                    continue;
                }
                joined += 1;
                let at = t + (g.f() * c.delay as f64) as i64;
                match spec.kind {
                    NetKind::Repost => {
                        g.repost(who, at, source.expect("a source"));
                    }
                    NetKind::Link => {
                        let link = g.link_variant(&format!("kabar-{gi}.id"), &format!("artikel/{j}"));
                        let text = format!("{} {link}", g.text(6));
                        g.push(who, at, Kind::Post, text);
                    }
                    NetKind::Text => {
                        let i = g.push(who, at, Kind::Post, message.clone());
                        text_clusters.push((i, cluster_id));
                    }
                    NetKind::Hashtags => {
                        let text = format!("{} #usut{gi}x{j} #bongkar{gi}x{j}", g.text(8));
                        g.push(who, at, Kind::Post, text);
                    }
                }
            }
            debug_assert!(joined >= 2);
        }
        planted.push(members);
    }
    Synth { posts: g.posts, text_clusters, planted, fans, background }
}

/// An hourly series over `days` days with a daily rhythm (quiet nights,
/// busy evenings WIB) and Poisson noise around `base` posts an hour at
/// its busiest; with `surge = Some((hour, hours, factor))`, `factor`
/// times the expected volume in those hours. (hour, posts), hours from 0.
pub fn seasonal_series(seed: u64, days: u32, base: f64, surge: Option<(i64, i64, f64)>) -> Vec<(i64, u64)> {
    let mut rng = SplitMix64::new(seed);
    (0..days as i64 * 24)
        .map(|h| {
            let hour = (h % 24) as f64;
            let mut rate =
                base * (0.35 + 0.65 * (0.5 + 0.5 * ((hour - 7.5) / 24.0 * std::f64::consts::TAU).sin()));
            if let Some((at, len, factor)) = surge
                && (at..at + len).contains(&h)
            {
                rate *= factor;
            }
            (h, poisson(&mut rng, rate))
        })
        .collect()
}

/// A Poisson draw (Knuth's product of uniforms, in slices of 30 so that
/// large means do not underflow).
fn poisson(rng: &mut SplitMix64, mean: f64) -> u64 {
    let (mut left, mut n) = (mean, 0u64);
    while left > 0.0 {
        let step = left.min(30.0);
        left -= step;
        let limit = (-step).exp();
        let mut p = rng.next_f64();
        while p > limit {
            n += 1;
            p *= rng.next_f64();
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_posts() {
        let mut c = SynthConfig::development(3);
        c.background = 200;
        let (a, b) = (generate(&c), generate(&c));
        assert_eq!(a.posts, b.posts);
        assert_eq!(a.text_clusters, b.text_clusters);
        c.seed = 4;
        assert_ne!(generate(&c).posts, a.posts);
    }

    #[test]
    fn poisson_draws_have_their_mean() {
        let mut rng = SplitMix64::new(9);
        for mean in [0.5, 7.0, 80.0] {
            let n = 4000;
            let sum: u64 = (0..n).map(|_| poisson(&mut rng, mean)).sum();
            let m = sum as f64 / n as f64;
            assert!((m - mean).abs() < 4.0 * (mean / n as f64).sqrt() + 0.01, "{mean}: {m}");
        }
    }
}
