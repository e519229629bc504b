//! Every fixed text of the report, in Bahasa Indonesia and English.

use serde::Serialize;

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "id" | "indonesian" | "bahasa" => Some(Lang::Id),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// (key, Indonesian, English).
const WORDS: &[(&str, &str, &str)] = &[
    ("kicker", "Laporan analitik media sosial pemilu", "Electoral social-media analytics report"),
    ("default_title", "Percakapan media sosial pemilu", "Election social-media conversation"),
    (
        "cover_note",
        "Dibuat oleh suara dari ekspor unggahan media sosial. Setiap angka dalam laporan ini berasal dari tabel di folder tables/ di samping PDF ini; lampiran reproduktibilitas mencantumkan versi, konfigurasi dan hash input.",
        "Produced by suara from social-media post exports. Every number in this report comes from a table in the tables/ folder beside this PDF; the reproducibility appendix lists the version, configuration and input hashes.",
    ),
    ("contents", "Daftar isi", "Contents"),
    ("page", "Halaman", "Page"),
    ("summary", "Ringkasan eksekutif", "Executive summary"),
    ("top_posts", "Unggahan teratas per target", "Top posts per target"),
    (
        "top_posts_note",
        "Unggahan dengan keterlibatan (suka + bagikan + komentar) tertinggi yang menyebut setiap target. Teks dipotong; penulis ditampilkan sebagai nama samaran (hash bergaram).",
        "The posts naming each target with the most engagement (likes + shares + comments). Texts are truncated; authors appear as pseudonyms (salted hashes).",
    ),
    ("post", "Unggahan", "Post"),
    ("author", "Penulis", "Author"),
    ("platform", "Platform", "Platform"),
    ("date", "Tanggal", "Date"),
    ("engagement", "Keterlibatan", "Engagement"),
    ("topics", "Topik", "Topics"),
    (
        "topics_note",
        "Setiap unggahan masuk ke satu topik (k-means sferis atas TF-IDF). Label: tiga istilah paling khas topik itu (c-TF-IDF). NPMI mengukur seberapa sering istilah teratas muncul bersama (−1 sampai 1; lebih tinggi lebih koheren). Sentimen bersih = (positif − negatif) / (positif + negatif).",
        "Every post belongs to one topic (spherical k-means over TF-IDF). Label: the topic's three most distinctive terms (c-TF-IDF). NPMI measures how often the top terms occur together (−1 to 1; higher is more coherent). Net sentiment = (positive − negative) / (positive + negative).",
    ),
    ("topic_terms", "Topik dan istilahnya", "Topic and its terms"),
    ("posts", "Unggahan", "Posts"),
    ("net", "Sentimen bersih", "Net sentiment"),
    ("method", "Metodologi", "Methodology"),
    ("counts", "Data yang dibaca", "Data read"),
    ("models", "Model sentimen dan hasil evaluasinya", "Sentiment models and their evaluation"),
    ("model", "Model", "Model"),
    ("eval_set", "Set evaluasi", "Evaluation set"),
    ("limitations", "Keterbatasan", "Limitations"),
    ("repro", "Lampiran: reproduktibilitas", "Appendix: reproducibility"),
    (
        "repro_note",
        "Input, konfigurasi dan versi yang sama menghasilkan tabel yang identik byte demi byte.",
        "The same inputs, configuration and version give byte-identical tables.",
    ),
    ("version", "Versi", "Version"),
    ("config_hash", "Hash konfigurasi", "Config hash"),
    ("seed", "Seed topik", "Topic seed"),
    ("watchlists", "Daftar pantauan", "Watchlists"),
    ("inputs", "File input", "Input files"),
    ("file", "File", "File"),
    ("key_figures", "Angka kunci", "Key figures"),
    ("target", "Target", "Target"),
    ("share_of_voice", "Share of voice", "Share of voice"),
    (
        "key_note",
        "Share of voice dihitung di antara target sejenis (kandidat dengan kandidat). Sentimen bersih dari klausa yang menyebut target; CI = interval kepercayaan 95 % (Wilson). Sumber: tables/sentiment_by_target.csv.",
        "Share of voice is among targets of the same kind (candidates against candidates). Net sentiment of the clauses naming the target; CI = 95 % confidence interval (Wilson). Source: tables/sentiment_by_target.csv.",
    ),
    (
        "method_topics",
        "Topik: {k} topik (k-means sferis atas TF-IDF, K {how}), NPMI rata-rata {npmi}, diversitas {diversity}.",
        "Topics: {k} topics (spherical k-means over TF-IDF, K {how}), mean NPMI {npmi}, diversity {diversity}.",
    ),
    ("k_auto", "dipilih otomatis", "chosen automatically"),
    (
        "event_change",
        "Perubahan terbesar di sekitar peristiwa: sentimen bersih {who} {dir} {by} poin setelah {event} ({date}), dari {before} menjadi {after} (95 % CI perubahan {low} … {high}).",
        "The largest change around an event: {who}'s net sentiment {dir} by {by} after {event} ({date}), from {before} to {after} (95 % CI of the change {low} … {high}).",
    ),
    ("fell", "turun", "fell"),
    ("rose", "naik", "rose"),
    ("k_fixed", "ditetapkan", "fixed"),
    ("item", "Butir", "Item"),
    ("number", "Jumlah", "Number"),
    ("value", "Nilai", "Value"),
    ("read", "Rekaman dibaca", "Records read"),
    ("kept", "Disimpan", "Kept"),
    ("rejected", "Ditolak (lihat rejects.csv)", "Rejected (see rejects.csv)"),
    ("duplicates", "Duplikat", "Duplicates"),
    ("matched", "Menyebut target pantauan", "Naming a watchlist target"),
    ("undated", "Tanpa waktu (tidak ada di deret waktu)", "Without a timestamp (left out of time series)"),
    ("authors", "Penulis unik", "Unique authors"),
    ("days", "Hari", "Days"),
    ("day", "Tanggal", "Date"),
    ("week", "Minggu", "Week"),
    ("no_data", "Tidak ada data untuk grafik ini.", "No data for this chart."),
    ("no_data_section", "Tidak ada data untuk bagian ini.", "No data for this section."),
    ("negative", "negatif", "negative"),
    ("neutral", "netral", "neutral"),
    ("positive", "positif", "positive"),
    ("share", "Porsi", "Share"),
    ("events_note", "Garis putus-putus: peristiwa dalam daftar pantauan", "Dashed lines: watchlist events"),
    // Charts: title, caption.
    ("volume.t", "Volume unggahan per target", "Posts per target over time"),
    (
        "volume.c",
        "Jumlah unggahan per hari yang menyebut setiap kandidat. Garis putus-putus menandai peristiwa (debat, hari pemungutan suara). Lonjakan di sekitar peristiwa menunjukkan percakapan yang dipicu olehnya.",
        "Posts per day naming each candidate. Dashed lines mark events (debates, voting day). Spikes around an event show conversation it set off.",
    ),
    ("net.t", "Sentimen bersih per target, per minggu", "Net sentiment per target, weekly"),
    (
        "net.c",
        "Sentimen bersih = (positif − negatif) / (positif + negatif) dari klausa yang menyebut target, per minggu; pita = interval kepercayaan 95 % (Wilson). Pita yang lebar berarti sedikit unggahan: jangan membaca perbedaan yang pitanya bertumpuk.",
        "Net sentiment = (positive − negative) / (positive + negative) of the clauses naming each target, per week; band = 95 % confidence interval (Wilson). A wide band means few posts: do not read differences whose bands overlap.",
    ),
    ("composition.t", "Komposisi sentimen per target", "Sentiment composition per target"),
    (
        "composition.c",
        "Porsi unggahan negatif, netral dan positif tentang setiap target selama seluruh periode.",
        "Share of negative, neutral and positive posts about each target over the whole period.",
    ),
    ("sov.t", "Share of voice per minggu", "Share of voice, weekly"),
    (
        "sov.c",
        "Porsi setiap kandidat dari semua unggahan yang menyebut seorang kandidat, per minggu.",
        "Each candidate's share of all posts naming a candidate, per week.",
    ),
    ("platform.t", "Platform × target", "Platform × target"),
    (
        "platform.c",
        "Jumlah unggahan per platform yang menyebut setiap kandidat: di mana setiap kandidat dibicarakan.",
        "Posts per platform naming each candidate: where each candidate is talked about.",
    ),
    ("topics.t", "Topik percakapan", "Topics of the conversation"),
    (
        "topics.c",
        "Ukuran setiap topik (unggahan); warna batang = sentimen bersih topik (hijau positif, jingga negatif, abu-abu seimbang).",
        "Size of each topic (posts); bar colour = the topic's net sentiment (green positive, orange negative, grey balanced).",
    ),
    ("topic_target.t", "Topik × target", "Topic × target"),
    (
        "topic_target.c",
        "Jumlah unggahan per topik dan kandidat: topik mana yang melekat pada kandidat mana.",
        "Posts per topic and candidate: which topics attach to which candidate.",
    ),
    ("emotion.t", "Emosi per target", "Emotion per target"),
    (
        "emotion.c",
        "Porsi emosi (marah, takut, senang, cinta, sedih) pada unggahan berbahasa Indonesia tentang setiap target.",
        "Share of emotions (anger, fear, happy, love, sadness) in Indonesian posts about each target.",
    ),
    ("issues.t", "Isu dari waktu ke waktu", "Issues over time"),
    (
        "issues.c",
        "Unggahan per minggu tentang isu dalam daftar pantauan (hoaks, kecurangan, politik uang …).",
        "Posts per week about the watchlist's issues (hoaxes, fraud, vote buying …).",
    ),
    // Accounts acting together. Careful words: accounts *acted together*,
    // with the evidence; who runs them, and why, is not known from posts.
    ("coord.title", "Akun yang bergerak bersama", "Accounts acting together"),
    (
        "network.t",
        "Akun yang bergerak bersama: kelompok terbesar",
        "Accounts acting together: the largest clusters",
    ),
    (
        "network.c",
        "Setiap titik sebuah akun; garis = dua akun yang bertindak bersama.",
        "Each dot an account; a line = two accounts that acted together.",
    ),
    ("coord.cluster", "Kelompok", "Cluster"),
    (
        "coord.intro",
        "Dua akun dihubungkan bila keduanya melakukan hal yang sama — membagikan ulang unggahan yang sama, membagikan tautan yang sama, menempelkan pesan yang sama, atau memakai kumpulan tagar tak umum yang sama — dalam selang {window} detik satu sama lain, dan itu berulang pada setidaknya {min} hal yang berbeda. Hal yang dilakukan banyak akun (unggahan viral) diberi bobot kecil, sehingga penggemar yang cepat membagikan ulang unggahan populer tidak terhubung karenanya. Akun yang terhubung membentuk kelompok. Bagian ini menunjukkan akun yang bertindak bersama beserta buktinya: tables/coordination_edges.csv mencantumkan unggahan di balik setiap hubungan. Ini tidak menunjukkan siapa yang menjalankan akun-akun itu atau apa tujuannya.",
        "Two accounts are linked when they did the same thing — reposted the same post, shared the same link, pasted the same message or used the same uncommon set of hashtags — within {window} seconds of each other, on at least {min} distinct occasions. Things many accounts did (viral posts) weigh little, so fans who quickly repost popular posts are not linked by them. Linked accounts form clusters. This section shows accounts that acted together, with the evidence: tables/coordination_edges.csv lists the posts behind every link. It does not show who runs the accounts or why.",
    ),
    (
        "coord.window_auto",
        "Jendela waktu {window} detik diperkirakan dari data (metode CooRnet; lihat manifest.json).",
        "The {window}-second window was estimated from the data (CooRnet's method; see manifest.json).",
    ),
    (
        "coord.window_fixed",
        "Jendela waktu {window} detik ditetapkan dalam konfigurasi.",
        "The {window}-second window was set in the configuration.",
    ),
    (
        "coord.none",
        "Tidak ada akun yang bergerak bersama menurut ambang yang dipakai.",
        "No accounts acted together by the thresholds in force.",
    ),
    (
        "coord.network",
        "Kelompok terbesar: setiap titik sebuah akun (nama samaran), besarnya menurut jumlah unggahannya yang ikut dibandingkan, warnanya menurut kelompok; garis = akun yang bertindak bersama (tebal = lebih sering). Tata letak tetap untuk data yang sama.",
        "The largest clusters: each dot an account (pseudonym), sized by its posts that took part, coloured by cluster; a line = two accounts that acted together (thicker = more often). The layout is the same for the same data.",
    ),
    ("coord.accounts", "Akun", "Accounts"),
    ("coord.how", "Bertindak bersama dengan", "Acted together by"),
    ("coord.targets", "Target yang disebut (sentimen bersih)", "Targets named (net sentiment)"),
    ("coord.links", "Tautan", "Links"),
    ("coord.domains", "Domain", "Domains"),
    ("coord.hashtags", "Tagar", "Hashtags"),
    ("coord.claims", "Klaim", "Claims"),
    ("coord.period", "Periode", "Period"),
    ("coord.evidence", "Bukti", "Evidence"),
    (
        "coord.evidence_note",
        "{edges} hubungan, {posts} unggahan: tables/coordination_edges.csv",
        "{edges} links, {posts} posts: tables/coordination_edges.csv",
    ),
    ("co-repost", "membagikan ulang unggahan yang sama", "reposting the same posts"),
    ("co-link", "membagikan tautan yang sama", "sharing the same links"),
    ("co-text", "menempelkan pesan yang sama", "pasting the same message"),
    ("co-hashtag", "memakai kumpulan tagar yang sama", "using the same set of hashtags"),
    ("coord.bursts", "Lonjakan", "Bursts"),
    (
        "coord.bursts_note",
        "Jam-jam ketika sebuah target atau tagar jauh di atas kebiasaannya: dibandingkan dengan jam yang sama pada hari-hari sebelumnya (median dan simpangan absolut median), sehingga ritme harian bukan lonjakan. Lonjakan target ditandai lingkaran pada grafik volume. Semua lonjakan: tables/bursts.csv.",
        "Hours in which a target or hashtag ran far above its own habit: compared with the same hour on the previous days (median and median absolute deviation), so a daily rhythm is not a burst. Bursts of targets are circled on the volume chart. Every burst: tables/bursts.csv.",
    ),
    ("coord.no_bursts", "Tidak ada lonjakan.", "No bursts."),
    ("coord.series", "Deret", "Series"),
    ("coord.when", "Waktu (UTC)", "When (UTC)"),
    ("coord.usual", "Biasanya", "Usual"),
    ("coord.score", "Skor", "Score"),
    ("target_kind", "target", "target"),
    ("hashtag_kind", "tagar", "hashtag"),
    ("claim_kind", "klaim", "claim"),
    ("misinfo", "Klaim hoaks dan pesan berantai", "Debunked claims and copy-paste campaigns"),
    (
        "misinfo_note",
        "Setiap unggahan yang dibaca (bukan hanya yang menyebut target) dicocokkan dengan klaim dalam tabel cek fakta ([misinfo] claims): sebuah unggahan cocok bila mengulang klaim itu, juga dengan ejaan, singkatan atau urutan kata lain, atau di dalam komentar yang lebih panjang. Pesan berantai: unggahan dengan kata yang sama (Jaccard ≥ 0,7 atas kata-kata unik, minimal 8 kata; repost tidak dihitung). Sumber: tables/claims.csv, claim_matches.csv, copypasta_clusters.csv, copypasta_posts.csv.",
        "Every post read (not only those naming a target) is matched against the claims of the fact-check tables ([misinfo] claims): a post matches when it repeats a claim, also with other spelling, abbreviations or word order, or inside a longer remark. Copy-paste campaigns: posts with the same words (Jaccard ≥ 0.7 over distinct words, at least 8 words; reposts do not count). Sources: tables/claims.csv, claim_matches.csv, copypasta_clusters.csv, copypasta_posts.csv.",
    ),
    ("claims_live", "Klaim yang masih beredar", "Claims still circulating"),
    ("claim", "Klaim", "Claim"),
    ("verdict", "Putusan", "Verdict"),
    ("debunked", "Dibantah", "Debunked"),
    ("accounts", "Akun", "Accounts"),
    ("first_seen", "Pertama", "First seen"),
    ("last_seen", "Terakhir", "Last seen"),
    ("after_debunk", "Setelah cek fakta", "After the fact-check"),
    ("clusters", "Pesan berantai terbesar", "Largest copy-paste clusters"),
    ("message", "Pesan (unggahan paling sentral)", "Message (the most central post)"),
    ("time_span", "Rentang waktu", "Time span"),
    ("sample_accounts", "Contoh akun (nama samaran)", "Sample accounts (pseudonyms)"),
    (
        "claims.t",
        "Klaim hoaks yang paling banyak diulang, per minggu",
        "The most repeated debunked claims, weekly",
    ),
    (
        "claims.c",
        "Unggahan per minggu yang mengulang setiap klaim yang sudah dibantah (enam klaim dengan unggahan terbanyak). Sumber: tables/claims_daily.csv.",
        "Posts per week repeating each debunked claim (the six with the most posts). Source: tables/claims_daily.csv.",
    ),
    ("anger", "marah", "anger"),
    ("fear", "takut", "fear"),
    ("happy", "senang", "happy"),
    ("love", "cinta", "love"),
    ("sadness", "sedih", "sadness"),
];

/// The text for `key` in `lang` (the key itself when unknown, so a missing
/// entry shows up in review rather than panicking).
pub fn t(lang: Lang, key: &str) -> &'static str {
    WORDS
        .iter()
        .find(|w| w.0 == key)
        .map(|w| match lang {
            Lang::Id => w.1,
            Lang::En => w.2,
        })
        .unwrap_or("?")
}

/// All words for the template, as a JSON object.
pub fn words(lang: Lang) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> =
        WORDS.iter().map(|w| (w.0.to_string(), serde_json::Value::from(t(lang, w.0)))).collect();
    serde_json::Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let mut keys: Vec<&str> = WORDS.iter().map(|w| w.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is listed twice");
        for (k, id, en) in WORDS {
            assert!(!id.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(t(Lang::Id, "summary"), "Ringkasan eksekutif");
        assert_eq!(t(Lang::En, "summary"), "Executive summary");
    }
}
