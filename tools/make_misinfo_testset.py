#!/usr/bin/env python3
"""Builds suara's seeded test set for claim matching and copy-paste clusters.

    python3 tools/make_misinfo_testset.py            # writes tests/fixtures/misinfo/

Python 3 standard library only; the same seed gives byte-identical files.

Two splits, made the same way from disjoint material:

* dev      (seed 18001): suara's thresholds and weights were chosen on it;
* heldout  (seed 18002): nothing was tuned on it; README figures come from it.

Claims (tools/misinfo_claims.py: 160 made-up hoaxes, each a distinct story)
are shuffled with seed 18000 and cut in two halves, one per split. In each
split 60 claims are *listed* (written to claims-<split>.csv, the fact-check
table) and the other 27-28 are *unlisted* hoaxes (never in the table); some
claims are siblings (same people, same kind of story, other particulars).

posts-<split>.csv mixes, with `truth_claim` (the listed claim a post repeats,
or empty):
  * 6 retellings of every listed claim (positives): the first verbatim, the
    others by 1-4 of: people and institutions named otherwise (Prabowo ->
    capres 02, KPU -> Komisi Pemilihan Umum); numbers as digits and
    abbreviations (sepuluh juta -> 10 jt); synonyms (ditemukan -> didapati);
    verb prefixes dropped as people speak (menghapus -> hapus); slang and
    abbreviations (yang -> yg, tidak -> gak); up to a quarter of the words
    dropped; the claim's two halves swapped; typos in long words; case
    changed; then about half embedded in a remark, short ("Beredar kabar
    ..., padahal ...", a quote followed by commentary) or long (two
    sentences of the poster's own around it); every one with social-media
    noise (handles, hashtags, links, emoji);
  * 6 retellings of every unlisted hoax, made the same way (negatives);
  * 2 posts per listed claim about its people and subject that tell no
    false story (its person or institution and one of its words in a news
    or talk frame), 240 news headlines about the same candidates and
    institutions, and 40 posts that talk about hoaxes without repeating one
    (negatives);
  * 300 real posts of the sample pool (datasets/sample-pool, roles noise and
    issue: MIT-licensed IndoNLU EmoT/SmSA and vaccine tweets; negatives).

copies-<split>.csv holds planted copy-paste campaigns, with `truth_cluster`
(the campaign, or empty):
  * 30 campaigns: a pool text of 10-40 words as the message, pasted 3-25
    times by different accounts within hours, each copy with 0-3 small edits:
    a handle, hashtag, link or emoji added or swapped, a word changed (two in
    messages of 15 words or more), case changed;
  * per campaign, negatives that touch it: 2 posts that share a 4-6 word
    phrase of it inside another text, 2 that quote half to two thirds of it
    with a comment of the poster's own (40-70 % of its length), 1 that
    shares only its hashtag, 1 only its link, and 2 platform reposts of it
    (kind = repost: never copies);
  * 12 short messages (under 8 words) pasted 5-10 times each (left out by the
    rule, so truth empty);
  * 400 distinct pool texts as background (texts with a near-duplicate in
    the pool -- word-set Jaccard >= 0.5, by a plain lower-case split, not
    suara's tokeniser -- are left out, so the background holds no copies).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import random
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import misinfo_claims as M  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "misinfo"
POOL = ROOT / "datasets" / "sample-pool" / "texts.tsv"

SPLITS = [("dev", 18001), ("heldout", 18002)]
LISTED = 60
RETELLINGS = 6

SLANG = {
    "yang": ["yg"], "tidak": ["gak", "tdk", "ga", "nggak"], "sudah": ["udah", "sdh", "udh"],
    "dengan": ["dgn", "sama"], "untuk": ["utk", "buat"], "akan": ["bakal", "mau"], "karena": ["krn", "karna"],
    "juga": ["jg"], "saja": ["aja"], "belum": ["blm"], "bisa": ["bs"], "orang": ["org"], "banyak": ["byk"],
    "kalau": ["kalo"], "sekarang": ["skrg"], "dari": ["dr"], "jangan": ["jgn"], "benar": ["bener"],
    "semua": ["smua"], "lagi": ["lg"], "setelah": ["stlh", "abis"], "sebelum": ["sblm"],
    "presiden": ["pres"], "ditemukan": ["ketemu"], "menghapus": ["ngehapus"], "memakai": ["pake"],
    "dibayar": ["dibayar"], "tetapi": ["tapi"], "seperti": ["kayak"], "membeli": ["beli"],
    "mengaku": ["ngaku"], "menyebut": ["bilang"], "pernah": ["prnh"], "ribu": ["rb"], "juta": ["jt"],
    "you": ["u"], "are": ["r"], "people": ["ppl"], "because": ["bc", "cuz"], "the": ["da", "the"],
    "for": ["4"], "to": ["2"], "with": ["w/"], "election": ["elex"],
}
PREFIXES = [
    "Beredar kabar bahwa", "Katanya", "Viral di grup WA:", "Info dari grup sebelah,", "Gila sih,",
    "Benarkah", "Sebarkan!", "Breaking:", "Waduh,", "Baru dapat kiriman dari om saya:", "Astaga,",
    "Menurut sumber terpercaya,", "Ramai di TikTok,", "Kabar terbaru:", "Ini serius?", "Heboh!",
    "Dengar-dengar", "Pantas saja,", "Sudah kuduga,", "Coba cek ini:",
]
SUFFIXES = [
    ", padahal sudah dibantah KPU.", ". Ini hoaks ya, jangan disebar.", ". Negara ini mau dibawa ke mana?",
    ". Tolong dicek kebenarannya dulu.", "?? Serius ini?", ". Sebarkan sebelum dihapus!",
    ", pantesan hasilnya begitu.", ". Kok bisa sih, aparat diam saja?", ". Mohon diviralkan, rakyat harus tahu.",
    ". Kalau benar, ini bahaya sekali buat demokrasi kita.", ". Saya sih gak kaget, dari awal sudah curiga.",
    ". Ada yang punya video lengkapnya? Penasaran banget.",
]
COMMENTS = [
    "Pemilu tahun ini benar-benar bikin pusing, grup keluarga isinya debat terus tiap malam",
    "Saya cuma mau pemilu damai, siapa pun yang menang yang penting rakyat kecil diperhatikan",
    "Makanya jangan malas baca berita dari sumber resmi, jangan cuma dari potongan video",
    "Ini sudah kesekian kalinya saya dengar cerita seperti ini dari tetangga sebelah rumah",
    "Kalau memang ada buktinya silakan lapor ke Bawaslu, jangan cuma ramai di media sosial",
    "Dari kemarin timeline isinya ini semua, sampai bosan saya bacanya",
]
EN_PREFIXES = ["BREAKING:", "Just saw this:", "Wow,", "Is it true that", "Apparently", "Spread the word:"]
EN_SUFFIXES = [". Unbelievable.", "?! Can anyone confirm?", ". This is not normal.", ". Share before it's deleted!",
               ". Fact-checkers say it's false but people keep sharing it."]
HANDLES = ["@warga_" + s for s in ["bandung", "medan88", "nkri", "peduli", "jkt", "sby", "mks", "bijak", "netral",
                                     "cerdas", "kritis", "damai"]]
TAGS = ["#Pemilu2024", "#PemiluDamai", "#Pilpres2024", "#KawalSuara", "#TolakHoaks", "#Viral", "#Indonesia",
        "#CekFakta", "#SaveDemokrasi", "#Rakyat"]
EMOJI = ["😡", "🔥", "😱", "🙏", "🇮🇩", "👇", "‼️", "😭", "🤔", "💯"]


def link(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                                     for _ in range(10))


def noise(text: str, rng: random.Random) -> str:
    if rng.random() < 0.35:
        text = rng.choice(HANDLES) + " " + text
    if rng.random() < 0.35:
        text += " " + rng.choice(TAGS)
    if rng.random() < 0.25:
        text += " " + link(rng)
    if rng.random() < 0.3:
        text += " " + rng.choice(EMOJI) * rng.randint(1, 3)
    return text


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["drop", "double", "swap", "sub"])
    if op == "drop":
        return word[:i] + word[i + 1:]
    if op == "double":
        return word[:i] + word[i] + word[i:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("aiueonrstk") + word[i + 1:]


def words_of(text: str) -> list[str]:
    return text.split(" ")


def t_case(text, rng, lang):
    return rng.choice([str.lower, str.upper, lambda s: s.title()])(text)


def t_slang(text, rng, lang):
    out = []
    for w in words_of(text):
        key = w.lower()
        if key in SLANG and rng.random() < 0.8:
            out.append(rng.choice(SLANG[key]))
        else:
            out.append(w)
    return " ".join(out)


def t_typo(text, rng, lang):
    ws = words_of(text)
    long = [i for i, w in enumerate(ws) if len(w) >= 6 and w.isalpha()]
    for i in rng.sample(long, min(len(long), rng.randint(1, 2))):
        ws[i] = typo(ws[i], rng)
    return " ".join(ws)


def t_drop(text, rng, lang):
    ws = words_of(text)
    k = rng.randint(1, max(1, len(ws) // 4))
    drop = set(rng.sample(range(len(ws)), k))
    return " ".join(w for i, w in enumerate(ws) if i not in drop)


def t_reorder(text, rng, lang):
    ws = words_of(text)
    if len(ws) < 6:
        return text
    cut = rng.randint(len(ws) // 3, 2 * len(ws) // 3)
    return " ".join(ws[cut:] + ws[:cut])


def t_embed(text, rng, lang):
    if lang == "en":
        return f"{rng.choice(EN_PREFIXES)} {text}{rng.choice(EN_SUFFIXES)}"
    style = rng.random()
    if style < 0.4:
        return f"{rng.choice(PREFIXES)} {text}{rng.choice(SUFFIXES)}"
    if style < 0.7:
        return f'"{text}" {rng.choice(COMMENTS)}.'
    return f"{rng.choice(COMMENTS)}. {rng.choice(PREFIXES)} {text}{rng.choice(SUFFIXES)}"


def bare_root(w: str) -> str:
    """Colloquial Indonesian drops or clips verb prefixes: menghapus -> hapus,
    mengaku -> ngaku, dicoblos -> coblos, membagikan -> bagikan, menyebut ->
    sebut, tertangkap -> tangkap. Only the unambiguous cases (memasukkan is
    left alone: masuk or pasuk?)."""
    lw = w.lower()
    vowels = "aiueo"
    if "-" in w or len(lw) < 7:
        return w
    if lw.startswith("meny") and lw[4] in vowels:
        return "s" + w[4:]
    if lw.startswith("meng"):
        return w[4:] if lw[4] in "hg" else ("ng" + w[4:] if lw[4] in vowels else w)
    if lw.startswith("mem") and lw[3] == "b":
        return w[3:]
    if lw.startswith("men") and lw[3] in "dcj":
        return w[3:]
    if lw.startswith("di") and lw[2] not in vowels:
        return w[2:]
    if lw.startswith("ter") and lw[3] not in vowels:
        return w[3:]
    return w


def t_colloquial(text, rng, lang):
    if lang == "en":
        return text
    return " ".join(bare_root(w) if rng.random() < 0.7 else w for w in words_of(text))


NUMBERS = {"satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5", "tujuh": "7", "sepuluh": "10",
           "seratus": "100", "seribu": "1000", "seven": "7", "ten": "10", "two": "2", "five": "5"}
NUMBER_ABBR = {"juta": ["jt", "juta"], "ribu": ["rb", "ribu"], "triliun": ["T", "triliun"],
               "miliar": ["M", "miliar"], "million": ["mn", "million"]}


def t_numbers(text, rng, lang):
    out = []
    for w in words_of(text):
        lw = w.lower()
        if lw in NUMBERS:
            out.append(NUMBERS[lw])
        elif lw in NUMBER_ABBR:
            out.append(rng.choice(NUMBER_ABBR[lw]))
        else:
            out.append(w)
    return " ".join(out)


ENTITIES = {
    "Prabowo": ["Pak Prabowo", "Prabowo Subianto", "capres 02", "paslon 02", "prabowo"],
    "Anies": ["Anies Baswedan", "Pak Anies", "capres 01", "paslon 01", "anies"],
    "Ganjar": ["Ganjar Pranowo", "Pak Ganjar", "capres 03", "paslon 03"],
    "Gibran": ["Mas Gibran", "Gibran Rakabuming", "cawapres 02", "gibran"],
    "Muhaimin": ["Cak Imin", "Gus Muhaimin", "cawapres 01"],
    "Cak Imin": ["Muhaimin", "Muhaimin Iskandar", "cawapres 01"],
    "Mahfud MD": ["Prof Mahfud", "Mahfud", "cawapres 03"],
    "Jokowi": ["Presiden Jokowi", "Pak Jokowi", "Joko Widodo", "pakde"],
    "KPU": ["Komisi Pemilihan Umum", "KPU RI", "kpu"],
    "MK": ["Mahkamah Konstitusi"],
    "Mahkamah Konstitusi": ["MK"],
    "Bawaslu": ["Bawaslu RI", "bawaslu"],
}


def t_entity(text, rng, lang):
    for name, variants in ENTITIES.items():
        if name in text and rng.random() < 0.8:
            text = text.replace(name, rng.choice(variants), 1)
    return text


SYNONYMS = {
    "ditemukan": ["didapati", "kedapatan"], "sudah": ["telah"], "akan": ["bakal"], "karena": ["gara-gara"],
    "meninggal": ["wafat"], "menerima": ["dapat"], "beredar": ["tersebar"], "membiayai": ["mendanai"],
    "berjanji": ["janji"], "membagikan": ["bagi-bagi"], "ribuan": ["beribu"], "dilarang": ["tidak boleh"],
    "sebelum": ["jelang"], "setelah": ["usai"], "found": ["discovered"], "promised": ["vowed"],
}


def t_synonym(text, rng, lang):
    return " ".join(rng.choice(SYNONYMS[w.lower()]) if w.lower() in SYNONYMS and rng.random() < 0.6 else w
                    for w in words_of(text))


LONG_COMMENTS = [
    "Saya sebenarnya malas ikut ribut soal politik, tapi kiriman seperti ini masuk terus ke grup alumni "
    "dan grup keluarga, jadi saya tanya di sini saja biar jelas",
    "Tolong yang paham hukum jelaskan, kalau benar begitu apa yang bisa dilakukan warga biasa seperti kita "
    "selain lapor dan menunggu",
    "Ibu saya sampai menelepon malam-malam karena percaya cerita ini, saya sudah jelaskan pelan-pelan tapi "
    "tetap saja dia lebih percaya grup pengajian",
    "Entah benar entah tidak, yang jelas suasana kampung jadi panas dan tetangga mulai saling curiga satu sama lain",
]


def t_embed_long(text, rng, lang):
    if lang == "en":
        return t_embed(text, rng, lang)
    return f"{rng.choice(LONG_COMMENTS)}. {rng.choice(PREFIXES)} {text}{rng.choice(SUFFIXES)}"


TRANSFORMS = [t_case, t_slang, t_typo, t_drop, t_reorder, t_colloquial, t_numbers, t_entity, t_synonym]


def retell(claim: str, lang: str, rng: random.Random, i: int) -> str:
    """The i-th retelling: the first is verbatim (with noise), the others
    apply 1-4 rewordings, and about half are then embedded in a remark
    (a short one, or a long one that dwarfs the claim)."""
    if i == 0:
        return noise(claim, rng)
    k = rng.choice([1, 2, 2, 3, 3, 4])
    chosen = rng.sample(TRANSFORMS, k)
    # Entities, numbers and word forms are changed before case and typos.
    order = [t_entity, t_numbers, t_synonym, t_colloquial, t_slang, t_drop, t_reorder, t_typo, t_case]
    chosen.sort(key=order.index)
    text = claim
    for f in chosen:
        text = f(text, rng, lang)
    r = rng.random()
    if r < 0.3:
        text = t_embed(text, rng, lang)
    elif r < 0.5:
        text = t_embed_long(text, rng, lang)
    return noise(text, rng)


STOP = set("yang di ke dari dan untuk dengan oleh karena akan sudah telah agar jika saat setelah sebelum "
           "ini itu the a an of to in for was were is are be by at on with from".split())


def related(claim: str, rng: random.Random) -> str:
    """A post about the same people and subject as the claim that tells no
    false story: one of its people or institutions and one of its words,
    with a word of election talk."""
    people = [n for n in list(ENTITIES) + M.CANDIDATES + M.INSTITUTIONS if n in claim]
    ws = [w for w in claim.split() if len(w) >= 5 and w.lower() not in STOP
          and not any(w in p for p in people) and not w[0].isdigit()]
    who = rng.choice(people) if people else rng.choice(M.CANDIDATES)
    w1 = rng.choice(ws) if ws else "pemilu"
    frame = rng.choice(M.RELATED)
    return (frame.replace("{E}", who).replace("{W}", w1.lower()).replace("{W2}", rng.choice(M.TOPICS))
            .replace("{C}", rng.choice(M.CITIES)))


def fill(template: str, rng: random.Random) -> str:
    return (template.replace("{P}", rng.choice(M.CANDIDATES)).replace("{I}", rng.choice(M.INSTITUTIONS))
            .replace("{C}", rng.choice(M.CITIES)).replace("{T}", rng.choice(M.TOPICS))
            .replace("{N}", str(rng.choice([12, 25, 40, 150, 300, 1200]))))


def read_pool() -> list[dict]:
    rows = []
    with open(POOL, encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        t = r["text"].replace("\\n", "\n").replace("\\t", " ").replace("\\r", "").replace("\\\\", "\\")
        t = t.replace("[USERNAME]", "@pengguna").replace("[URL]", "https://t.co/tautan")
        r["text"] = " ".join(t.split())
        rows.append(r)
    return rows


def plain_words(t: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", t.lower()))


def distinct(texts: list[str]) -> list[str]:
    """Texts without a near-duplicate among those kept before them."""
    kept, sets = [], []
    for t in texts:
        s = plain_words(t)
        if any(len(s & o) / max(1, len(s | o)) >= 0.5 for o in sets):
            continue
        kept.append(t)
        sets.append(s)
    return kept


def stamp(rng: random.Random, base: dt.datetime, spread_h: float) -> str:
    t = base + dt.timedelta(seconds=rng.randint(0, int(spread_h * 3600)))
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def claims_split(seed: int) -> dict[str, list]:
    claims = list(M.CLAIMS)
    random.Random(18000).shuffle(claims)
    half = len(claims) // 2
    return {"dev": claims[:half], "heldout": claims[half:]}


def make_claims(name: str, seed: int, mine: list, pool: list[dict]) -> None:
    rng = random.Random(seed)
    listed, unlisted = mine[:LISTED], mine[LISTED:]
    t0 = dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)
    claim_rows, posts = [], []
    for i, (text, lang) in enumerate(listed):
        cid = f"{name[0].upper()}{i + 1:03d}"
        debunked = t0 + dt.timedelta(days=rng.randint(0, 50))
        claim_rows.append([cid, text, rng.choice(["SALAH", "HOAKS", "Disinformasi", "false", "misleading"]),
                           debunked.strftime("%Y-%m-%d"), f"https://cekfakta.example/{name}/{cid.lower()}", lang])
        for j in range(RETELLINGS):
            posts.append((retell(text, lang, rng, j), cid))
    for text, lang in unlisted:
        for j in range(RETELLINGS):
            posts.append((retell(text, lang, rng, j), ""))
    for text, _ in listed:
        for _ in range(2):
            posts.append((noise(related(text, rng), rng), ""))
    for _ in range(240):
        posts.append((noise(fill(rng.choice(M.NEWS), rng), rng), ""))
    for _ in range(40):
        posts.append((noise(fill(rng.choice(M.HOAX_TALK), rng), rng), ""))
    background = [r["text"] for r in pool if r["role"] in ("noise", "issue")]
    rng.shuffle(background)
    start = 0 if name == "dev" else 300
    posts += [(t, "") for t in background[start:start + 300]]
    rng.shuffle(posts)
    rows = []
    for i, (text, truth) in enumerate(posts):
        rows.append([f"{name}-p{i + 1:05d}", rng.choice(["twitter", "tiktok", "facebook", "youtube"]),
                     f"akun{rng.randint(1, 400):04d}", stamp(rng, t0, 24 * 60), "post", text, truth])
    write(OUT / f"claims-{name}.csv", ["id", "claim", "verdict", "date", "url", "lang"], claim_rows)
    write(OUT / f"posts-{name}.csv",
          ["post_id", "platform", "author", "created_at", "kind", "text", "truth_claim"], rows)


CHANGE = {"yang": "yg", "tidak": "gak", "sudah": "udah", "dengan": "dgn", "untuk": "buat", "sangat": "banget",
          "saya": "aku", "kita": "kami", "ini": "nih", "itu": "tuh", "dan": "&", "harus": "mesti"}
FILLERS = ["sih", "banget", "loh", "dong", "deh", "pokoknya", "pasti"]


def edit_copy(msg: str, rng: random.Random) -> str:
    ws = msg.split(" ")
    edits = rng.choice([0, 1, 1, 2, 2, 3])
    word_edits = 2 if len(ws) >= 15 and rng.random() < 0.5 else 1
    text_ws = list(ws)
    kinds = rng.sample(["handle", "tag", "link", "emoji", "word", "case"], edits)
    if "word" in kinds:
        for _ in range(word_edits):
            i = rng.randrange(len(text_ws))
            w = text_ws[i]
            r = rng.random()
            if w.lower() in CHANGE and r < 0.5:
                text_ws[i] = CHANGE[w.lower()]
            elif r < 0.75:
                text_ws.insert(i, rng.choice(FILLERS))
            else:
                text_ws[i] = rng.choice(FILLERS)
    text = " ".join(text_ws)
    if "case" in kinds:
        text = rng.choice([str.lower, str.upper])(text)
    if "handle" in kinds:
        text = rng.choice(HANDLES) + " " + text if rng.random() < 0.5 else text + " " + rng.choice(HANDLES)
    if "tag" in kinds:
        text += " " + rng.choice(TAGS)
    if "link" in kinds:
        text += " " + link(rng)
    if "emoji" in kinds:
        text += " " + rng.choice(EMOJI) * rng.randint(1, 3)
    return text


SHORT = ["Ayo coblos 02 🔥", "Mantap pak, lanjutkan!", "Setuju banget sama ini", "Amin paling serius",
         "Wkwkwk ada-ada saja", "Pemilu damai ya gaes", "Gas terus pak Anies", "Ganjar Mahfud menang",
         "Jangan golput ya!", "Semangat relawan!", "Hidup rakyat Indonesia", "Mantul pokoknya"]


def make_copies(name: str, seed: int, pool: list[dict]) -> None:
    rng = random.Random(seed + 500)
    texts = [r["text"] for r in pool]
    texts = distinct(sorted(set(texts), key=texts.index))
    rng.shuffle(texts)
    half = len(texts) // 2
    mine = texts[:half] if name == "dev" else texts[half:]
    bases = [t for t in mine if 10 <= len(t.split()) <= 40][:30]
    others = [t for t in mine if t not in bases]
    background = others[:400]
    fillers = others[400:]
    t0 = dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc)
    posts = []  # (text, truth, kind)
    for c, base in enumerate(bases):
        cid = f"camp{c + 1:02d}"
        tag, url = rng.choice(TAGS), link(rng)
        message = base + (" " + tag if rng.random() < 0.5 else "")
        for _ in range(rng.randint(3, 25)):
            posts.append((edit_copy(message, rng), cid, "post"))
        ws = base.split(" ")
        for _ in range(2):
            k = rng.randint(4, 6)
            i = rng.randrange(0, max(1, len(ws) - k))
            phrase = " ".join(ws[i:i + k])
            posts.append((f"{fillers.pop()} {phrase}", "", "post"))
        # A quote of most of it with the poster's own commentary.
        for _ in range(2):
            k = max(5, int(len(ws) * rng.uniform(0.5, 0.7)))
            i = rng.randrange(0, max(1, len(ws) - k + 1))
            own = " ".join(fillers.pop().split()[: max(4, int(len(ws) * rng.uniform(0.4, 0.7)))])
            quoted = " ".join(ws[i:i + k])
            posts.append((f'"{quoted}" {own}' if rng.random() < 0.5 else f"{own}: {quoted}", "", "post"))
        posts.append((f"{fillers.pop()} {tag}", "", "post"))
        posts.append((f"{fillers.pop()} {url}", "", "post"))
        for _ in range(2):
            posts.append((f"RT {rng.choice(HANDLES)}: {message}", "", "repost"))
    for s in SHORT:
        for _ in range(rng.randint(5, 10)):
            posts.append((noise(s, rng), "", "post"))
    posts += [(t, "", "post") for t in background]
    rng.shuffle(posts)
    rows = []
    for i, (text, truth, kind) in enumerate(posts):
        rows.append([f"{name}-c{i + 1:05d}", rng.choice(["twitter", "tiktok", "facebook", "instagram"]),
                     f"akun{rng.randint(1, 2000):04d}", stamp(rng, t0, 72), kind, text, truth])
    write(OUT / f"copies-{name}.csv",
          ["post_id", "platform", "author", "created_at", "kind", "text", "truth_cluster"], rows)


def main() -> None:
    pool = read_pool()
    split = claims_split(18000)
    for name, seed in SPLITS:
        make_claims(name, seed, split[name], pool)
        make_copies(name, seed, pool)
    for p in sorted(OUT.glob("*.csv")):
        print(f"{p.relative_to(ROOT)}  {sum(1 for _ in open(p, encoding='utf-8')) - 1} rows  "
              f"sha256 {hashlib.sha256(p.read_bytes()).hexdigest()[:16]}")


if __name__ == "__main__":
    main()
