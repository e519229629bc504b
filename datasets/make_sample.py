#!/usr/bin/env python3
"""Generate suara's bundled sample: a synthetic Pemilu 2024 social-media collection.

Python 3.11, standard library only.  Two steps:

    python3 datasets/make_sample.py --build-pool /work/shared/data   # step 1
    python3 datasets/make_sample.py [--seed 2024]                   # step 2 (default)

Step 1 (``--build-pool DATA_DIR``) reads the permissively licensed source sets
(IndoNLU SmSA and EmoT, MIT; Hyuto's 2021 vaccine tweets, MIT), selects the
texts the sample needs and writes them verbatim -- with source file, row,
label, role and the person names found -- to ``datasets/sample-pool/texts.tsv``,
plus the licence notices to ``datasets/sample-pool/LICENSES.md``.  NusaX, InSet,
kamus-alay and Sastrawi are never read.  Selection drops texts with slurs,
violence or religious/ethnic hate (BLOCK_RE), texts that state facts about a
person (FACTUAL_RE), and texts bound to a role or time of a person who is not a
2024 candidate (ROLE_BOUND_RE, OTHER_PEOPLE_RE).

Step 2 (the default) reads only that committed pool and writes the five export
files of the sample (see datasets/sample/README.md for layouts and counts).
Nothing else is read, so anyone can rebuild the sample from the repository.

What is real, what is substituted and what is written
------------------------------------------------------
* real -- a pool text used as is, after light clean-up: SmSA's tokenisation is
  undone ("tempat nya ." -> "tempatnya.") and sentence case restored (for 80 %
  of uses; the rest stay lower-case like many real posts); EmoT's
  ``[USERNAME]`` becomes a fictional @handle and ``[URL]`` a t.co link;
  @handles and t.co links inside the vaccine tweets are replaced the same way
  (their authors are not used).  "2019" becomes "2024" in political texts.
* substituted -- a real political text (mostly 2017-2019: Jokowi, Prabowo,
  Sandiaga, Anies, Ahok ...) whose *person names* are replaced by the 2024
  candidate the post is assigned to (``substitute``): each source person maps
  to one target; running mates in the source (Jokowi+Ma'ruf, Prabowo+Sandi,
  Anies+Sandi) map to the two candidates of one 2024 ticket, rivals to
  candidates of two tickets; the name form is kept (full name -> full name,
  "pak X" -> honorific form, bare -> short name); "presiden X" becomes
  "capres/cawapres X".  A source person who is a 2024 candidate is kept when
  the post is about that candidate (then the post counts as *real*).  Texts
  marked ``fixed`` in the pool (bound to the person's role, or naming other
  real people) are only used for the person they were written about.
* written -- short election-context sentences written for suara (the
  templates W_* / EN_* / NEWS_HEADLINES / BUZZER_SCRIPTS / LONG_POST below:
  debate reactions, campaign talk, vote day and quick count, fraud and hoax
  talk, the "gimmick" criticism, comparisons, English posts, news headlines,
  the buzzer cluster, the "amin"/"ganjaran" traps).  They are the author's own
  text.  The run prints their share and fails if it exceeds 25 % of the posts
  (retweets of written posts counted as written).
Every account, page, channel, handle, URL and metric is fictional.  The 2024
candidates, parties and institutions are real; the opinions are not theirs.

How the content is planned
--------------------------
Each platform's posts are spread over the days 28 Nov 2023 - 20 Mar 2024 by
``day_weight`` (rising baseline, debates, quiet period, vote day, KPU day),
with an on-topic stream and a nearly flat off-topic stream.  For every
on-topic post the Planner draws a ticket by share of voice (02 .45, 01 .30,
03 .20), a candidate, and a tone.  Tones are dealt by quota per candidate and
ISO week (``sentiment_for``): 33 % positive / 47 % negative / 20 % neutral for
every candidate, except inside the two signal windows (77 % negative).  A
real text with that tone is then picked (least-used first, each text at most
6 times, neutral 8), else a written one.  Fraud and hoax posts are drawn with
a date-dependent probability (``fraud_p``, ``hoax_p``).

Determinism: one ``random.Random(seed)`` from which child generators are drawn
in a fixed order; no wall clock; only lists and insertion-ordered dicts reach
the output; gzip with mtime=0.  Same seed => byte-identical files (checked
with different PYTHONHASHSEED values).  The sha256 of every file is printed.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "sample")
POOL_DIR = os.path.join(os.path.dirname(SAMPLE), "sample-pool")
POOL_TSV = os.path.join(POOL_DIR, "texts.tsv")
POOL_LIC = os.path.join(POOL_DIR, "LICENSES.md")

UTC = dt.timezone.utc
WIB = dt.timezone(dt.timedelta(hours=7))

# --------------------------------------------------------------------------
# Calendar of Pemilu 2024 (dates in WIB)
# --------------------------------------------------------------------------
D = dt.date
FIRST_DAY = D(2023, 11, 28)          # campaign starts
LAST_DAY = D(2024, 3, 20)            # KPU announces the national result
DEBATES = [  # date, kind, topics (id), topics (en)
    (D(2023, 12, 12), "capres",
     ["hukum", "HAM", "pemberantasan korupsi", "demokrasi", "pelayanan publik"],
     ["law", "human rights", "corruption", "democracy", "public services"]),
    (D(2023, 12, 22), "cawapres",
     ["ekonomi", "pajak", "investasi", "ekonomi digital", "APBN"],
     ["the economy", "tax", "investment", "the digital economy", "the budget"]),
    (D(2024, 1, 7), "capres",
     ["pertahanan", "alutsista", "geopolitik", "hubungan internasional", "keamanan"],
     ["defence", "military spending", "geopolitics", "foreign policy", "security"]),
    (D(2024, 1, 21), "cawapres",
     ["lingkungan hidup", "energi", "pangan", "agraria", "masyarakat adat"],
     ["the environment", "energy", "food security", "land reform", "indigenous rights"]),
    (D(2024, 2, 4), "capres",
     ["pendidikan", "kesehatan", "kesejahteraan sosial", "kebudayaan", "teknologi informasi"],
     ["education", "health", "social welfare", "culture", "technology"]),
]
DEBATE_DAYS = [d[0] for d in DEBATES]
QUIET = [D(2024, 2, 11), D(2024, 2, 12), D(2024, 2, 13)]
END_TS = dt.datetime(2024, 3, 21, tzinfo=WIB)   # end of the collection (exclusive)
VOTE_DAY = D(2024, 2, 14)
RESULT_DAY = D(2024, 3, 20)

# signal windows (WIB datetimes): [start, end)
def _wib(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=WIB)

SIG_PRABOWO = (_wib(2024, 1, 7, 21, 30), _wib(2024, 1, 15))      # (a)
SIG_GIBRAN = (_wib(2024, 1, 21, 21, 30), _wib(2024, 1, 29))      # (b)
SIG_FRAUD = (_wib(2024, 2, 15), _wib(2024, 2, 26))               # (c)
# (d) hoaks: from 19:00 WIB on each debate day to the end of the 2nd day after

BASE_SENT = {"positive": 0.33, "negative": 0.47, "neutral": 0.20}   # same for every target

# --------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------
TARGETS = {
    "prabowo": dict(ticket="02", role="capres", short="prabowo", hon="pak prabowo", full="prabowo subianto"),
    "gibran": dict(ticket="02", role="cawapres", short="gibran", hon="mas gibran", full="gibran rakabuming raka"),
    "anies": dict(ticket="01", role="capres", short="anies", hon="pak anies", full="anies baswedan"),
    "muhaimin": dict(ticket="01", role="cawapres", short="cak imin", hon="gus muhaimin", full="muhaimin iskandar"),
    "ganjar": dict(ticket="03", role="capres", short="ganjar", hon="pak ganjar", full="ganjar pranowo"),
    "mahfud": dict(ticket="03", role="cawapres", short="mahfud", hon="prof mahfud", full="mahfud md"),
}
TICKETS = {
    "01": dict(capres="anies", cawapres="muhaimin", sov=0.30,
               names=["Anies-Muhaimin", "AMIN", "paslon 01", "Anies-Cak Imin", "pasangan AMIN"],
               tags=["AMIN2024", "AniesMuhaimin", "AminAjaDulu", "AniesBaswedan"],
               progs=["perubahan", "Desak Anies", "keadilan sosial", "harga pangan murah"]),
    "02": dict(capres="prabowo", cawapres="gibran", sov=0.45,
               names=["Prabowo-Gibran", "paslon 02", "Prabowo-Gibran", "pasangan 02", "Prabowo Gibran"],
               tags=["PrabowoGibran2024", "PrabowoGibran", "PrabowoGibranMenang", "02Melanjutkan"],
               progs=["makan siang gratis", "hilirisasi", "melanjutkan IKN", "susu gratis"]),
    "03": dict(capres="ganjar", cawapres="mahfud", sov=0.20,
               names=["Ganjar-Mahfud", "paslon 03", "Ganjar Mahfud", "pasangan 03", "GAMA"],
               tags=["GanjarMahfud2024", "GanjarMahfud", "GanjarPresiden", "SatSetTasTes"],
               progs=["KTP Sakti", "internet gratis", "satu desa satu puskesmas", "sekolah gratis 12 tahun"]),
}
TICKET_ORDER = ["02", "01", "03"]
CAWAPRES_SHARE = {"02": 0.36, "01": 0.27, "03": 0.27}

# --------------------------------------------------------------------------
# SUBSTITUTION: source persons in the 2017-2019 texts
# --------------------------------------------------------------------------
# id -> (regex of the name, full-name alternatives, role in source, running mates)
SRC_PERSONS = {
    "jokowi": (r"joko widodo|jokowi|jkw", ("joko widodo",), "C"),
    "prabowo": (r"prabowo subianto|prabowo|wowo", ("prabowo subianto",), "C"),
    "sandi": (r"sandiaga salahuddin uno|sandiaga uno|sandiaga|sandi uno|sandi", ("sandiaga salahuddin uno", "sandiaga uno", "sandi uno"), "V"),
    "anies": (r"anies rasyid baswedan|anies baswedan|anis baswedan|anies|anis", ("anies rasyid baswedan", "anies baswedan", "anis baswedan"), "C"),
    "ahok": (r"basuki tjahaja purnama|ahok", ("basuki tjahaja purnama",), "C"),
    "maruf": (r"(?:kh |kiai |kyai )?ma ?' ?ruf amin|(?:kh |kiai |kyai )?ma ?' ?ruf", ("ma'ruf amin",), "V"),
    "ganjar": (r"ganjar pranowo|ganjar", ("ganjar pranowo",), "C"),
    "gibran": (r"gibran rakabuming raka|gibran rakabuming|gibran", ("gibran rakabuming raka", "gibran rakabuming"), "V"),
    "mahfud": (r"mahfud md|mahfud", ("mahfud md",), "V"),
    "muhaimin": (r"muhaimin iskandar|muhaimin|cak imin", ("muhaimin iskandar",), "V"),
}
RUNNING_MATES = [("jokowi", "maruf"), ("prabowo", "sandi"), ("anies", "sandi"), ("ganjar", "mahfud"),
                 ("prabowo", "gibran"), ("anies", "muhaimin")]
SAME_PERSON = {"prabowo": "prabowo", "anies": "anies", "ganjar": "ganjar", "gibran": "gibran",
               "mahfud": "mahfud", "muhaimin": "muhaimin"}
TITLES = r"presiden|capres|cawapres|pak|bapak|bpk|bang|mas|kang|cak|gus|pakde|pak de|mbak"
_NAME_ALT = "|".join("(?:%s)" % SRC_PERSONS[p][0] for p in SRC_PERSONS)
NAME_RE = re.compile(r"(?<![\w@])(?:(?P<title>%s) )?(?P<name>%s)(?![\w'])" % (TITLES, _NAME_ALT), re.I)
# texts that state facts about a person: only used for that same person
FACTUAL_RE = re.compile(r"\b(kpk|korupsi|koruptor|tersangka|terdakwa|penjara|dipenjara|ditahan|diperiksa|periksa|"
                        r"suap|e-ktp|ektp|narkoba|dipecat|lengser|vonis|divonis|sidang|polisi|kapolda|ham|"
                        r"penculikan|menculik|selingkuh|cerai|ijazah|utang|hutang|orang ?tua ?nya|orang tua|bui|istri|suami|"
                        r"cucu|kasus|skandal\w*|manipulasi|kecurangan|curang|elektabilitas|persen|pendamping)\b", re.I)
# the same, for texts that name no person (curang / kecurangan are what the fraud signal needs)
ISSUE_FACTUAL_RE = re.compile(FACTUAL_RE.pattern.replace("|manipulasi|kecurangan|curang", ""), re.I)
# texts bound to their original time / role
ROLE_BOUND_RE = re.compile(r"\b(gubernur|gub|wagub|wakil gubernur|cagub|cawagub|pilkada|pilgub|dki|"
                           r"wali ?kota|wakil presiden|wapres|menteri|kabinet|periode|2014|2017|2018|"
                           r"reklamasi|revolusi mental|nawacita|kartu kuning|zaadit|hatta|ahy|agus harimurti|"
                           r"sby|yudhoyono|djarot|pakde|pak de|tgb|gatot|pemerintahan|masa jabatan|"
                           r"presiden (?:indonesia|ri|kita|satu itu|yang|paling|tercerdas|lagi)|adalah presiden|"
                           r"punya presiden|presiden lagi|naik lagi|pilih \w+ lagi|petahana|incumbent|memiliki presiden|"
                           r"presiden ?ku|presiden nya saya|masih jadi presiden|jadi presiden negara|sebagai presiden|"
                           r"era presiden|era|pm|perdana menteri|kepala negara|perang dagang|dipimpin oleh \w+ lagi|"
                           r"suramadu|jalan tol|tol|blusukan|sertifikat|infrastruktur)\b", re.I)
BLOCK_RE = re.compile(r"\b(cina|china|tionghoa|aseng|asing|yahudi|kafir|penista|penistaan|komunis|pki|"
                      r"antek|monyet|babi|anjing|anjir|bangsat|bajingan|iblis|setan|binatang|kontol|memek|"
                      r"ngentot|tai|taik|tembak|bunuh|dibunuh|membunuh|mati|eksekusi|gantung|penggal|bakar|"
                      r"rizieq|riziq|rizik|habib|fpi|hti|212|k212|ulama|kadrun|sara|pantat|bopeng|"
                      r"amin rais|amien|amien rais|amin raos|pelacur|lonte|bencong|banci|idiot|"
                      r"kampreto|pribumi|teroris|radikal|stroke|sakit jiwa|laknat|dilaknat|bejad|bejat|murtad|hrs|gorilla|"
                      r"gondoruwo|papua|jamban|celeng|bom|ngebom|dibom|mampus|modar|prabocor|amin rakus|atheis|ateis|"
                      r"athei\w*|akherat|seta+n)\b", re.I)
# mild insults (gila, goblok, bodoh, cebong, kampret ...) are kept: they are what political posts sound like
ELECTION_RE = re.compile(r"\b(pemilu|pilpres|capres|cawapres|kpu|bawaslu|partai|kampanye|debat|hoax|hoaks|"
                         r"curang|kecurangan|golput|tps|surat suara|politik uang|pdip|gerindra|pks|pkb|nasdem|"
                         r"golkar|demokrat|perindo|psi|hanura|dpr|caleg|koalisi|oposisi|elektabilitas|survei|"
                         r"pemimpin|pemerintah|presiden)\b", re.I)
CAND_RE = re.compile(r"\b(prabowo|gibran|anies|anis|muhaimin|imin|ganjar|mahfud|sandi|sandiaga|jokowi|jkw|"
                     r"ahok|ma ?' ?ruf|wowo|bowo|amin|aamiin|amiin|aamin|ganjaran|capres|cawapres)\b", re.I)
AMEN_RE = re.compile(r"\b(amin|aamiin|amiin|aamin|amiiin)\b", re.I)
# other real people named in a text: such a text is only used for the person it was written about
OTHER_PEOPLE_RE = re.compile(r"\b(megawati|mega|puan|sby|ahy|fadli zon|fadli|fahri|fahri hamzah|ruhut|denny|"
                             r"setya novanto|setnov|novanto|jk|jusuf kalla|kalla|tito|susi|risma|ridwan kamil|emil|"
                             r"deddy mizwar|demiz|demul|dedi mulyadi|hary tanoe|surya paloh|paloh|zulkifli|zulhas|"
                             r"ahmad dhani|dhani|rocky gerung|rocky|ngabalin|moeldoko|luhut|sri mulyani|yusril|"
                             r"hasto|airlangga|yenny|gus dur|hasyim|bambang|novel|soeharto|habibie|amien|"
                             r"fahira|neno|ratna sarumpaet|ratna|hanum|mardani|sohibul|ngabalin|tjahjo|wiranto|"
                             r"budiman|adian|dahnil|andi arief|ferdinand|tengku|haikal|felix|abu janda|"
                             r"kivlan|eggi|gatot nurmantyo|anis matta|ma'ruf|zaadit|zaadith|yasin|hatta|bahar|agus|gayus|"
                             r"mahathir|sbyudhoyono|agusyudhoyono|verro|vero|veronica|ceko|senat|wef|asean|aisyah|"
                             r"umar|suharto|soekarno)\b", re.I)
MALAY_RE = re.compile(r"\b(perdana menteri|pkp|yab|kkm|parlimen|mosti|kerajaan|daripada|rakyat malaysia|malaysia|"
                      r"selangor|sabah|sarawak|johor|kelantan|dos)\b", re.I)

# --------------------------------------------------------------------------
# Step 1: build the pool
# --------------------------------------------------------------------------
SMSA = "indonlu-smsa/dataset/smsa_doc-sentiment-prosa/%s_preprocess.tsv"
EMOT = "indonlu-emot/dataset/emot_emotion-twitter/%s_preprocess.csv"
VAKSIN = "id-vaksin2021-tweets-hyuto/data/sample-data.csv"
POOL_COLS = ["pool_id", "source", "source_file", "source_row", "label", "role", "persons", "fixed", "text"]
CANDIDATES_2024 = ("prabowo", "gibran", "anies", "muhaimin", "ganjar", "mahfud")


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def _unesc(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"\\": "\\", "t": "\t", "r": "\r", "n": "\n"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def persons_in(text: str) -> list[str]:
    """Source persons named in a text, in order of first appearance."""
    found = []
    for m in NAME_RE.finditer(text):
        p = _which_person(m.group("name"))
        if p and p not in found:
            found.append(p)
    return found


def _which_person(name: str) -> str | None:
    n = name.lower()
    for p, (rx, _full, _role) in SRC_PERSONS.items():
        if re.fullmatch(rx, n):
            return p
    return None


def _plausible(ps: list[str], text: str) -> bool:
    """Reject texts where a name is probably not the person, or 'amin' is Ma'ruf Amin (not the 2024 AMIN)."""
    if "sandi" in ps and not re.search(r"sandiaga|pak sandi|bang sandi|sandi uno|anies|anis|prabowo", text, re.I):
        return False          # "kata sandi", "apalin sandi": a password, not Sandiaga Uno
    if AMEN_RE.search(text):
        return False
    return True


def _norm_key(t: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()


def build_pool(data_dir: str, seed: int) -> None:
    rng = random.Random(seed)
    rows: list[dict] = []
    seen: dict[str, int] = {}

    def add(source, fname, rowno, label, role, persons, text, fixed=False):
        key = _norm_key(text)
        if key in seen:
            return False
        seen[key] = 1
        pid = "%s-%s-%05d" % (source, os.path.basename(fname).split("_")[0].split(".")[0], rowno)
        rows.append(dict(pool_id=pid, source=source, source_file=fname, source_row=str(rowno),
                         label=label, role=role, persons=";".join(persons), fixed="1" if fixed else "0",
                         text=text))
        return True

    # ---- SmSA (MIT) ----
    smsa_noise_amen = []
    for split in ["train", "valid"]:
        fname = SMSA % split
        with open(os.path.join(data_dir, fname), encoding="utf-8") as f:
            for rowno, line in enumerate(f, 1):
                text, label = line.rstrip("\n").split("\t")
                if BLOCK_RE.search(text) or len(text) > 420 or len(text) < 12:
                    continue
                ps = persons_in(text)
                if ps:
                    if len(ps) > 2 or not _plausible(ps, text):
                        continue
                    if FACTUAL_RE.search(text):
                        continue      # states facts about a person: not re-dated into 2024, not moved
                    bound = bool(ROLE_BOUND_RE.search(text) or OTHER_PEOPLE_RE.search(text))
                    if bound and not all(p in CANDIDATES_2024 for p in ps):
                        continue      # bound to a person who is not a 2024 candidate: cannot be used
                    add("smsa", fname, rowno, label, "political", ps, text, fixed=bound)
                elif AMEN_RE.search(text) and not ELECTION_RE.search(text):
                    smsa_noise_amen.append((fname, rowno, label, text))
                elif ELECTION_RE.search(text) and not ROLE_BOUND_RE.search(text) and not ISSUE_FACTUAL_RE.search(text) \
                        and re.search(r"\b(pemilu|pilpres|capres|cawapres|kpu|bawaslu|partai|kampanye|debat|"
                                      r"hoax|hoaks|curang|kecurangan|golput|tps|politik|koalisi|oposisi|"
                                      r"pdip|gerindra|pks|pkb|nasdem|golkar|elektabilitas|survei)\b", text):
                    add("smsa", fname, rowno, label, "issue", [], text)
    for fname, rowno, label, text in smsa_noise_amen:
        add("smsa", fname, rowno, label, "amen", [], text)

    # ---- EmoT (MIT) ----
    emot_noise = []
    for split in ["train", "valid"]:
        fname = EMOT % split
        with open(os.path.join(data_dir, fname), encoding="utf-8", newline="") as f:
            r = csv.reader(f)
            next(r)
            for rowno, rec in enumerate(r, 1):
                label, text = rec[0], rec[1]
                if BLOCK_RE.search(text) or len(text) < 15:
                    continue
                ps = persons_in(text)
                tail = text.rstrip().lower()
                truncated_name = any(tail.endswith(x) for x in ("ganjar", "sandi", "anis", "amin"))
                if ps and not truncated_name:
                    if len(ps) > 2 or not _plausible(ps, text):
                        continue
                    if FACTUAL_RE.search(text):
                        continue
                    bound = bool(ROLE_BOUND_RE.search(text) or OTHER_PEOPLE_RE.search(text))
                    if bound and not all(p in CANDIDATES_2024 for p in ps):
                        continue
                    add("emot", fname, rowno, label, "political", ps, text, fixed=bound)
                elif re.search(r"\bganjaran", text, re.I):
                    add("emot", fname, rowno, label, "ganjaran", [], text)
                elif AMEN_RE.search(text) and not CAND_RE.search(re.sub(AMEN_RE, "", text)):
                    add("emot", fname, rowno, label, "amen", [], text)
                elif ELECTION_RE.search(text) and not ISSUE_FACTUAL_RE.search(text) and not ROLE_BOUND_RE.search(text) \
                        and re.search(r"\b(pemilu|pilpres|capres|kpu|bawaslu|partai|kampanye|debat|hoax|hoaks|"
                                      r"golput|politik|koalisi|oposisi)\b", text, re.I):
                    add("emot", fname, rowno, label, "issue", [], text)
                elif not CAND_RE.search(text) and not ELECTION_RE.search(text) and "[URL]" not in text[:5]:
                    emot_noise.append((fname, rowno, label, text))
    rng.shuffle(emot_noise)
    n_noise = 0
    for fname, rowno, label, text in emot_noise:
        if n_noise >= 880:
            break
        if add("emot", fname, rowno, label, "noise", [], text):
            n_noise += 1

    # ---- Vaccine tweets 2021 (MIT), Hyuto/skripsi ----
    vaks = []
    with open(os.path.join(data_dir, VAKSIN), encoding="utf-8", newline="") as f:
        for rowno, rec in enumerate(csv.DictReader(f), 1):
            text = rec["content"]
            if CAND_RE.search(text) or MALAY_RE.search(text) or BLOCK_RE.search(text):
                continue
            if len(text) > 280 or len(text) < 40:
                continue
            vaks.append((VAKSIN, rowno, rec["label"], text))
    rng.shuffle(vaks)
    n_v = 0
    for fname, rowno, label, text in vaks:
        if n_v >= 420:
            break
        if add("vaksin", fname, rowno, label if label != "" else "unlabelled", "vaksin", [], text):
            n_v += 1

    rows.sort(key=lambda r: (r["source"], r["source_file"], int(r["source_row"])))
    os.makedirs(POOL_DIR, exist_ok=True)
    with open(POOL_TSV, "w", encoding="utf-8", newline="\n") as f:
        f.write("# suara sample text pool, built by datasets/make_sample.py --build-pool. Columns are tab-separated;\n")
        f.write("# in `text`, \\n \\t \\r and \\\\ are escaped. source_row is the 1-based data row in source_file\n")
        f.write("# (header not counted). Licences: see LICENSES.md next to this file.\n")
        f.write("\t".join(POOL_COLS) + "\n")
        for r in rows:
            f.write("\t".join(_esc(r[c]) for c in POOL_COLS) + "\n")

    lic_smsa = open(os.path.join(data_dir, "indonlu-smsa/LICENSE"), encoding="utf-8").read().strip()
    lic_emot = open(os.path.join(data_dir, "indonlu-emot/LICENSE"), encoding="utf-8").read().strip()
    lic_vak = open(os.path.join(data_dir, "id-vaksin2021-tweets-hyuto/LICENSE"), encoding="utf-8").read().strip()
    prov = {}
    for d in ["indonlu-smsa", "indonlu-emot", "id-vaksin2021-tweets-hyuto"]:
        p = os.path.join(data_dir, d, ".provenance")
        prov[d] = open(p, encoding="utf-8").read().split()[0] if os.path.exists(p) else "unknown"
    with open(POOL_LIC, "w", encoding="utf-8", newline="\n") as f:
        f.write(LICENSES_MD.format(smsa=lic_smsa, emot=lic_emot, vak=lic_vak,
                                   c_indonlu=prov["indonlu-smsa"], c_emot=prov["indonlu-emot"],
                                   c_vak=prov["id-vaksin2021-tweets-hyuto"]))
    counts: dict[str, int] = {}
    for r in rows:
        k = r["source"] + "/" + r["role"]
        counts[k] = counts.get(k, 0) + 1
    print("pool: %d texts -> %s" % (len(rows), os.path.relpath(POOL_TSV)))
    for k in sorted(counts):
        print("  %-20s %5d" % (k, counts[k]))
    print("  size %.0f kB" % (os.path.getsize(POOL_TSV) / 1024))


LICENSES_MD = """# Licences of the texts in `texts.tsv`

`texts.tsv` holds verbatim texts selected by `datasets/make_sample.py --build-pool`
from three MIT-licensed sources. Each row names its source file and row.
The sample files in `datasets/sample/` are derived from these texts (cleaned,
some with names substituted; see `datasets/sample/README.md`) together with
text written for suara.

## IndoNLU — SmSA and EmoT

* SmSA: `dataset/smsa_doc-sentiment-prosa/{{train,valid}}_preprocess.tsv`
* EmoT: `dataset/emot_emotion-twitter/{{train,valid}}_preprocess.csv`
* Repository: https://github.com/indobenchmark/indonlu (commit {c_indonlu})
* Cite: Bryan Wilie, Karissa Vincentio, Genta Indra Winata, Samuel Cahyawijaya,
  Xiaohong Li, Zhi Yuan Lim, Sidik Soleman, Rahmad Mahendra, Pascale Fung,
  Syafri Bahar, Ayu Purwarianti. "IndoNLU: Benchmark and Resources for
  Evaluating Indonesian Natural Language Understanding". AACL-IJCNLP 2020.

LICENSE (SmSA):

```
{smsa}
```

LICENSE (EmoT; same text as the repository's):

```
{emot}
```

## Vaccine tweets 2021 — Hyuto/skripsi

* File: `data/sample-data.csv` (tweets scraped with snscrape, query
  `vaksin (covid OR corona)`, 2021). Only the tweet text is used; user names
  and URLs are not, and @handles / t.co links inside the texts are replaced
  with fictional ones in the sample.
* Repository: https://github.com/Hyuto/skripsi (commit {c_vak})

LICENSE:

```
{vak}
```
"""

# --------------------------------------------------------------------------
# Step 2 helpers: pool loading and text clean-up
# --------------------------------------------------------------------------


def load_pool() -> list[dict]:
    if not os.path.exists(POOL_TSV):
        sys.exit("no pool at %s: run `python3 datasets/make_sample.py --build-pool DATA_DIR` first" % POOL_TSV)
    out = []
    with open(POOL_TSV, encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if header is None:
                header = parts
                continue
            r = dict(zip(header, [_unesc(p) for p in parts]))
            r["persons"] = [p for p in r["persons"].split(";") if p]
            out.append(r)
    return out


def detok_smsa(t: str) -> str:
    """Undo SmSA's tokenisation: spaces before punctuation, split -nya, quotes."""
    t = re.sub(r" ' ", "'", t)
    t = re.sub(r"(\d) ([.,]) (\d)", r"\1\2\3", t)
    t = re.sub(r"(\d) %", r"\1%", t)
    t = re.sub(r" ([.,!?;:)])", r"\1", t)
    t = re.sub(r"\( ", "(", t)
    t = re.sub(r'" ([^"]*?) "', r'"\1"', t)
    t = re.sub(r"(\w) (nya|lah|kah|ku|mu)\b", r"\1\2", t)
    t = re.sub(r"([.!?]){2,}", lambda m: m.group(0)[0] * min(len(m.group(0)), 3), t)
    t = re.sub(r"\s+", " ", t).strip()
    return t


def sentence_case(t: str) -> str:
    t = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), t)
    return t


def _case_like(src: str, new: str) -> str:
    if src.isupper() and len(src) > 1:
        return new.upper()
    if src[:1].isupper():
        return " ".join(w[:1].upper() + w[1:] for w in new.split(" "))
    return new


def title_name(s: str) -> str:
    out = []
    for w in s.split(" "):
        if w in ("md",):
            out.append("MD")
        elif w in ("pak", "mas", "gus", "prof", "cak", "bu", "mbak", "abah"):
            out.append(w.capitalize())
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def substitute(text: str, mapping: dict[str, str], rng: random.Random, cap: bool) -> str:
    """Replace source persons by 2024 targets. mapping: source person -> target id."""
    used_full: dict[str, bool] = {}

    def rep(m):
        src_name = m.group("name")
        p = _which_person(src_name)
        tgt = mapping.get(p)
        if tgt is None:
            return m.group(0)
        title = (m.group("title") or "").lower()
        T = TARGETS[tgt]
        is_full = src_name.lower() in SRC_PERSONS[p][1] or " " in src_name.strip()
        if p == tgt and title not in ("presiden",):
            return m.group(0)  # the person is a 2024 candidate: keep the text as written
        if is_full and not used_full.get(tgt):
            new = T["full"]
            used_full[tgt] = True
        elif title in ("pak", "bapak", "bpk", "bang", "mas", "kang", "cak", "gus", "mbak"):
            new = T["hon"]
        else:
            new = T["short"]
        if title in ("presiden", "capres", "cawapres"):
            new = T["role"] + " " + (T["short"] if not is_full else T["full"])
        if cap:
            new = title_name(new)
        return _case_like(m.group(0), new) if not cap else new

    t = NAME_RE.sub(rep, text)
    t = re.sub(r"\b2019\b", "2024", t)
    t = re.sub(r"\b(pilpres|pemilu) 2024 lalu\b", r"\1 2024", t)
    return t


# --------------------------------------------------------------------------
# Fictional people, handles, places
# --------------------------------------------------------------------------
FIRST = ["agus", "budi", "dewi", "sri", "siti", "rina", "andi", "eko", "fajar", "rizky", "putri", "nur", "wahyu",
         "dian", "yusuf", "ahmad", "arif", "bayu", "citra", "dimas", "fitri", "galih", "hendra", "indah", "kurnia",
         "lestari", "maya", "nanda", "oki", "puspita", "rahmat", "sari", "teguh", "umar", "vina", "wulan", "yoga",
         "zaki", "ayu", "bagus", "dodi", "erwin", "gita", "hana", "ilham", "jihan", "kevin", "lukman", "mega",
         "nisa", "rudi", "sinta", "tono", "yanti", "reza", "fikri", "dinda", "aldi", "tiara", "farhan", "salsa",
         "raka", "nadia", "ilyas", "kiki", "ratna", "hesti", "danu", "yudha", "intan", "bima", "laras", "wira",
         "tika", "ferry", "jefri", "asep", "ujang", "cecep", "neng", "ucok", "butet", "daeng", "made", "ketut",
         "komang", "wayan", "niken", "ajeng", "ghina", "syifa", "rafi", "aulia", "bintang", "cahya", "dara"]
LAST = ["pratama", "saputra", "wijaya", "santoso", "hidayat", "nugroho", "setiawan", "kurniawan", "rahman",
        "siregar", "nasution", "harahap", "simanjuntak", "tanjung", "purba", "sitompul", "gunawan", "susanto",
        "hakim", "ramadhan", "firmansyah", "permana", "maulana", "syahputra", "anggraini", "utami", "rahayu",
        "handayani", "putra", "putri", "lubis", "sembiring", "ginting", "daulay", "pohan", "situmorang",
        "manurung", "wardani", "astuti", "yulianti", "suryani", "hasibuan", "effendi", "sulistyo", "prasetyo",
        "hartono", "halim", "fauzi", "iskandar", "syarif"]
HANDLE_WORDS = ["bang", "mas", "mbak", "kang", "si", "real", "jkt", "bdg", "sby", "mdn", "mks", "solo", "jogja",
                "warga", "netizen", "rakyat", "kopi", "senja", "anak", "receh", "akun", "cuma", "lagi", "kata",
                "bukan", "mbok", "kak", "om", "tante", "pejuang", "pecinta", "kaum", "suara", "catatan", "cerita"]
CITIES = ["Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Palembang", "Yogyakarta", "Malang",
          "Padang", "Pontianak", "Banjarmasin", "Manado", "Denpasar", "Kupang", "Mataram", "Pekanbaru", "Jambi",
          "Bekasi", "Depok", "Tangerang", "Bogor", "Solo", "Cirebon", "Tasikmalaya", "Lampung", "Samarinda",
          "Balikpapan", "Ambon", "Jayapura", "Serang", "Purwokerto", "Kediri", "Jember", "Aceh", "Batam"]
LOCATIONS = ["Jakarta, Indonesia", "Bandung", "Surabaya", "Indonesia", "Medan, Sumatera Utara", "Yogyakarta",
             "Jakarta Selatan, DKI Jakarta", "Makassar", "Semarang, Indonesia", "Bekasi", "Depok", "Tangerang",
             "Bogor", "Malang", "Bali", "Palembang", "Solo", "Padang", "", "", "", "", "", "", "Bumi",
             "di hatimu", "Kota Hujan", "Jawa Timur", "Jawa Barat, Indonesia", "Kalimantan Timur", "Lampung"]
BANNED_IN_HANDLES = re.compile(r"amin|imin|ganjar|anies|anis|gibran|mahfud|prabowo|bowo|wowo|sandi|jokowi|kpu|"
                               r"debat|capres|pemilu", re.I)


class Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[str, int] = {}

    def person(self) -> tuple[str, str]:
        """(display name, handle), unique handle."""
        r = self.rng
        while True:
            f, l = r.choice(FIRST), r.choice(LAST)
            style = r.random()
            if style < 0.25:
                h = f + l + str(r.randint(1, 99))
            elif style < 0.45:
                h = f + "_" + l
            elif style < 0.60:
                h = r.choice(HANDLE_WORDS) + f + str(r.choice([r.randint(1, 9), r.randint(10, 99), 212, 17, 45, 88]))
            elif style < 0.72:
                h = f + r.choice(["_", "", "."]) + r.choice(HANDLE_WORDS)
            elif style < 0.85:
                h = f + l[:3] + str(r.randint(1990, 2006))
            else:
                h = f + str(r.randint(100, 9999))
            h = h.replace(".", "_")
            if r.random() < 0.15:
                h = h.capitalize()
            if r.random() < 0.08:
                h = h + "_"
            h = h[:15]
            if BANNED_IN_HANDLES.search(h) or h.lower() in self.used:
                continue
            self.used[h.lower()] = 1
            if r.random() < 0.7:
                name = f.capitalize() + " " + l.capitalize()
            elif r.random() < 0.5:
                name = f.capitalize()
            else:
                name = h
            if r.random() < 0.08:
                name += r.choice([" 🇮🇩", " ✨", " 🌙", " 🙏", "🍉"])
            return name, h


# --------------------------------------------------------------------------
# Random ids
# --------------------------------------------------------------------------
TW_EPOCH_MS = 1288834974657
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B64U = ALNUM + "-_"


def snowflake(ts: dt.datetime, rng: random.Random) -> int:
    ms = int(ts.timestamp() * 1000) + rng.randint(0, 999)
    return ((ms - TW_EPOCH_MS) << 22) | (rng.randint(0, 1023) << 12) | rng.randint(0, 4095)


def tco(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choice(ALNUM) for _ in range(10))


def rand_str(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def iso_z_ms(ts: dt.datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def iso_z(ts: dt.datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------
# TEMPLATES: text written for suara (Indonesian and English)
# --------------------------------------------------------------------------
# {P} a candidate (name form chosen at random), {T} a ticket name, {TOPIC} the
# current debate topic, {PROG} a programme of the ticket, {CITY}, {TPS}, {PCT},
# {N} ticket number, {A}/{B} two candidates of different tickets.
W_DEBATE = {
    "positive": [
        "Jawaban {P} soal {TOPIC} paling jelas malam ini. Runtut dan ada datanya 👏",
        "Fix, {P} menang debat malam ini. Tenang, gak emosian, programnya konkret.",
        "Salut sama {P}, bahas {TOPIC} pakai contoh nyata dari daerah.",
        "Baru kali ini nonton debat sampai habis, {P} keren pas sesi {TOPIC}",
        "{P} tampil percaya diri, closing statement-nya bikin merinding 🔥",
        "Penjelasan {P} soal {TOPIC} masuk akal, bukan cuma janji manis.",
        "Mantap {P}, berani jawab langsung tanpa muter-muter. #{HT}",
        "Yang bilang {P} gak paham {TOPIC}, tonton lagi debat semalam. Jelas banget penguasaannya.",
        "Debat semalam {P} jauh lebih siap. Tenang dan to the point.",
    ],
    "negative": [
        "{P} muter-muter pas ditanya soal {TOPIC}, gak ada jawaban konkret.",
        "Kecewa sama {P} malam ini. Sesi {TOPIC} malah nyerang pribadi.",
        "Ekspresi {P} waktu dikritik soal {TOPIC} kelihatan banget gak siap.",
        "Data {P} soal {TOPIC} ngawur, tolong tim suksesnya dicek lagi.",
        "Debat macam apa ini, {P} cuma baca contekan doang.",
        "{P} lebih sibuk nyindir lawan daripada jelasin program {TOPIC}.",
        "Gak ada gagasan baru dari {P}. Normatif semua. #{HT}",
        "Nonton debat semalam makin yakin {P} belum siap. Jawaban soal {TOPIC} kosong.",
        "{P} emosian banget pas sesi tanya jawab, kurang negarawan.",
    ],
    "neutral": [
        "Debat {KIND} malam ini, sesi {TOPIC}: giliran {P} menjawab pertanyaan panelis.",
        "Yang mau nonton debat, mulai jam 19.00 WIB ya. Temanya {TOPIC}. #{HT}",
        "Tadi {P} ngomong apa soal {TOPIC}? Ketinggalan, baru pulang kerja.",
        "Rangkuman debat: {P} bahas {TOPIC}, dua paslon lain fokus ke anggaran.",
        "Moderator ingatkan waktu habis, {P} belum selesai jawab soal {TOPIC}.",
        "Ada yang punya transkrip jawaban {P} soal {TOPIC}? Mau cek datanya.",
        "Sesi {TOPIC} selesai. Lanjut segmen tanya jawab antarcalon. #{HT}",
    ],
}
W_CAMPAIGN = {
    "positive": [
        "Kemarin {P} kampanye di {CITY}, ramai banget yang datang. Semoga amanah.",
        "Program {PROG} dari {T} paling realistis menurutku.",
        "Makin yakin pilih {T} 💪",
        "{P} turun langsung ke pasar dengerin pedagang. Ini yang kita butuh.",
        "Baru lihat video {P} di {CITY}, orangnya sederhana dan nyambung sama warga.",
        "Bismillah, 14 Februari coblos {T}. #{HT}",
    ],
    "negative": [
        "Janji {PROG} dari {T} gak masuk akal, duitnya dari mana?",
        "Makin ke sini makin ragu sama {P}.",
        "Tim suksesnya {P} kerjanya cuma nyerang lawan, programnya gak pernah dibahas.",
        "Kampanye {P} di {CITY} bikin macet parah, warga jadi korban.",
        "Visi misi {T} cuma kata-kata manis, gak ada rencana yang jelas.",
    ],
    "neutral": [
        "Ada yang tahu jadwal kampanye {P} di {CITY} minggu ini?",
        "Survei terbaru: elektabilitas {T} naik tipis, selisih masih dalam margin of error.",
        "{P} dijadwalkan kampanye di {CITY} hari ini.",
        "Program {PROG} {T} itu detailnya gimana sih? Ada yang bisa jelasin?",
        "Baliho {T} sudah dipasang di sepanjang jalan {CITY}.",
    ],
}
W_COMPARE = [
    ("positive", "{A} bagus, tapi {B} lebih meyakinkan soal {TOPIC}."),
    ("neutral", "{A} vs {B} malam ini, menurutku imbang."),
    ("neutral", "Antara {A} dan {B} masih bingung milih siapa 😩"),
    ("positive", "{A} jelas lebih siap daripada {B}."),
    ("negative", "{A} sama {B} kok malah saling sindir. Capek nontonnya."),
    ("negative", "Pendukung {A} sama {B} sama-sama toxic di kolom komentar."),
    ("neutral", "Kalau {A} kalah, pendukungnya bakal lari ke {B} gak ya?"),
    ("positive", "Gagasan {A} soal {TOPIC} lebih masuk akal dibanding {B}."),
    ("negative", "{A} ngomong A, {B} ngomong B, gak ada yang jawab pertanyaan rakyat."),
    ("neutral", "Survei terakhir: {A} masih di atas {B}, tapi selisihnya menipis."),
]
W_VOTE = {
    "issue": [
        ("neutral", "Sudah nyoblos di TPS {TPS} ✌️ Semoga pemilu damai. #Pemilu2024"),
        ("neutral", "Antrean di TPS {TPS} {CITY} panjang, tapi tertib."),
        ("positive", "Jari ungu sudah 💜 sekarang tinggal nunggu quick count."),
        ("neutral", "TPS {TPS} baru mulai penghitungan suara. Ramai warga yang ikut nonton."),
        ("negative", "Surat suara di TPS {TPS} kurang, banyak warga belum bisa nyoblos."),
        ("neutral", "Jangan lupa bawa KTP dan undangan ke TPS ya. #Pemilu2024"),
        ("positive", "Terima kasih petugas KPPS TPS {TPS}, kerjanya sampai malam. Sehat selalu 🙏"),
    ],
    "target": [
        ("positive", "Nyoblos {T}, semoga menang 🤲"),
        ("neutral", "Quick count sementara {T} {PCT}%. Tetap tunggu hasil resmi KPU ya."),
        ("positive", "Selamat untuk {T} berdasarkan hitung cepat. Tetap kawal sampai real count."),
        ("negative", "Kecewa lihat hasil quick count, {T} jauh tertinggal."),
        ("neutral", "Data masuk quick count sudah 80%, {T} di angka {PCT}%."),
    ],
}
W_FRAUD = [
    ("negative", "Kecurangan di TPS {TPS} {CITY}: angka di Sirekap beda dengan formulir C1. KPU tolong dicek!"),
    ("negative", "Banyak laporan kecurangan masuk ke Bawaslu, jangan diam aja. #KawalPemilu"),
    ("negative", "Suara {T} di Sirekap tiba-tiba melonjak di TPS {TPS}. Ini kecurangan atau salah input?"),
    ("negative", "Stop normalisasi kecurangan pemilu. Usut tuntas! #KawalPemilu"),
    ("neutral", "Tim {T} siapkan laporan dugaan kecurangan ke Bawaslu dan MK."),
    ("negative", "Katanya pemilu jujur dan adil, tapi kecurangan di mana-mana."),
    ("neutral", "Dugaan kecurangan itu tuduhan serius. Buktikan di Bawaslu dan MK, bukan cuma di medsos."),
    ("negative", "Relawan kami temukan dugaan kecurangan di {CITY}: surat suara sudah tercoblos."),
    ("negative", "Selisih C1 dan Sirekap di TPS {TPS}, ini kecurangan yang dibiarkan?"),
    ("negative", "Kecurangan pemilu 2024 harus diaudit terbuka, jangan ditutup-tutupi."),
    ("neutral", "Bawaslu {CITY} terima aduan dugaan kecurangan di beberapa TPS."),
    ("negative", "Kalau kecurangan begini dibiarkan, buat apa kita antre ke TPS?"),
]
W_HOAX = [
    ("negative", "Hati-hati hoaks! Potongan video {P} soal {TOPIC} yang viral itu sudah diedit."),
    ("neutral", "Itu hoaks ya, {P} gak pernah ngomong begitu di debat. Cek video lengkapnya."),
    ("negative", "Baru debat semalam, hoaks soal {P} sudah bertebaran di grup WA keluarga 😩"),
    ("negative", "Grup WA keluarga lagi rame hoaks pemilu, capek klarifikasi satu-satu."),
    ("neutral", "Jangan asal share! Banyak hoaks soal debat capres beredar. Cek dulu di situs cek fakta."),
    ("negative", "Hoaks lagi, hoaks lagi. Tiap habis debat pasti ada yang nyebar potongan video {P}."),
    ("neutral", "Cek fakta: kutipan {P} soal {TOPIC} yang beredar di TikTok itu hoaks, tidak ada di debat."),
    ("negative", "Buzzer sebar hoaks soal {P}, yang percaya langsung marah-marah. Literasi kita parah."),
]
W_GIMMICK = [
    ("negative", "Gimmick {G} di debat semalam gak lucu, kurang etis sama yang lebih senior."),
    ("negative", "Debat itu adu gagasan, bukan ajang gimmick. {G} kebanyakan gaya."),
    ("negative", "Gaya celingak-celinguk {G} itu gimmick banget, gak sopan."),
    ("negative", "Sekali dua kali gimmick oke, tapi {G} kebanyakan. Substansinya mana?"),
    ("negative", "Jujur aja, gimmick {G} semalam bikin ilfeel."),
    ("negative", "Pertanyaan jebakan pakai singkatan itu gimmick doang. {G} gak menghargai lawan debat."),
    ("positive", "Gimmick atau bukan, {G} tetap kuasai materi. Santai aja."),
]
W_RESULT = [
    ("neutral", "KPU resmi menetapkan hasil rekapitulasi nasional Pilpres 2024 malam ini."),
    ("positive", "Hasil resmi KPU sudah keluar, Prabowo-Gibran menang. Selamat!"),
    ("neutral", "Hormati hasil KPU, tapi proses di MK tetap jalan."),
    ("neutral", "Kubu {T} akan ajukan gugatan hasil pilpres ke MK."),
    ("negative", "Hasil sudah ditetapkan, tapi dugaan kecurangan belum dijawab tuntas."),
    ("positive", "Apa pun hasilnya, terima kasih {P} sudah berjuang. Tetap semangat!"),
]
W_ISSUE = [
    ("negative", "Bawaslu harus tegas soal politik uang menjelang pencoblosan."),
    ("neutral", "Netralitas ASN jangan cuma slogan. Pemilu harus adil buat semua paslon."),
    ("negative", "Masa tenang tapi grup WA masih rame kampanye 🙄"),
    ("positive", "Jangan golput! Satu suara menentukan lima tahun ke depan."),
    ("neutral", "Logistik pemilu di {CITY} sudah mulai didistribusikan KPU."),
    ("neutral", "Daftar pemilih tetap bisa dicek online. Pastikan nama kamu terdaftar ya."),
    ("negative", "Bansos menjelang pemilu jangan dijadikan alat kampanye."),
    ("neutral", "KPU umumkan jadwal debat berikutnya. Formatnya ada perubahan sedikit."),
    ("negative", "Baliho caleg di {CITY} sudah kayak hutan, nutupin rambu lalu lintas."),
    ("positive", "Senang lihat anak muda antusias ikut diskusi pemilu di kampus."),
]
W_NOISE = [  # off-topic: the amen / ganjaran traps
    ("positive", "Semoga ujian besok lancar, amin 🤲"),
    ("positive", "Amin ya Allah, semoga ibu cepat sembuh."),
    ("positive", "Semoga timnas menang malam ini, amin!"),
    ("positive", "Setiap kebaikan pasti ada ganjarannya."),
    ("neutral", "Kerja keras pasti dapat ganjaran yang setimpal."),
    ("positive", "Aamiin, semoga rezekinya lancar terus."),
    ("positive", "Semoga dagangan hari ini laris, amin."),
    ("positive", "Doakan sidang skripsi besok lancar ya teman-teman. Amin 🙏"),
    ("negative", "Hujan dari pagi, jemuran gak kering-kering. Semoga besok cerah, amin."),
    ("neutral", "Katanya sabar itu ganjarannya besar. Ya sudah, sabar dulu."),
    ("positive", "Semoga semua urusan kita dimudahkan. Amin ya rabbal alamin."),
    ("negative", "Ganjaran buat yang suka nyerobot antrean: ditegur satpam 😂"),
]
EN_TOPIC_TEMPLATES = {
    "positive": [
        "Watching Indonesia's presidential debate tonight. {P} sounded far more prepared on {TOPIC}.",
        "{P}'s closing statement was surprisingly moving. #{HT}",
        "Credit where it's due: {P} gave the clearest answer on {TOPIC} tonight.",
        "{P} came across calm and concrete. Strong night for {T}.",
        "Talked to voters in {CITY} today, lots of genuine enthusiasm for {T}.",
    ],
    "negative": [
        "{P} dodged the question on {TOPIC} again. Not a great look.",
        "Tonight's debate: {P} spent more time attacking rivals than explaining a plan on {TOPIC}.",
        "{P} looked irritated every time {TOPIC} came up.",
        "Hard to see how {T} would pay for {PROG}. Nobody asked them properly.",
        "{P}'s numbers on {TOPIC} don't add up.",
    ],
    "neutral": [
        "Indonesia votes on 14 February: three tickets, about 204 million registered voters. {T} leads most polls.",
        "Live now: the {KIND} debate, tonight's topic is {TOPIC}. #{HT}",
        "Explainer: what {T} is promising on {TOPIC}, in five points.",
        "{P} campaigned in {CITY} today. The crowd was large, traffic was worse.",
        "New poll out today. {T} up slightly, still within the margin of error.",
    ],
}
EN_EVENT = {
    "vote": [
        ("neutral", "Queues at polling stations in {CITY} this morning. Turnout looks high. #Pemilu2024"),
        ("neutral", "Quick counts put {T} at around {PCT}%. Official KPU results are expected in March."),
        ("positive", "Voted! Purple finger and all. Proud of how calm it was at my polling station."),
        ("neutral", "Polls have closed across Indonesia. Counting is happening in public at each TPS."),
    ],
    "fraud": [
        ("negative", "Reports of irregularities in the Sirekap tallies are spreading fast. Bawaslu needs to respond."),
        ("negative", "Screenshots of Sirekap totals that don't match the C1 forms are everywhere today."),
        ("neutral", "{T} says it is collecting evidence of fraud and may go to the Constitutional Court."),
    ],
    "result": [
        ("neutral", "KPU has declared the official result of Indonesia's 2024 presidential election."),
        ("neutral", "Official: Prabowo Subianto and Gibran Rakabuming Raka win Indonesia's presidential election."),
        ("neutral", "{T} is expected to challenge the result at the Constitutional Court."),
    ],
    "hoax": [
        ("negative", "A doctored clip of {P} is going viral after the debate. It's fake, check the full video."),
        ("neutral", "Fact-checkers are busy tonight: several debate quotes attributed to {P} are hoaxes."),
    ],
}
NEWS_HEADLINES = {  # neutral, written, for news pages
    "target": [
        "{P} Kampanye di {CITY}, Janjikan {PROG}",
        "Survei: Elektabilitas {T} Naik Jelang Debat",
        "{P} Hadiri Dialog dengan Mahasiswa di {CITY}",
        "Tim Pemenangan {T} Targetkan Menang di {CITY}",
        "{P} Tanggapi Kritik soal {TOPIC}",
        "Ribuan Relawan Hadiri Kampanye Akbar {T} di {CITY}",
    ],
    "issue": [
        "KPU Tetapkan Jadwal Kampanye Rapat Umum Pemilu 2024",
        "Bawaslu Temukan Ratusan Pelanggaran Alat Peraga Kampanye di {CITY}",
        "Logistik Pemilu Mulai Didistribusikan ke {CITY}",
        "Debat Capres Digelar Malam Ini, Simak Temanya",
        "KPU: Hasil Sirekap Bukan Hasil Resmi Pemilu",
        "Masa Tenang Dimulai, Alat Peraga Kampanye Wajib Diturunkan",
    ],
}
BUZZER_SCRIPTS = [  # (date WIB, hh, mm, base text, variants) -- pro 02 cluster
    (D(2023, 12, 13), 10, 2,
     "Program makan siang gratis dari Prabowo-Gibran itu nyata untuk anak Indonesia! Lanjutkan! #PrabowoGibran2024"),
    (D(2024, 1, 8), 9, 15,
     "Prabowo tetap tenang dan santun walau diserang di debat. Pemimpin sejati! #PrabowoGibran2024"),
    (D(2024, 1, 22), 8, 41,
     "Mas Gibran cerdas dan menguasai materi debat. Anak muda bisa! #PrabowoGibranMenang"),
    (D(2024, 2, 15), 7, 30,
     "Rakyat sudah memilih. Terima kasih Indonesia, Prabowo-Gibran satu putaran! #PrabowoGibranMenang"),
]


# --------------------------------------------------------------------------
# Volume model
# --------------------------------------------------------------------------

def all_days() -> list[dt.date]:
    out, d = [], FIRST_DAY
    while d <= LAST_DAY:
        out.append(d)
        d += dt.timedelta(days=1)
    return out


def day_weight(d: dt.date, on_topic: bool = True) -> float:
    days = all_days()
    i = (d - FIRST_DAY).days
    w = 1.0 + 1.0 * i / (len(days) - 1)        # baseline rises through the campaign
    if not on_topic:
        return 1.0 + 0.3 * i / (len(days) - 1)  # off-topic noise: nearly flat
    if d == FIRST_DAY:
        w *= 1.6
    if d > D(2024, 2, 21):
        w *= 0.75                                # after the count, interest falls
    for dd in DEBATE_DAYS:
        k = (d - dd).days
        w *= {0: 4.2, 1: 2.4, 2: 1.4}.get(k, 1.0)
    if d in QUIET:
        w *= 0.45
    w *= {VOTE_DAY: 9.5, D(2024, 2, 15): 7.0, D(2024, 2, 16): 3.0, D(2024, 2, 17): 2.2,
          D(2024, 2, 18): 1.7, D(2024, 2, 19): 1.5, D(2024, 2, 20): 1.4,
          D(2024, 3, 19): 1.4, RESULT_DAY: 5.0}.get(d, 1.0)
    return w


def allocate(total: int, weights: list[float]) -> list[int]:
    s = sum(weights)
    raw = [total * w / s for w in weights]
    base = [int(math.floor(x)) for x in raw]
    rest = total - sum(base)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


HOUR_W = [1.0, .6, .35, .25, .45, 1.0, 1.5, 2.0, 2.5, 2.6, 2.6, 2.6, 2.8, 2.6, 2.4, 2.4, 2.6, 2.7, 2.8, 3.2,
          3.6, 3.6, 3.0, 2.0]


def time_of_day(d: dt.date, rng: random.Random, on_topic: bool) -> dt.datetime:
    hw = list(HOUR_W)
    if on_topic and d in DEBATE_DAYS:
        hw = [h * (5.0 if 19 <= i <= 22 else 1.6 if i == 23 else 0.6) for i, h in enumerate(hw)]
    if on_topic and d == VOTE_DAY:
        hw = [h * (2.0 if 7 <= i <= 12 else 2.6 if 13 <= i <= 22 else 0.5) for i, h in enumerate(hw)]
    if on_topic and d == RESULT_DAY:
        hw = [h * (4.0 if 21 <= i <= 23 else 1.0) for i, h in enumerate(hw)]
    hour = rng.choices(range(24), weights=hw)[0]
    return dt.datetime(d.year, d.month, d.day, hour, rng.randint(0, 59), rng.randint(0, 59), tzinfo=WIB)


def debate_of(ts: dt.datetime):
    """The debate a post reacts to: on the debate evening or within 2 days after."""
    d = ts.astimezone(WIB).date()
    for deb in DEBATES:
        k = (d - deb[0]).days
        if (k == 0 and ts.astimezone(WIB).hour >= 19) or k in (1, 2):
            return deb
    return None


def nearest_debate(ts: dt.datetime):
    d = ts.astimezone(WIB).date()
    best = None
    for deb in DEBATES:
        if deb[0] <= d:
            best = deb
    return best or DEBATES[0]


# --------------------------------------------------------------------------
# Content planner
# --------------------------------------------------------------------------
class Planner:
    def __init__(self, pool: list[dict], rng: random.Random, names: Names):
        self.rng = rng
        self.names = names
        self.uses: dict[str, int] = {}
        self.by_role: dict[str, list[dict]] = {}
        for r in pool:
            self.by_role.setdefault(r["role"], []).append(r)
        pol = self.by_role.get("political", [])
        self.single = [r for r in pol if len(r["persons"]) == 1]
        self.pairs_rival = [r for r in pol if len(r["persons"]) == 2 and not self._mates(r["persons"])
                            and r["fixed"] == "0"]
        self.pairs_mate = [r for r in pol if len(r["persons"]) == 2 and self._mates(r["persons"]) and r["fixed"] == "0"]
        self.jokowi = [r for r in self.single if r["persons"][0] == "jokowi" and r["fixed"] == "0"]
        self.stats = {"real": 0, "substituted": 0, "written": 0}
        self.tone_counts: dict[tuple, dict[str, int]] = {}
        self.max_uses = 6

    @staticmethod
    def _mates(ps):
        return tuple(ps) in RUNNING_MATES or tuple(reversed(ps)) in RUNNING_MATES

    @staticmethod
    def label3(r: dict) -> str:
        lab = r["label"]
        return {"anger": "negative", "sadness": "negative", "fear": "negative", "happy": "positive",
                "love": "positive"}.get(lab, lab)

    def pick(self, cands: list[dict], prefer=None, maxlen: int | None = None) -> dict | None:
        cands = [c for c in cands if self.uses.get(c["pool_id"], 0) < self.max_uses + 2 * (c["label"] == "neutral")
                 and (maxlen is None or len(c["text"]) <= maxlen)]
        if not cands:
            return None
        lo = min(self.uses.get(c["pool_id"], 0) for c in cands)
        tier = [c for c in cands if self.uses.get(c["pool_id"], 0) == lo]
        if prefer:
            pref = [c for c in tier if prefer(c)]
            if pref and self.rng.random() < 0.8:
                tier = pref
        c = self.rng.choice(tier)
        self.uses[c["pool_id"]] = self.uses.get(c["pool_id"], 0) + 1
        return c

    # -- text finishing -------------------------------------------------
    def handle(self) -> str:
        return self.names.person()[1]

    def clean_real(self, r: dict, text: str | None = None) -> str:
        t = r["text"] if text is None else text
        if r["role"] in ("issue", "political"):
            t = re.sub(r"\b2019\b", "2024", t)
        if r["source"] == "smsa":
            t = detok_smsa(t)
            if self.rng.random() < 0.8:        # many real posts stay lower-case
                t = sentence_case(t)
        elif r["source"] == "emot":
            t = t.replace("[USERNAME]", "@USERNAMEPLACEHOLDER")
            while "@USERNAMEPLACEHOLDER" in t:
                t = t.replace("@USERNAMEPLACEHOLDER", "@" + self.handle(), 1)
            while "[URL]" in t:
                t = t.replace("[URL]", tco(self.rng), 1)
            t = re.sub(r"[ \t]+$", "", t)
        elif r["source"] == "vaksin":
            t = re.sub(r"@\w+", lambda m: "@" + self.handle(), t)
            t = re.sub(r"https?://t\.co/\w+", lambda m: tco(self.rng), t)
        return t

    def name_form(self, tgt: str, cap: bool = True) -> str:
        T = TARGETS[tgt]
        form = self.rng.choices([T["short"], T["hon"], T["full"]], weights=[0.6, 0.25, 0.15])[0]
        return title_name(form) if cap else form

    def fill(self, tpl: str, ctx: dict) -> str:
        def rep(m):
            k = m.group(1)
            v = ctx.get(k)
            if v is None:
                return m.group(0)
            return v() if callable(v) else v
        return re.sub(r"\{([A-Z]+)\}", rep, tpl)

    def ctx(self, ts, tgt=None, ticket=None, en=False):
        rng = self.rng
        deb = debate_of(ts) or nearest_debate(ts)
        topics = deb[3] if en else deb[2]
        kind = deb[1]
        if ticket is None and tgt is not None:
            ticket = TARGETS[tgt]["ticket"]
        c = {
            "TOPIC": lambda: rng.choice(topics),
            "KIND": kind if not en else ("presidential" if kind == "capres" else "vice-presidential"),
            "CITY": lambda: rng.choice(CITIES),
            "TPS": lambda: "%03d" % rng.randint(1, 60),
            "HT": rng.choice(["DebatCapres", "DebatPilpres2024", "Pemilu2024"] if kind == "capres"
                             else ["DebatCawapres", "DebatPilpres2024", "Pemilu2024"]),
        }
        if tgt:
            c["P"] = lambda: self.name_form(tgt)
            c["G"] = lambda: self.name_form(tgt)
        if ticket:
            tk = TICKETS[ticket]
            c["T"] = lambda: rng.choice(tk["names"])
            c["PROG"] = lambda: rng.choice(tk["progs"])
            c["N"] = ticket
            c["PCT"] = lambda: {"02": "%.1f" % rng.uniform(56.5, 59.5), "01": "%.1f" % rng.uniform(24.0, 26.5),
                                "03": "%.1f" % rng.uniform(16.0, 18.0)}[ticket].replace(".", "," if not en else ".")
        return c

    # -- choosing what a post is about -----------------------------------
    def choose_target(self, ts) -> str:
        rng = self.rng
        tk = rng.choices(TICKET_ORDER, weights=[TICKETS[t]["sov"] for t in TICKET_ORDER])[0]
        share = CAWAPRES_SHARE[tk]
        d = ts.astimezone(WIB).date()
        deb = debate_of(ts)
        if deb and deb[1] == "cawapres":
            share = min(0.75, share * 2.2)
        elif deb and deb[1] == "capres":
            share *= 0.6
        if SIG_GIBRAN[0] <= ts < SIG_GIBRAN[1] and tk == "02":
            share = max(share, 0.6)
        return TICKETS[tk]["cawapres"] if rng.random() < share else TICKETS[tk]["capres"]

    def sentiment_for(self, tgt: str, ts) -> str:
        """Tone of a post about `tgt`: the planned shares, met closely per target and ISO week.

        Labels are dealt by quota (the label furthest below its planned share is drawn next,
        ties at random), so each target's weekly tone matches the plan and the planted signals
        are not drowned by sampling noise."""
        p = dict(BASE_SENT)
        regime = "base"
        if tgt == "prabowo" and SIG_PRABOWO[0] <= ts < SIG_PRABOWO[1]:
            p, regime = {"positive": 0.08, "negative": 0.77, "neutral": 0.15}, "a"
        if tgt == "gibran" and SIG_GIBRAN[0] <= ts < SIG_GIBRAN[1]:
            p, regime = {"positive": 0.08, "negative": 0.77, "neutral": 0.15}, "b"
        key = (tgt, regime, ts.astimezone(WIB).isocalendar()[:2])
        cnt = self.tone_counts.setdefault(key, {"positive": 0, "negative": 0, "neutral": 0})
        n = sum(cnt.values()) + 1
        deficit = {lab: p[lab] * n - cnt[lab] + self.rng.random() * 1e-3 for lab in p}
        lab = max(deficit, key=lambda k: deficit[k])
        cnt[lab] += 1
        return lab

    def fraud_p(self, ts) -> float:
        w = ts.astimezone(WIB)
        if SIG_FRAUD[0] <= ts < SIG_FRAUD[1]:
            return 0.28 if w.date() <= D(2024, 2, 19) else 0.14
        if w.date() == VOTE_DAY and w.hour >= 14:
            return 0.05
        if w.date() > D(2024, 2, 25):
            return 0.03
        return 0.004

    def hoax_p(self, ts) -> float:
        return 0.085 if debate_of(ts) else 0.008

    # -- main entry --------------------------------------------------------
    def content(self, ts: dt.datetime, platform: str, noise: bool, maxlen: int | None = None,
                en_p: float = 0.065, news: bool = False) -> dict:
        """Return dict(text, lang, targets, label, origin, pool_ids, tags)."""
        rng = self.rng
        if noise:
            return self._noise(ts, platform, maxlen)
        wd = ts.astimezone(WIB).date()
        # English posts: all written
        if rng.random() < en_p:
            return self._english(ts)
        if rng.random() < self.fraud_p(ts):
            return self._written_pick(W_FRAUD, ts, ticket=rng.choice(["01", "03", "01", "03", "02"]),
                                      kind="fraud")
        if rng.random() < self.hoax_p(ts) * (0.6 if platform == "youtube" else 1.0):
            tgt = self.choose_target(ts)
            return self._written_pick(W_HOAX, ts, tgt=tgt, kind="hoax")
        if news:
            return self._news(ts, maxlen)
        u = rng.random()
        if u < 0.08:
            return self._issue(ts, maxlen)
        if u < 0.08 + 0.175:
            return self._compare(ts, maxlen)
        tgt = self.choose_target(ts)
        sent = self.sentiment_for(tgt, ts)
        # event-specific written posts
        if tgt == "gibran" and SIG_GIBRAN[0] <= ts < SIG_GIBRAN[1] and sent == "negative" and rng.random() < 0.65:
            return self._written_pick([x for x in W_GIMMICK if x[0] == "negative"], ts, tgt=tgt, kind="gimmick")
        if wd in (VOTE_DAY, D(2024, 2, 15)) and rng.random() < 0.25:
            return self._vote(ts, tgt, sent)
        if wd == RESULT_DAY and rng.random() < 0.40:
            return self._written_pick(W_RESULT, ts, tgt=tgt, kind="result")
        if debate_of(ts) and rng.random() < (0.10 if platform == "youtube" else 0.16):
            return self._written_pick([("x", t) for t in W_DEBATE[sent]], ts, tgt=tgt, kind="debate", label=sent)
        if rng.random() < 0.03:
            return self._written_pick([("x", t) for t in W_CAMPAIGN[sent]], ts, tgt=tgt, kind="campaign", label=sent)
        return self._real_single(ts, tgt, sent, maxlen)

    # -- builders -----------------------------------------------------------
    def _finish(self, text, lang, targets, label, origin, pool_ids, kind):
        self.stats[origin] = self.stats.get(origin, 0) + 1
        return dict(text=text, lang=lang, targets=targets, label=label, origin=origin, pool_ids=pool_ids,
                    kind=kind)

    def _written_pick(self, items, ts, tgt=None, ticket=None, kind="written", label=None, en=False):
        lab, tpl = self.rng.choice(items)
        if label:
            lab = label
        c = self.ctx(ts, tgt=tgt, ticket=ticket, en=en)
        text = self.fill(tpl, c)
        targets = self._targets_in(text)
        return self._finish(text, "en" if en else "in", targets, lab, "written", [], kind)

    def _targets_in(self, text: str) -> list[str]:
        low = text.lower()
        out = []
        checks = [("prabowo", r"prabowo"), ("gibran", r"gibran"), ("anies", r"anies"),
                  ("muhaimin", r"muhaimin|cak imin|gus imin"), ("ganjar", r"\bganjar\b"), ("mahfud", r"mahfud"),
                  ("ticket01", r"\bamin\b|paslon 01|pasangan 01|aminajadulu|amin2024"),
                  ("ticket02", r"paslon 02|pasangan 02|02melanjutkan"),
                  ("ticket03", r"paslon 03|pasangan 03|\bgama\b")]
        for tid, rx in checks:
            if re.search(rx, low):
                out.append(tid)
        return out

    def _english(self, ts):
        rng = self.rng
        w = ts.astimezone(WIB).date()
        if w in (VOTE_DAY, D(2024, 2, 15)):
            return self._written_pick(EN_EVENT["vote"], ts, ticket=rng.choice(TICKET_ORDER), kind="vote", en=True)
        if SIG_FRAUD[0] <= ts < SIG_FRAUD[1] and rng.random() < 0.5:
            return self._written_pick(EN_EVENT["fraud"], ts, ticket=rng.choice(["01", "03"]), kind="fraud", en=True)
        if w == RESULT_DAY:
            return self._written_pick(EN_EVENT["result"], ts, ticket=rng.choice(["01", "03"]), kind="result", en=True)
        tgt = self.choose_target(ts)
        if debate_of(ts) and rng.random() < 0.15:
            return self._written_pick(EN_EVENT["hoax"], ts, tgt=tgt, kind="hoax", en=True)
        sent = self.sentiment_for(tgt, ts)
        return self._written_pick([("x", t) for t in EN_TOPIC_TEMPLATES[sent]], ts, tgt=tgt, kind="topic",
                                  label=sent, en=True)

    def _vote(self, ts, tgt, sent):
        rng = self.rng
        if rng.random() < 0.5:
            return self._written_pick(W_VOTE["issue"], ts, kind="vote")
        items = [x for x in W_VOTE["target"] if x[0] == sent] or W_VOTE["target"]
        return self._written_pick(items, ts, tgt=tgt, kind="vote")

    def _news(self, ts, maxlen):
        rng = self.rng
        # neutral SmSA texts that name a person read like news headlines
        if rng.random() < 0.55:
            tgt = self.choose_target(ts)
            c = self._real_single(ts, tgt, "neutral", maxlen, allow_fallback=False)
            if c:
                return c
        r = self.pick([x for x in self.by_role.get("issue", []) if self.label3(x) == "neutral"], maxlen=maxlen)
        if r is not None and rng.random() < 0.6:
            text = self.clean_real(r)
            return self._finish(text, "in", self._targets_in(text), "neutral", "real", [r["pool_id"]], "news")
        if rng.random() < 0.3:
            return self._written_pick([("neutral", t) for t in NEWS_HEADLINES["issue"]], ts, kind="news")
        tgt = self.choose_target(ts)
        return self._written_pick([("neutral", t) for t in NEWS_HEADLINES["target"]], ts, tgt=tgt, kind="news")

    def _issue(self, ts, maxlen):
        rng = self.rng
        if rng.random() < 0.2:
            return self._written_pick(W_ISSUE, ts, kind="issue")
        if rng.random() < 0.3:   # Jokowi, as himself: central to 2024 talk but not on the ballot
            r = self.pick(self.jokowi, maxlen=maxlen)
            if r:
                text = self.clean_real(r)
                return self._finish(text, "in", self._targets_in(text), self.label3(r), "real", [r["pool_id"]],
                                    "issue")
        r = self.pick(self.by_role.get("issue", []), maxlen=maxlen)
        if r is None:
            return self._written_pick(W_ISSUE, ts, kind="issue")
        text = self.clean_real(r)
        return self._finish(text, "in", self._targets_in(text), self.label3(r), "real", [r["pool_id"]], "issue")

    def _compare(self, ts, maxlen):
        rng = self.rng
        a = self.choose_target(ts)
        while True:
            b = self.choose_target(ts)
            if TARGETS[b]["ticket"] != TARGETS[a]["ticket"]:
                break
        # tone: that of the first candidate, or of a candidate inside a signal window
        sent = self.sentiment_for(a, ts)
        for x in (a, b):
            if (x == "prabowo" and SIG_PRABOWO[0] <= ts < SIG_PRABOWO[1]) or \
                    (x == "gibran" and SIG_GIBRAN[0] <= ts < SIG_GIBRAN[1]):
                sent = self.sentiment_for(x, ts)
        if rng.random() < 0.85:
            r = self.pick([x for x in self.pairs_rival if self.label3(x) == sent], maxlen=maxlen)
            if r:
                p1, p2 = r["persons"]
                mapping = {p1: a, p2: b}
                text = self.clean_real(r, substitute(r["text"], mapping, rng, cap=rng.random() < 0.6))
                origin = "real" if all(mapping[p] == p for p in mapping) else "substituted"
                return self._finish(text, "in", [a, b], self.label3(r), origin, [r["pool_id"]], "compare")
        lab, tpl = rng.choice([x for x in W_COMPARE if x[0] == sent])
        c = self.ctx(ts)
        c["A"] = lambda: self.name_form(a)
        c["B"] = lambda: self.name_form(b)
        text = self.fill(tpl, c)
        return self._finish(text, "in", [a, b], lab, "written", [], "compare")

    def _real_single(self, ts, tgt, sent, maxlen, allow_fallback=True):
        rng = self.rng
        # single-person texts with this label; or running-mate texts (both map to the ticket)
        def ok(r):
            if self.label3(r) != sent:
                return False
            p = r["persons"][0]
            if p != tgt and (r["fixed"] == "1" or FACTUAL_RE.search(r["text"])):
                return False
            return True
        in_signal = (SIG_PRABOWO[0] <= ts < SIG_PRABOWO[1] or SIG_GIBRAN[0] <= ts < SIG_GIBRAN[1]) and \
            TARGETS[tgt]["ticket"] == "02"
        if rng.random() < 0.12 and not in_signal:   # keep the signals about one person only
            mates = [r for r in self.pairs_mate if self.label3(r) == sent and not FACTUAL_RE.search(r["text"])]
            r = self.pick(mates, maxlen=maxlen)
            if r:
                tk = TICKETS[TARGETS[tgt]["ticket"]]
                p1, p2 = r["persons"]
                r1 = SRC_PERSONS[p1][2]
                mapping = {p1: tk["capres"] if r1 == "C" else tk["cawapres"],
                           p2: tk["cawapres"] if r1 == "C" else tk["capres"]}
                if mapping[p1] == mapping[p2]:
                    mapping[p2] = tk["cawapres"] if mapping[p1] == tk["capres"] else tk["capres"]
                text = self.clean_real(r, substitute(r["text"], mapping, rng, cap=rng.random() < 0.6))
                origin = "real" if all(mapping[p] == p for p in mapping) else "substituted"
                return self._finish(text, "in", [mapping[p1], mapping[p2]], sent, origin, [r["pool_id"]], "single")
        cands = [r for r in self.single if ok(r)]
        r = self.pick(cands, prefer=lambda c: c["persons"][0] == tgt, maxlen=maxlen)
        if r is None:
            if not allow_fallback:
                return None
            return self._written_pick([("x", t) for t in W_CAMPAIGN[sent]], ts, tgt=tgt, kind="campaign", label=sent)
        p = r["persons"][0]
        text = self.clean_real(r, substitute(r["text"], {p: tgt}, rng, cap=rng.random() < 0.6))
        origin = "real" if p == tgt else "substituted"
        return self._finish(text, "in", [tgt], sent, origin, [r["pool_id"]], "single")

    def _noise(self, ts, platform, maxlen):
        rng = self.rng
        u = rng.random()
        if platform == "twitter" and u < 0.36:
            r = self.pick(self.by_role.get("vaksin", []), maxlen=maxlen)
            if r:
                text = self.clean_real(r)
                return self._finish(text, "in", [], "unlabelled", "real", [r["pool_id"]], "noise-vaksin")
        if u < 0.47 and platform == "facebook":
            r = self.pick([x for x in self.by_role.get("vaksin", []) if "http" in x["text"]], maxlen=maxlen)
            if r:
                text = self.clean_real(r)
                return self._finish(text, "in", [], "unlabelled", "real", [r["pool_id"]], "noise-vaksin")
        v = rng.random()
        if v < 0.06:
            lab, t = rng.choice(W_NOISE)
            return self._finish(t, "in", [], lab, "written", [], "noise-trap")
        if v < 0.16:
            r = self.pick(self.by_role.get("amen", []) + self.by_role.get("ganjaran", []), maxlen=maxlen)
            if r:
                return self._finish(self.clean_real(r), "in", [], self.label3(r), "real", [r["pool_id"]],
                                    "noise-trap")
        r = self.pick(self.by_role.get("noise", []), maxlen=maxlen)
        return self._finish(self.clean_real(r), "in", [], self.label3(r), "real", [r["pool_id"]], "noise")


# --------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------

def heavy(rng: random.Random, scale: float, alpha: float = 1.25, cap: int = 10 ** 7) -> int:
    v = (rng.paretovariate(alpha) - 1.0) * scale
    return int(min(cap, v))


# --------------------------------------------------------------------------
# Platform writers
# --------------------------------------------------------------------------
TAG_RE = re.compile(r"(?<![\w&])#(\w+)", re.UNICODE)
MENTION_RE = re.compile(r"(?<![\w])@(\w{1,15})")
URL_RE = re.compile(r"https://t\.co/\w{10}")


def add_hashtags(text: str, tags: list[str]) -> str:
    for t in tags:
        if ("#" + t).lower() not in text.lower():
            text = text + " #" + t
    return text


def pick_tags(rng: random.Random, c: dict, ts, p: float) -> list[str]:
    if rng.random() > p or c["lang"] == "en" and rng.random() < 0.5:
        return []
    pool = []
    for t in c["targets"]:
        tk = TARGETS[t]["ticket"] if t in TARGETS else t[-2:]
        if tk in TICKETS:
            pool += TICKETS[tk]["tags"]
    deb = debate_of(ts)
    if deb:
        pool += ["DebatCapres", "DebatPilpres2024"] if deb[1] == "capres" else ["DebatCawapres", "DebatPilpres2024"]
    pool += ["Pemilu2024", "Pilpres2024", "PemiluDamai"]
    if c["kind"] == "fraud":
        pool += ["KawalPemilu", "PemiluCurang", "KawalSuara"]
    n = rng.choices([1, 2, 3], weights=[0.6, 0.3, 0.1])[0]
    out = []
    for _ in range(n):
        t = rng.choice(pool)
        if t not in out:
            out.append(t)
    return out


class Account:
    __slots__ = ("id", "username", "name", "created", "followers", "following", "tweets", "leaning", "weight",
                 "location", "verified", "desc", "buzzer")


def make_x_accounts(rng: random.Random, names: Names, n: int) -> list[Account]:
    out = []
    for i in range(n):
        a = Account()
        a.name, a.username = names.person()
        # account age: old accounts have short numeric ids, newer ones snowflakes
        year = rng.choices(range(2009, 2024), weights=[3, 4, 5, 5, 4, 4, 3, 3, 3, 3, 4, 5, 5, 4, 4])[0]
        created = dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
                              rng.randint(0, 59), tzinfo=UTC)
        a.created = created
        if year < 2016:
            a.id = str(rng.randint(10 ** 7, 3 * 10 ** 9))
        else:
            a.id = str(snowflake(created, rng))
        a.followers = heavy(rng, 180, 1.1, 3_000_000)
        a.following = rng.randint(20, 3000)
        a.tweets = rng.randint(50, 90000)
        a.leaning = rng.choices(["02", "01", "03", "none"], weights=[0.30, 0.22, 0.15, 0.33])[0]
        a.weight = min(30.0, rng.paretovariate(1.1))   # skewed activity: a few accounts post a lot
        a.location = rng.choice(LOCATIONS)
        a.verified = a.followers > 200000 and rng.random() < 0.5
        a.desc = rng.choice(["", "", "Warga biasa. Opini pribadi.", "Pekerja kantoran | suka kopi",
                             "Mahasiswa. Retweet bukan berarti setuju.", "Ibu rumah tangga, pejuang receh",
                             "Tulisan pribadi, bukan mewakili instansi.", "Indonesia 🇮🇩", "Cuma numpang lewat",
                             "Pecinta bola dan politik", "Guru honorer", "Ojol | " + rng.choice(CITIES),
                             "Jurnalis warga", "Suka baca, jarang nulis"])
        a.buzzer = False
        out.append(a)
    return out


def make_buzzers(rng: random.Random, names: Names) -> list[Account]:
    out = []
    for i in range(5):
        a = Account()
        a.name, a.username = names.person()
        a.created = dt.datetime(2023, 10, rng.randint(2, 30), rng.randint(0, 23), rng.randint(0, 59),
                                rng.randint(0, 59), tzinfo=UTC)
        a.id = str(snowflake(a.created, rng))
        a.followers = rng.randint(3, 60)
        a.following = rng.randint(300, 900)
        a.tweets = rng.randint(800, 4000)
        a.leaning = "02"
        a.weight = 6.0
        a.location = "Indonesia"
        a.verified = False
        a.desc = rng.choice(["NKRI harga mati 🇮🇩", "Indonesia maju!", "Cinta Indonesia", "Relawan", ""])
        a.buzzer = True
        out.append(a)
    return out


def choose_author(rng: random.Random, accts: list[Account], c: dict) -> Account:
    tickets = [TARGETS[t]["ticket"] for t in c["targets"] if t in TARGETS]
    if c["label"] == "positive" and tickets:
        want = [tickets[0], "none"]
    elif c["label"] == "negative" and tickets:
        want = [x for x in ["01", "02", "03", "none"] if x != tickets[0]]
    else:
        want = ["01", "02", "03", "none"]
    cands = [a for a in accts if a.leaning in want]
    return rng.choices(cands, weights=[a.weight for a in cands])[0]


def user_obj(a: Account) -> dict:
    return {
        "id": a.id,
        "name": a.name,
        "username": a.username,
        "created_at": iso_z_ms(a.created),
        "description": a.desc,
        "location": a.location,
        "protected": False,
        "verified": a.verified,
        "profile_image_url": "https://pbs.twimg.com/profile_images/%d/%s_normal.jpg" % (
            abs(hash_int(a.id)) % 10 ** 18 + 10 ** 18, a.id[-8:]),
        "url": "",
        "public_metrics": {"followers_count": a.followers, "following_count": a.following,
                           "tweet_count": a.tweets, "listed_count": a.followers // 400},
    }


def hash_int(s: str) -> int:
    return int(hashlib.sha256(s.encode()).hexdigest()[:16], 16)


def build_twitter(rng, names, planner, accts, buzzers, n_v2_orig, n_rt, n_harvest_only, n_overlap):
    """Returns (v2_tweets, includes_map, harvest_rows, extra) as structured tweets."""
    handle_to_acct = {a.username: a for a in accts + buzzers}
    # mentioned users that are not collected authors are simply accounts from the same population
    tweets = []  # every tweet object we create (dicts), in creation order
    days = all_days()

    def new_tweet(ts, c, author, kind, in_v2, in_harvest):
        t = dict(ts=ts, c=c, author=author, kind=kind, in_v2=in_v2, in_harvest=in_harvest,
                 id=None, text=None, refs=[], conv=None, reply_to=None, metrics=None, quoted=None)
        tweets.append(t)
        return t

    # ---- originals: v2 + harvest-only; on-topic vs noise streams
    n_orig = n_v2_orig + n_harvest_only
    n_noise = int(round(n_orig * 0.31))
    n_topic = n_orig - n_noise
    slots = []
    for on_topic, total in [(True, n_topic), (False, n_noise)]:
        alloc = allocate(total, [day_weight(d, on_topic) for d in days])
        for d, k in zip(days, alloc):
            for _ in range(k):
                slots.append((time_of_day(d, rng, on_topic), on_topic))
    slots.sort(key=lambda x: x[0])
    # which slots go to harvest-only: random subset
    idx = list(range(len(slots)))
    rng.shuffle(idx)
    harvest_only = set_list_mark(len(slots), idx[:n_harvest_only])
    for i, (ts, on_topic) in enumerate(slots):
        c = planner.content(ts, "twitter", noise=not on_topic, maxlen=265, en_p=0.085)
        if c["kind"].startswith("noise"):
            pass
        elif c["lang"] == "in" and c["origin"] != "written":
            for tg in pick_tags(rng, c, ts, 0.25):
                if len(c["text"]) + len(tg) + 2 <= 280:
                    c["text"] = add_hashtags(c["text"], [tg])
        elif c["origin"] == "written" and c["kind"] not in ("noise-trap",):
            for tg in pick_tags(rng, c, ts, 0.15):
                if len(c["text"]) + len(tg) + 2 <= 280:
                    c["text"] = add_hashtags(c["text"], [tg])
        author = choose_author(rng, accts, c)
        t = new_tweet(ts.astimezone(UTC), c, author, "original", not harvest_only[i], harvest_only[i])
    originals = list(tweets)

    # ---- replies and quotes: convert some originals into replies/quotes of earlier tweets
    by_time = [t for t in sorted(originals, key=lambda t: t["ts"]) if not t["c"]["kind"].startswith("noise")]
    for j, t in enumerate(by_time):
        if j < 30:
            continue
        u = rng.random()
        if u < 0.24:
            # a reply to a recent on-topic tweet
            parent = by_time[rng.randint(max(0, j - 40), j - 1)]
            if parent["author"] is t["author"] or t["ts"] - parent["ts"] > dt.timedelta(days=3):
                continue
            t["kind"] = "reply"
            t["reply_to"] = parent
        elif u < 0.32:
            parent = by_time[rng.randint(max(0, j - 60), j - 1)]
            if parent["author"] is t["author"] or t["ts"] - parent["ts"] > dt.timedelta(days=5):
                continue
            t["kind"] = "quote"
            t["quoted"] = parent

    # ---- buzzer cluster
    for (d, hh, mm, base) in BUZZER_SCRIPTS:
        variants = buzzer_variants(rng, base)
        for k, a in enumerate(buzzers):
            ts = dt.datetime(d.year, d.month, d.day, hh, mm, rng.randint(0, 59), tzinfo=WIB).astimezone(UTC)
            txt = variants[k]
            c = dict(text=txt, lang="in", targets=planner._targets_in(txt), label="positive", origin="written",
                     pool_ids=[], kind="buzzer")
            planner.stats["written"] += 1
            new_tweet(ts, c, a, "original", True, False)
    # buzzers also post ordinary things now and then
    for t in originals:
        if t["in_v2"] and t["c"]["label"] == "positive" and "02" in [TARGETS[x]["ticket"] for x in t["c"]["targets"]
                                                                       if x in TARGETS] and rng.random() < 0.06:
            t["author"] = rng.choice(buzzers)

    # ---- ids (consistent with created_at), then text finishing
    for t in tweets:
        t["id"] = snowflake(t["ts"], rng)
    for t in tweets:
        c = t["c"]
        text = c["text"]
        if t["kind"] == "reply":
            p = t["reply_to"]
            prefix = "@" + p["author"].username + " "
            if rng.random() < 0.15:
                other = rng.choice(accts)
                if other is not p["author"]:
                    prefix += "@" + other.username + " "
            if len(prefix + text) > 280:
                prefix = "@" + p["author"].username + " "
            text = prefix + text
            if len(text) > 280:            # too long to be a reply: trim at a word, as the author would
                text = text[:279].rsplit(" ", 1)[0]
            root = p
            while root["kind"] == "reply" and root["reply_to"] is not None:
                root = root["reply_to"]
            t["conv"] = root["id"]
        else:
            t["conv"] = t["id"]
        t["text"] = text
        # metrics: heavy-tailed; followers help
        a = t["author"]
        f = 1.0 + math.log10(1 + a.followers) / 2.0
        likes = heavy(rng, 3.0 * f, 1.15, 90000)
        t["metrics"] = dict(retweet_count=int(likes * rng.uniform(0.1, 0.45)),
                            reply_count=int(likes * rng.uniform(0.02, 0.15)),
                            like_count=likes,
                            quote_count=int(likes * rng.uniform(0.0, 0.05)),
                            bookmark_count=int(likes * rng.uniform(0.0, 0.08)),
                            impression_count=int(likes * rng.uniform(25, 70) + a.followers * rng.uniform(0.02, 0.3)
                                                 + rng.randint(3, 120)))
    # a few viral posts
    cands = [t for t in tweets if t["kind"] == "original" and not t["c"]["kind"].startswith("noise")
             and t["in_v2"] and t["c"]["kind"] != "buzzer"]
    rng.shuffle(cands)
    for t in cands[:6]:
        likes = rng.randint(15000, 85000)
        t["metrics"].update(like_count=likes, retweet_count=int(likes * rng.uniform(0.25, 0.5)),
                            reply_count=int(likes * rng.uniform(0.03, 0.1)), quote_count=int(likes * 0.02),
                            impression_count=likes * rng.randint(40, 90))

    # ---- retweets: of popular originals, shortly after them
    pop = [t for t in tweets if t["kind"] in ("original", "quote") and not t["c"]["kind"].startswith("noise")
           and t["c"]["kind"] != "buzzer"]
    wts = [(1 + t["metrics"]["retweet_count"]) ** 0.35 * (0.2 if t["c"]["origin"] == "written" else 1.0)
           for t in pop]
    retweets = []
    n_of: dict[int, int] = {}
    # what gets retweeted follows what is posted: a uniformly drawn original picks the stratum
    # (first candidate, tone), then engagement picks the tweet inside it
    strata: dict[tuple, list[int]] = {}
    for i, t in enumerate(pop):
        key = ((t["c"]["targets"] or ["-"])[0], t["c"]["label"])
        strata.setdefault(key, []).append(i)
    while len(retweets) < n_rt:
        j = rng.randrange(len(pop))
        key = ((pop[j]["c"]["targets"] or ["-"])[0], pop[j]["c"]["label"])
        members = strata[key]
        mw = [wts[k] for k in members]
        if sum(mw) <= 0:
            continue
        i = rng.choices(members, weights=mw)[0]
        o = pop[i]
        n_of[i] = n_of.get(i, 0) + 1
        if n_of[i] >= 7:
            wts[i] = 0.0                      # at most 7 retweets of one tweet in the collection
        delay = dt.timedelta(seconds=int(min(6 * 86400, rng.expovariate(1 / 5400.0))) + 5)
        ts = o["ts"] + delay
        if ts >= END_TS:
            ts = o["ts"] + (END_TS - o["ts"]) * rng.random()
            ts = ts.replace(microsecond=0)
        c = o["c"]
        a = choose_author(rng, accts, dict(c, label="positive" if c["label"] != "negative" else "negative"))
        if a is o["author"]:
            continue
        rt = dict(ts=ts, c=dict(c, origin="retweet", base_origin=c["origin"]), author=a, kind="retweet", in_v2=True, in_harvest=False,
                  id=snowflake(ts, rng), retweet_of=o, conv=None, reply_to=None, quoted=None, refs=[])
        head = "RT @%s: " % o["author"].username
        full = head + o["text"]
        rt["text"] = full if len(full) <= 140 else full[:139] + "…"
        rt["conv"] = rt["id"]
        rt["metrics"] = dict(retweet_count=o["metrics"]["retweet_count"], reply_count=0, like_count=0,
                             quote_count=0, bookmark_count=0, impression_count=0)
        retweets.append(rt)
    tweets.extend(retweets)

    # ---- one long post (note_tweet)
    long_t = dict(ts=dt.datetime(2024, 1, 8, 1, 12, 40, tzinfo=UTC), c=dict(
        text=LONG_POST, lang="in", targets=planner._targets_in(LONG_POST), label="neutral", origin="written",
        pool_ids=[], kind="long"), author=rng.choice([a for a in accts if a.followers > 2000] or accts),
        kind="original", in_v2=True, in_harvest=False, refs=[], reply_to=None, quoted=None)
    planner.stats["written"] += 1
    long_t["id"] = snowflake(long_t["ts"], rng)
    long_t["conv"] = long_t["id"]
    long_t["text"] = LONG_POST
    long_t["metrics"] = dict(retweet_count=812, reply_count=164, like_count=3120, quote_count=97,
                             bookmark_count=455, impression_count=288410)
    tweets.append(long_t)

    # ---- overlap set: v2 originals/replies that are also in the harvest CSV
    ov = [t for t in tweets if t["in_v2"] and t["kind"] in ("original", "reply") and t["c"]["kind"] not in
          ("buzzer", "long") and len(t["text"]) <= 280]
    rng.shuffle(ov)
    for t in ov[:n_overlap]:
        t["in_harvest"] = True
        t["overlap"] = True
    return tweets


def set_list_mark(n, idxs):
    out = [False] * n
    for i in idxs:
        out[i] = True
    return out


def buzzer_variants(rng, base):
    out = [base]
    swaps = [("!", "!!"), ("nyata", "konkret"), (" #", " 🇮🇩 #"), ("Lanjutkan", "Lanjutkan terus"),
             ("tenang", "kalem"), ("Pemimpin sejati", "Ini pemimpin sejati"), ("cerdas", "pintar"),
             ("Terima kasih", "Makasih"), ("satu putaran", "menang satu putaran"), ("Anak muda bisa", "Anak muda hebat")]
    while len(out) < 5:
        t = base
        for a, b in rng.sample(swaps, 3):
            if a in t:
                t = t.replace(a, b, 1)
        if rng.random() < 0.5:
            t = t + rng.choice([" 💪", " 🔥", " 👍", " 🙏"])
        if t not in out:
            out.append(t)
    return out


LONG_POST = (
    "Catatan saya soal debat capres ketiga semalam (pertahanan, hubungan internasional, geopolitik). "
    "Pertama, ketiga capres sepakat anggaran pertahanan perlu naik, tapi tidak ada yang menjelaskan dari mana "
    "uangnya dan berapa persen PDB yang realistis. Kedua, Anies dan Ganjar sama-sama menyerang soal pengadaan "
    "alutsista bekas; Prabowo menjawab dengan data yang menurutnya rahasia negara, dan di situ debat jadi panas. "
    "Ketiga, soal Laut China Selatan jawabannya mirip: diplomasi dulu, perkuat Bakamla dan TNI AL. Keempat, "
    "isu siber dan kebocoran data hampir tidak dibahas padahal itu ancaman paling nyata hari ini. "
    "Buat saya debat ini lebih banyak adu serangan daripada adu gagasan. Nilai: Anies unggul retorika, Ganjar "
    "paling rapi soal data, Prabowo paling menguasai materi tapi terpancing emosi. Silakan dikoreksi kalau ada "
    "yang keliru, ini catatan pribadi dari siaran ulang. #DebatCapres #Pemilu2024"
)


# --------------------------------------------------------------------------
# main generation
# --------------------------------------------------------------------------

def generate(seed: int) -> dict:
    master = random.Random(seed)
    child = lambda: random.Random(master.getrandbits(64))  # noqa: E731
    r_names, r_plan, r_tw, r_tt, r_fb, r_yt, r_bad = (child() for _ in range(7))
    names = Names(r_names)
    pool = load_pool()
    planner = Planner(pool, r_plan, names)
    stats: dict = {"files": {}, "records": []}

    accts = make_x_accounts(r_tw, names, 1000)
    buzzers = make_buzzers(r_tw, names)
    tweets = build_twitter(r_tw, names, planner, accts, buzzers,
                           n_v2_orig=880, n_rt=720, n_harvest_only=440, n_overlap=60)
    write_twitter_v2(r_tw, tweets, accts + buzzers, stats)
    write_harvest(r_tw, tweets, stats)
    write_tiktok(r_tt, planner, names, stats, n=850)
    write_crowdtangle(r_fb, planner, stats, n=850)
    write_youtube(r_yt, planner, names, stats, n=640)
    stats["planner"] = planner.stats
    stats["tweets"] = tweets
    return stats


# ---- X / Twitter API v2 (twarc2) -------------------------------------------

def tweet_obj(t, rng) -> dict:
    text = t["text"]
    c = t["c"]
    obj = {
        "edit_history_tweet_ids": [str(t["id"])],
        "id": str(t["id"]),
        "text": text,
        "created_at": iso_z_ms(t["ts"]),
        "author_id": t["author"].id,
        "conversation_id": str(t["conv"]),
        "lang": c["lang"],
        "possibly_sensitive": False,
        "reply_settings": "everyone",
        "public_metrics": dict(t["metrics"]),
    }
    ent = {}
    tags = [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in TAG_RE.finditer(text)]
    if tags:
        ent["hashtags"] = tags
    ments = [{"start": m.start(), "end": m.end(), "username": m.group(1), "id": t["_mention_ids"].get(m.group(1))}
             for m in MENTION_RE.finditer(text) if t["_mention_ids"].get(m.group(1))]
    if ments:
        ent["mentions"] = ments
    urls = [{"start": m.start(), "end": m.end(), "url": m.group(0),
             "expanded_url": "https://" + rng.choice(["www.instagram.com/p/", "youtu.be/", "kumparan.example/",
                                                      "news.example.id/politik/"]) + rand_str(rng, 11),
             "display_url": "link"} for m in URL_RE.finditer(text)]
    for u in urls:
        u["display_url"] = u["expanded_url"].replace("https://", "")[:26] + "…"
    if urls:
        ent["urls"] = urls
    if ent:
        obj["entities"] = ent
    if t["kind"] == "reply":
        obj["referenced_tweets"] = [{"type": "replied_to", "id": str(t["reply_to"]["id"])}]
        obj["in_reply_to_user_id"] = t["reply_to"]["author"].id
    elif t["kind"] == "quote":
        obj["referenced_tweets"] = [{"type": "quoted", "id": str(t["quoted"]["id"])}]
    elif t["kind"] == "retweet":
        obj["referenced_tweets"] = [{"type": "retweeted", "id": str(t["retweet_of"]["id"])}]
    if t["c"].get("kind") == "long":
        obj["note_tweet"] = {"text": LONG_POST}
        cut = LONG_POST[:272].rsplit(" ", 1)[0]
        obj["text"] = cut + " …"
        hts = [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in TAG_RE.finditer(LONG_POST)]
        obj["note_tweet"]["entities"] = {"hashtags": hts}
        obj.pop("entities", None)
    # key order like the API (stable)
    return obj


def write_twitter_v2(rng, tweets, all_accts, stats):
    by_user = {a.username: a for a in all_accts}
    for t in tweets:
        ids = {}
        for m in MENTION_RE.finditer(t["text"]):
            a = by_user.get(m.group(1))
            if a:
                ids[m.group(1)] = a.id
        t["_mention_ids"] = ids
    v2 = [t for t in tweets if t["in_v2"]]
    v2.sort(key=lambda t: (t["ts"], t["id"]), reverse=True)   # search returns newest first
    pages = [v2[i:i + 100] for i in range(0, len(v2), 100)]
    lines = []
    query = ("(prabowo OR gibran OR anies OR muhaimin OR \"cak imin\" OR ganjar OR mahfud OR amin OR capres OR "
             "cawapres OR pilpres OR pemilu OR kpu OR bawaslu OR debat OR kecurangan OR hoaks) (lang:in OR lang:en)")
    from urllib.parse import quote
    base_url = ("https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Cin_reply_to_user_id%2C"
                "referenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username%2C"
                "attachments.poll_ids%2Cattachments.media_keys%2Cgeo.place_id&tweet.fields=attachments%2Cauthor_id"
                "%2Cconversation_id%2Ccreated_at%2Centities%2Cgeo%2Cid%2Cin_reply_to_user_id%2Clang%2C"
                "note_tweet%2Cpossibly_sensitive%2Cpublic_metrics%2Creferenced_tweets%2Creply_settings%2Ctext%2C"
                "edit_history_tweet_ids&user.fields=created_at%2Cdescription%2Cid%2Clocation%2Cname%2C"
                "profile_image_url%2Cprotected%2Cpublic_metrics%2Curl%2Cusername%2Cverified&max_results=100"
                "&query=" + quote(query, safe="") + "&start_time=2023-11-27T17%3A00%3A00Z"
                "&end_time=2024-03-20T17%3A00%3A00Z")
    next_tokens = [rand_str(rng, 44, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in pages]
    n_data = 0
    for pi, page in enumerate(pages):
        data = [tweet_obj(t, rng) for t in page]
        users, inc_tweets = [], []
        seen_u, seen_t = {}, {}

        def add_user(a):
            if a.id not in seen_u:
                seen_u[a.id] = 1
                users.append(user_obj(a))
        for t in page:
            add_user(t["author"])
        for t in page:
            ref = t.get("reply_to") or t.get("quoted") or t.get("retweet_of")
            if ref is not None and str(ref["id"]) not in seen_t:
                seen_t[str(ref["id"])] = 1
                inc_tweets.append(tweet_obj(ref, rng))
                add_user(ref["author"])
        for t in page:
            for m in MENTION_RE.finditer(t["text"]):
                a = by_user.get(m.group(1))
                if a:
                    add_user(a)
            ref = t.get("retweet_of")
            if ref is not None:
                for m in MENTION_RE.finditer(ref["text"]):
                    a = by_user.get(m.group(1))
                    if a:
                        add_user(a)
        meta = {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"], "result_count": len(data)}
        if pi < len(pages) - 1:
            meta["next_token"] = next_tokens[pi]
        url = base_url + ("&next_token=" + next_tokens[pi - 1] if pi > 0 else "")
        retrieved = dt.datetime(2024, 3, 21, 2, 11, 5, tzinfo=UTC) + dt.timedelta(seconds=pi * 3 + rng.randint(0, 2))
        obj = {"data": data, "includes": {"users": users, "tweets": inc_tweets}, "meta": meta,
               "__twarc": {"url": url, "version": "2.14.0", "retrieved_at": retrieved.isoformat()}}
        lines.append(json.dumps(obj))
        n_data += len(data)
    # the killed collector: a second run (refetching 28 Nov - 3 Dec) was killed while writing a page
    trunc_src = [t for t in v2 if t["ts"] < dt.datetime(2023, 12, 4, tzinfo=UTC)][:40]
    data = [tweet_obj(t, rng) for t in trunc_src]
    obj = {"data": data, "includes": {"users": [user_obj(t["author"]) for t in trunc_src[:30]]},
           "meta": {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"], "result_count": len(data),
                    "next_token": rand_str(rng, 44, "abcdefghijklmnopqrstuvwxyz0123456789")},
           "__twarc": {"url": base_url.replace("2024-03-20T17", "2023-12-03T17"), "version": "2.14.0",
                       "retrieved_at": "2024-03-22T08:40:17+00:00"}}
    s = json.dumps(obj)
    cut = int(len(s) * 0.37)
    broken = s[:cut]
    path = os.path.join(SAMPLE, "x-twitter-v2-pages.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for ln in lines:
            f.write(ln + "\n")
        f.write(broken)           # no newline: the process was killed mid-write
    kinds = {}
    for t in v2:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
        stats["records"].append(dict(file="x-twitter-v2-pages.jsonl", id=str(t["id"]), ts=t["ts"], c=t["c"],
                                     text=t["text"] if t["c"].get("kind") != "long" else LONG_POST,
                                     kind=t["kind"], status="dup-of-harvest" if t.get("overlap") else "ok"))
    stats["files"]["x-twitter-v2-pages.jsonl"] = dict(lines=len(lines) + 1, pages_ok=len(lines), tweets=n_data,
                                                      kinds=kinds, broken_lines=1,
                                                      broken_line_no=len(lines) + 1,
                                                      overlap=sum(1 for t in v2 if t.get("overlap")))


# ---- tweet-harvest CSV (pandas re-save) -------------------------------------
HARVEST_COLS = ["conversation_id_str", "created_at", "favorite_count", "full_text", "id_str", "image_url",
                "in_reply_to_screen_name", "lang", "location", "quote_count", "reply_count", "retweet_count",
                "tweet_url", "user_id_str", "username"]


def twitter_date(ts: dt.datetime) -> str:
    u = ts.astimezone(UTC)
    return "%s %s %02d %02d:%02d:%02d +0000 %d" % (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][u.weekday()],
                                                   ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                                    "Oct", "Nov", "Dec"][u.month - 1], u.day, u.hour, u.minute,
                                                   u.second, u.year)


def write_harvest(rng, tweets, stats):
    rows = [t for t in tweets if t["in_harvest"]]
    # tweet-harvest output is grouped by the search runs; each run newest first
    rows.sort(key=lambda t: (t["ts"].astimezone(WIB).date().isocalendar()[:2], -t["ts"].timestamp()))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([""] + HARVEST_COLS)
    recs = []
    for t in rows:
        m = dict(t["metrics"])
        if t.get("overlap"):
            # scraped a few days after twarc ran: counts a bit higher
            for k in ("like_count", "retweet_count", "reply_count", "quote_count"):
                m[k] = m[k] + max(1, int(m[k] * rng.uniform(0.02, 0.12))) if m[k] or rng.random() < 0.5 else m[k]
        img = ""
        if rng.random() < 0.12:
            img = "https://pbs.twimg.com/media/%s.jpg" % rand_str(rng, 15, B64U)
        recs.append([str(t["conv"]), twitter_date(t["ts"]), m["like_count"], t["text"], str(t["id"]), img,
                     t["reply_to"]["author"].username if t["kind"] == "reply" else "", t["c"]["lang"],
                     t["author"].location, m["quote_count"], m["reply_count"], m["retweet_count"],
                     "https://x.com/%s/status/%d" % (t["author"].username, t["id"]), t["author"].id,
                     t["author"].username, t])
    # broken rows: a garbage created_at and an empty full_text (not among the overlap)
    plain = [i for i, r in enumerate(recs) if not r[-1].get("overlap")]
    i_bad_date, i_empty = plain[len(plain) // 3], plain[(2 * len(plain)) // 3]
    recs[i_bad_date][1] = "not a date"
    recs[i_empty][3] = ""
    for i, r in enumerate(recs):
        w.writerow([i] + r[:-1])
        t = r[-1]
        status = "ok"
        if i == i_bad_date:
            status = "reject:created_at"
        elif i == i_empty:
            status = "reject:empty-text"
        stats["records"].append(dict(file="x-tweet-harvest.csv", id=str(t["id"]), ts=t["ts"], c=t["c"],
                                     text=r[3], kind=t["kind"], status=status))
    path = os.path.join(SAMPLE, "x-tweet-harvest.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
    stats["files"]["x-tweet-harvest.csv"] = dict(rows=len(recs), overlap=sum(1 for r in recs if r[-1].get("overlap")),
                                                 bad_date_row=i_bad_date, empty_text_row=i_empty,
                                                 bad_date_id=recs[i_bad_date][4], empty_text_id=recs[i_empty][4],
                                                 replies=sum(1 for r in recs if r[6]))
    stats["harvest_broken_ids"] = [recs[i_bad_date][4], recs[i_empty][4]]


# ---- TikTok Research API -----------------------------------------------------
TT_TAGS_GENERIC = ["fyp", "fypシ", "fypage", "foryou", "viral", "xyzbca", "trending", "foryoupage", "masukberanda"]
TT_TAGS_POLITICS = ["pemilu2024", "pilpres2024", "politik", "beritaterkini", "capres2024"]


def write_tiktok(rng, planner, names, stats, n):
    days = all_days()
    n_noise = int(n * 0.22)
    slots = []
    for on_topic, total in [(True, n - n_noise), (False, n_noise)]:
        for d, k in zip(days, allocate(total, [day_weight(d, on_topic) for d in days])):
            for _ in range(k):
                slots.append((time_of_day(d, rng, on_topic), on_topic))
    slots.sort(key=lambda x: x[0], reverse=True)
    creators = []
    for _ in range(420):
        _, h = names.person()
        h = h.lower().replace("_", rng.choice(["_", ".", ""]))
        creators.append((h, rng.paretovariate(1.1)))
    videos = []
    for ts, on_topic in slots:
        c = planner.content(ts, "tiktok", noise=not on_topic, en_p=0.04)
        desc = c["text"]
        tags = []
        if on_topic:
            tags = pick_tags(rng, c, ts, 0.9)
            if rng.random() < 0.4:
                tags.append(rng.choice(TT_TAGS_POLITICS))
        tags += rng.sample(TT_TAGS_GENERIC, rng.randint(1, 3))
        tags = [t.lower() for t in dict.fromkeys(tags)]
        if len(desc) > 150 and rng.random() < 0.5:
            desc = desc[:150].rsplit(" ", 1)[0] + "…"
        desc = desc + " " + " ".join("#" + t for t in tags)
        h, _w = rng.choices(creators, weights=[w for _, w in creators])[0]
        uts = int(ts.timestamp())
        views = heavy(rng, 900, 1.05, 40_000_000) + rng.randint(80, 900)
        v = {
            "id": (uts << 32) | rng.getrandbits(32),
            "video_description": desc,
            "create_time": uts,
            "region_code": "ID",
            "username": h,
            "like_count": int(views * rng.uniform(0.01, 0.12)),
            "comment_count": int(views * rng.uniform(0.0005, 0.01)),
            "share_count": int(views * rng.uniform(0.0005, 0.02)),
            "view_count": views,
            "hashtag_names": tags,
            "music_id": (rng.randint(1_600_000_000, uts) << 32) | rng.getrandbits(32),
        }
        if on_topic and rng.random() < 0.3:
            v2 = planner.content(ts, "tiktok", noise=False, en_p=0.0)
            speech = re.sub(r"https://t\.co/\w+|@\w+|#\w+", "", v2["text"])
            speech = re.sub(r"[^\w\s'-]", "", speech).lower()
            v["voice_to_text"] = re.sub(r"\s+", " ", speech).strip()
        if rng.random() < 0.05:
            v["playlist_id"] = rng.randint(7_000_000_000_000_000_000, 7_300_000_000_000_000_000)
        videos.append((v, c))
    # a few viral videos
    topical = [v for v, c in videos if not c["kind"].startswith("noise")]
    for v in rng.sample(topical, 3):
        views = rng.randint(1_200_000, 4_800_000)
        v.update(view_count=views, like_count=int(views * rng.uniform(0.05, 0.11)),
                 comment_count=int(views * rng.uniform(0.002, 0.006)), share_count=int(views * rng.uniform(0.01, 0.03)))
    # broken: empty description and no voice_to_text
    bad_i = len(videos) // 2 + 7
    bad = videos[bad_i][0]
    bad["video_description"] = ""
    bad.pop("voice_to_text", None)
    bad["hashtag_names"] = []
    pages = [videos[i:i + 100] for i in range(0, len(videos), 100)]
    search_id = str((1710990000 << 32) | rng.getrandbits(32))
    path = os.path.join(SAMPLE, "tiktok-research-videos.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for pi, page in enumerate(pages):
            resp = {"data": {"videos": [v for v, _ in page], "cursor": (pi + 1) * 100,
                             "has_more": pi < len(pages) - 1, "search_id": search_id},
                    "error": {"code": "ok", "message": "",
                              "log_id": "20240321%02d%02d%02d%s" % (3, 10 + pi // 60, pi % 60,
                                                                     rand_str(rng, 20, "0123456789ABCDEF"))}}
            f.write(json.dumps(resp, ensure_ascii=False) + "\n")
    stats["files"]["tiktok-research-videos.jsonl"] = dict(lines=len(pages), videos=len(videos), broken_video_id=bad["id"],
                                                          with_voice=sum(1 for v, _ in videos if "voice_to_text" in v))
    for v, c in videos:
        stats["records"].append(dict(file="tiktok-research-videos.jsonl", id=str(v["id"]),
                                     ts=dt.datetime.fromtimestamp(v["create_time"], UTC), c=c,
                                     text=v["video_description"] + " " + v.get("voice_to_text", ""), kind="post",
                                     status="reject:no-text" if v is bad else "ok"))


# ---- CrowdTangle CSV ---------------------------------------------------------
CT_COLS = ["Page Name", "User Name", "Facebook Id", "Page Category", "Page Admin Top Country", "Page Description",
           "Page Created", "Likes at Posting", "Followers at Posting", "Post Created", "Post Created Date",
           "Post Created Time", "Type", "Total Interactions", "Likes", "Comments", "Shares", "Love", "Wow", "Haha",
           "Sad", "Angry", "Care", "Video Share Status", "Is Video Owner?", "Post Views", "Total Views",
           "Total Views For All Crossposts", "Video Length", "URL", "Message", "Link", "Final Link", "Image Text",
           "Link Text", "Description", "Sponsor Id", "Sponsor Name", "Sponsor Category",
           "Overperforming Score (weighted  —  Likes 1x Shares 1x Comments 1x Love 1x Wow 1x Haha 1x Sad 1x "
           "Angry 1x Care 1x )"]
FB_PAGES = [  # name, username, category, kind, leaning, description
    ("Warta Nusantara", "wartanusantaraid", "MEDIA_NEWS_COMPANY", "news", None, "Berita terkini dari seluruh Nusantara."),
    ("Lensa Pemilu", "lensapemilu", "NEWS_SITE", "news", None, "Kabar pemilu, data, dan cek fakta."),
    ("Detak Politik", "detakpolitik", "MEDIA_NEWS_COMPANY", "news", None, "Politik hari ini tanpa basa-basi."),
    ("Suara Warga Online", "suarawargaonline", "NEWS_SITE", "news", None, "Dari warga, untuk warga."),
    ("Kabar Jateng Hari Ini", "kabarjatengharini", "MEDIA_NEWS_COMPANY", "news", None, "Berita Jawa Tengah."),
    ("Info Medan Terkini", "infomedanterkini", "MEDIA", "news", None, "Info dan berita Kota Medan."),
    ("The Archipelago Post", "archipelagopost", "NEWS_SITE", "news_en", None, "Independent news from Indonesia."),
    ("Relawan Prabowo-Gibran Jateng", "relawanpg.jateng", "POLITICAL_ORGANIZATION", "fan", "02", "Relawan 02 Jawa Tengah."),
    ("Sahabat Prabowo Gibran", "sahabatprabowogibran", "COMMUNITY", "fan", "02", "Bersatu untuk Indonesia maju."),
    ("Kader Gerindra Nusantara", "kadergerindranusantara", "POLITICAL_PARTY", "party", "02", "Kabar kader."),
    ("Sahabat AMIN Bandung", "sahabatamin.bdg", "COMMUNITY", "fan", "01", "Relawan perubahan Bandung Raya."),
    ("Barisan Kader PKB", "barisankaderpkb", "POLITICAL_PARTY", "party", "01", "Kader PKB bergerak."),
    ("NasDem Muda Bergerak", "nasdemmudabergerak", "POLITICAL_PARTY", "party", "01", "Anak muda NasDem."),
    ("Ganjar-Mahfud Muda Surabaya", "gamamuda.sby", "COMMUNITY", "fan", "03", "Relawan muda 03 Surabaya."),
    ("Kader Banteng Muda", "kaderbantengmuda", "POLITICAL_PARTY", "party", "03", "Kader muda PDI Perjuangan."),
    ("Forum Diskusi Politik Indonesia", "forumdiskusipolitik.id", "COMMUNITY", "community", None, "Diskusi sehat."),
    ("Info Seputar Bekasi", "infoseputarbekasi", "COMMUNITY", "community", None, "Info warga Bekasi."),
    ("Kumpulan Emak-Emak Cerdas", "emakemakcerdas", "COMMUNITY", "community", None, "Berbagi info keluarga."),
]


def write_crowdtangle(rng, planner, stats, n):
    days = all_days()
    pages = []
    for (name, uname, cat, kind, lean, desc) in FB_PAGES:
        created = dt.datetime(rng.randint(2010, 2022), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                              rng.randint(0, 59), rng.randint(0, 59))
        base = {"news": 1_200_000, "news_en": 180_000, "fan": 60_000, "party": 90_000, "community": 300_000}[kind]
        followers = int(base * rng.uniform(0.3, 2.0))
        pages.append(dict(name=name, uname=uname, cat=cat, kind=kind, lean=lean, desc=desc,
                          fid=rng.randint(100_000_000_000_000, 109_999_999_999_999), created=created,
                          followers=followers, likes=int(followers * rng.uniform(0.7, 0.95)),
                          weight={"news": 2.0, "news_en": 1.4, "fan": 1.6, "party": 1.0, "community": 1.5}[kind]))
    n_noise = int(n * 0.22)
    slots = []
    for on_topic, total in [(True, n - n_noise), (False, n_noise)]:
        for d, k in zip(days, allocate(total, [day_weight(d, on_topic) for d in days])):
            for _ in range(k):
                slots.append((time_of_day(d, rng, on_topic), on_topic))
    slots.sort(key=lambda x: x[0], reverse=True)     # CrowdTangle exports newest first
    rows = []
    for ts, on_topic in slots:
        # what is said first (so the tone plan holds), then a page that would say it
        if not on_topic:
            c = planner.content(ts, "facebook", noise=True)
            # vaccine news on news and community pages; everyday chatter on community pages only
            cands = [p for p in pages if p["kind"] == "community" or
                     (p["kind"] == "news" and c["kind"] == "noise-vaksin")]
        else:
            c = planner.content(ts, "facebook", noise=False, en_p=0.05, news=rng.random() < 0.3)
            if c["lang"] == "en":
                cands = [p for p in pages if p["kind"] == "news_en"]
            elif c["kind"] == "news":
                cands = [p for p in pages if p["kind"] == "news"]
            else:
                cands = [p for p in pages if p["kind"] == "community" or
                         (p["kind"] in ("fan", "party") and fan_ok(p["lean"], c)) or
                         (p["kind"] == "news" and c["label"] == "neutral")]
        pg = rng.choices(cands, weights=[p["weight"] for p in cands])[0]
        msg = c["text"]
        if pg["kind"] in ("fan", "party") and rng.random() < 0.6:
            tk = TICKETS[pg["lean"]]
            msg = add_hashtags(msg, rng.sample(tk["tags"], 2))
        typ = rng.choices(["Photo", "Link", "Status", "Native Video", "Live Video Complete"],
                          weights=[0.38, 0.3 if pg["kind"].startswith("news") else 0.1, 0.12, 0.15, 0.05])[0]
        local = ts.astimezone(WIB)
        scale = pg["followers"] / 20000.0
        likes = heavy(rng, 2.0 * scale, 1.2, 400000)
        love = int(likes * rng.uniform(0.0, 0.3))
        haha = int(likes * rng.uniform(0.0, 0.15))
        angry = int(likes * (rng.uniform(0.05, 0.4) if c["label"] == "negative" else rng.uniform(0.0, 0.05)))
        wow, sad, care = int(likes * rng.uniform(0, 0.03)), int(likes * rng.uniform(0, 0.04)), int(likes * rng.uniform(0, 0.02))
        comments = int(likes * rng.uniform(0.05, 0.6))
        shares = int(likes * rng.uniform(0.02, 0.5))
        total = likes + love + haha + angry + wow + sad + care + comments + shares
        post_id = rng.randint(10 ** 15, 10 ** 16 - 1)
        url = "https://www.facebook.com/%s/posts/%d" % (pg["uname"], post_id)
        link = final = link_text = desc = ""
        video_len = ""
        views = 0
        vss, owner = "", "-"
        if typ == "Link":
            slug = re.sub(r"[^a-z0-9]+", "-", msg.lower())[:60].strip("-")
            link = "https://www.%s.example/%s/%s" % (pg["uname"].replace(".", ""), local.strftime("%Y/%m/%d"), slug)
            final = link
            link_text = msg[:90]
            desc = "Baca selengkapnya di situs kami." if pg["kind"] != "news_en" else "Read more on our site."
        elif typ in ("Native Video", "Live Video Complete"):
            views = heavy(rng, 30 * scale, 1.1, 5_000_000) + rng.randint(50, 2000)
            secs = rng.randint(20, 3600 if typ.startswith("Live") else 300)
            video_len = "%02d:%02d:%02d" % (secs // 3600, secs % 3600 // 60, secs % 60)
            vss, owner = "owned", "Yes"
            link = "https://www.facebook.com/%s/videos/%d/" % (pg["uname"], post_id)
        elif typ == "Photo":
            link = "https://www.facebook.com/photo.php?fbid=%d&set=a.%d&type=3" % (post_id + 1, pg["fid"])
        score = round(rng.gauss(0.0, 1.6) + (1.5 if total > 5000 else 0.0), 2)
        rows.append([pg["name"], pg["uname"], pg["fid"], pg["cat"], "ID", pg["desc"],
                     pg["created"].strftime("%Y-%m-%d %H:%M:%S"), pg["likes"], pg["followers"],
                     local.strftime("%Y-%m-%d %H:%M:%S") + " WIB", local.strftime("%Y-%m-%d"),
                     local.strftime("%H:%M:%S"), typ, total, likes, comments, shares, love, wow, haha, sad, angry,
                     care, vss, owner, views, views, views, video_len, url, msg, link, final, "", link_text, desc,
                     "", "", "", "%.2f" % score, (ts, c)])
    bad_i = next(i for i, r in enumerate(rows) if r[10] == "2024-02-13")
    rows[bad_i][9] = rows[bad_i][9].replace(" WIB", " XYZ")
    path = os.path.join(SAMPLE, "facebook-crowdtangle.csv")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CT_COLS)
    for i, r in enumerate(rows):
        w.writerow(r[:-1])
        ts, c = r[-1]
        stats["records"].append(dict(file="facebook-crowdtangle.csv", id=r[29], ts=ts, c=c, text=r[30], kind="post",
                                     status="reject:timezone" if i == bad_i else "ok"))
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(out.getvalue())
    stats["files"]["facebook-crowdtangle.csv"] = dict(rows=len(rows), bad_row=bad_i + 1, bad_url=rows[bad_i][29])


def fan_ok(lean, c):
    tickets = [TARGETS[t]["ticket"] for t in c["targets"] if t in TARGETS]
    if not tickets:
        return True
    if lean in tickets:
        return c["label"] != "negative"
    return c["label"] == "negative"


# ---- YouTube commentThreads ----------------------------------------------------

def write_youtube(rng, planner, names, stats, n):
    vids = []
    chans = ["UC" + rand_str(rng, 22, B64U) for _ in range(3)]
    for i, deb in enumerate(DEBATES):
        start = dt.datetime(deb[0].year, deb[0].month, deb[0].day, 18, 40, tzinfo=WIB).astimezone(UTC)
        vids.append(dict(id=rand_str(rng, 11, B64U), channel=chans[i % 2], start=start, debate=deb, w=1.0))
        if i in (0, 2, 3):   # a highlights video the next morning on another channel
            vids.append(dict(id=rand_str(rng, 11, B64U), channel=chans[2], start=start + dt.timedelta(hours=14),
                             debate=deb, w=0.45))
    weights = [v["w"] * (1.3 if v["debate"][0] in (D(2024, 1, 7), D(2024, 1, 21)) else 1.0) for v in vids]
    counts = allocate(n, weights)
    authors = []
    for _ in range(520):
        name, h = names.person()
        authors.append(dict(handle=h.lower(), cid="UC" + rand_str(rng, 22, B64U), w=rng.paretovariate(1.3),
                            img="https://yt3.ggpht.com/ytc/" + rand_str(rng, 40, B64U) + "=s48-c-k-c0x00ffffff-no-rj"))
    responses = []
    total_items = 0
    for v, k in zip(vids, counts):
        items = []
        for _ in range(k):
            # most comments in the first hours, then a long tail (some come back on vote day)
            if rng.random() < 0.06:
                ts = dt.datetime(2024, 2, 14, rng.randint(8, 15), rng.randint(0, 59), rng.randint(0, 59),
                                 tzinfo=UTC)
            else:
                ts = v["start"] + dt.timedelta(minutes=20 + int(rng.expovariate(1 / 900.0)))
            if ts >= END_TS:
                ts = v["start"] + dt.timedelta(minutes=rng.randint(30, 600))
            noise = rng.random() < 0.12
            c = planner.content(ts, "youtube", noise=noise, en_p=0.085)
            a = rng.choices(authors, weights=[x["w"] for x in authors])[0]
            text = c["text"]
            if rng.random() < 0.05:
                text = text + "\n" + rng.choice(["Setuju?", "Gimana menurut kalian?", "😂😂", "Salam dari " +
                                                 rng.choice(CITIES)])
            if rng.random() < 0.04:   # a timestamp into the broadcast, as commenters write them
                mins = rng.randint(10, 150)
                stamp = "%d:%02d" % (mins, rng.randint(0, 59)) if mins < 60 else \
                    "%d:%02d:%02d" % (mins // 60, mins % 60, rng.randint(0, 59))
                text = stamp + " " + text
            likes = heavy(rng, 2.0, 1.15, 60000)
            cid = "Ug" + rng.choice("wxyz") + rand_str(rng, 16, B64U) + "4AaABAg"
            upd = ts if rng.random() > 0.04 else ts + dt.timedelta(minutes=rng.randint(1, 300))
            stats["records"].append(dict(file="youtube-comments.json.gz", id=cid, ts=ts, c=c, text=text,
                                         kind="comment", status="ok"))
            items.append((ts, {
                "kind": "youtube#commentThread",
                "etag": rand_str(rng, 27, B64U),
                "id": cid,
                "snippet": {
                    "channelId": v["channel"],
                    "videoId": v["id"],
                    "topLevelComment": {
                        "kind": "youtube#comment",
                        "etag": rand_str(rng, 27, B64U),
                        "id": cid,
                        "snippet": {
                            "channelId": v["channel"],
                            "videoId": v["id"],
                            "textDisplay": yt_display(text, v["id"]),
                            "textOriginal": text,
                            "authorDisplayName": "@" + a["handle"],
                            "authorProfileImageUrl": a["img"],
                            "authorChannelUrl": "http://www.youtube.com/@" + a["handle"],
                            "authorChannelId": {"value": a["cid"]},
                            "canRate": True,
                            "viewerRating": "none",
                            "likeCount": likes,
                            "publishedAt": iso_z(ts),
                            "updatedAt": iso_z(upd),
                        },
                    },
                    "canReply": True,
                    "totalReplyCount": min(500, int(likes * rng.uniform(0.0, 0.2))),
                    "isPublic": True,
                },
            }))
            total_items += 1
        items.sort(key=lambda x: x[0], reverse=True)   # order=time: newest first
        its = [x[1] for x in items]
        pages = [its[i:i + 100] for i in range(0, len(its), 100)]
        for pi, page in enumerate(pages):
            resp = {"kind": "youtube#commentThreadListResponse", "etag": rand_str(rng, 27, B64U)}
            if pi < len(pages) - 1:
                resp["nextPageToken"] = "Z2V0X25ld2VzdF9maXJzdC0tQ2dnSWdBUVZGN2ZST0JJRkNJZ2dHQUFTQlFpb0lCZ0FFZ1VJa" + \
                    rand_str(rng, 30, B64U)
            resp["pageInfo"] = {"totalResults": len(page), "resultsPerPage": 100}
            resp["items"] = page
            responses.append(resp)
    raw = json.dumps(responses, ensure_ascii=False).encode("utf-8")
    path = os.path.join(SAMPLE, "youtube-comments.json.gz")
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(raw)
    stats["files"]["youtube-comments.json.gz"] = dict(responses=len(responses), comments=total_items,
                                                      videos=[(v["id"], v["debate"][0].isoformat(), k)
                                                              for v, k in zip(vids, counts)])


def yt_display(text: str, video_id: str) -> str:
    t = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
         .replace("'", "&#39;"))
    t = re.sub(r"https://t\.co/\w+", lambda m: '<a href="%s">%s</a>' % (m.group(0), m.group(0)), t)
    def stamp(m):
        parts = [int(x) for x in m.group(1).split(":")]
        secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        return '<a href="https://www.youtube.com/watch?v=%s&amp;t=%d">%s</a>' % (video_id, secs, m.group(1))
    t = re.sub(r"^(\d+:\d{2}(?::\d{2})?)", stamp, t)
    return t.replace("\n", "<br>")


# --------------------------------------------------------------------------
# Summary for the README
# --------------------------------------------------------------------------

ALIAS = {
    "prabowo": r"\bprabowo\b", "gibran": r"\bgibran\b", "anies": r"\banies\b",
    "muhaimin": r"\bmuhaimin\b|\bcak imin\b|\bgus imin\b", "ganjar": r"\bganjar\b", "mahfud": r"\bmahfud\b",
}
ALIAS_TICKET = {"02": ["prabowo", "gibran"], "01": ["anies", "muhaimin"], "03": ["ganjar", "mahfud"]}


def mentions(text: str) -> list[str]:
    low = text.lower()
    return [k for k, rx in ALIAS.items() if re.search(rx, low)]


def summarise(stats):
    recs = stats["records"]
    files = ["x-twitter-v2-pages.jsonl", "x-tweet-harvest.csv", "tiktok-research-videos.jsonl",
             "facebook-crowdtangle.csv", "youtube-comments.json.gz"]
    print("\n== expected ingest counts (records = tweets in data[], rows, videos, page posts, comments;")
    print("   duplicates counted on the twarc copy, i.e. files read in path order)")
    print("| file | records read | rejected | duplicates | kept |")
    print("|---|---:|---:|---:|---:|")
    T = [0, 0, 0, 0]
    for f in files:
        rs = [r for r in recs if r["file"] == f]
        read = len(rs) + (1 if f.startswith("x-twitter") else 0)
        rej = sum(1 for r in rs if r["status"].startswith("reject")) + (1 if f.startswith("x-twitter") else 0)
        dup = sum(1 for r in rs if r["status"].startswith("dup"))
        kept = read - rej - dup
        T = [T[0] + read, T[1] + rej, T[2] + dup, T[3] + kept]
        print("| %s | %d | %d | %d | %d |" % (f, read, rej, dup, kept))
    print("| **total** | %d | %d | %d | %d |" % tuple(T))
    kept = [r for r in recs if r["status"] == "ok"]
    n = len(kept)
    by_plat = {}
    for r in kept:
        k = r["file"].split("-")[0]
        by_plat[k] = by_plat.get(k, 0) + 1
    print("\nplatform share of kept posts:", {k: "%.1f%%" % (100.0 * v / n) for k, v in by_plat.items()})
    # origins
    org = {}
    for r in kept:
        o = r["c"]["origin"]
        if r["kind"] == "retweet":
            o = "retweet-of-" + r["c"].get("base_origin", "?")
        org[o] = org.get(o, 0) + 1
    print("\n== text origin of kept posts")
    for k in sorted(org):
        print("  %-26s %5d  %5.1f%%" % (k, org[k], 100.0 * org[k] / n))
    wr = sum(v for k, v in org.items() if k.endswith("written"))
    print("  written incl. retweets of written: %d = %.1f%%" % (wr, 100.0 * wr / n))
    en = sum(1 for r in kept if r["c"]["lang"] == "en")
    print("  English: %d = %.1f%%" % (en, 100.0 * en / n))
    # share of voice (by names in the text)
    sov = {"02": 0, "01": 0, "03": 0}
    two = none = 0
    for r in kept:
        m = mentions(r["text"])
        tks = [t for t in ("02", "01", "03") if any(x in m for x in ALIAS_TICKET[t])]
        for t in tks:
            sov[t] += 1
        if len(tks) >= 2:
            two += 1
        if not tks:
            none += 1
    tot = sum(sov.values())
    print("\n== share of voice (ticket mentions, names only): " +
          ", ".join("%s %.1f%%" % (k, 100.0 * v / tot) for k, v in sov.items()))
    print("  posts naming >=2 tickets: %d (%.1f%%); naming none: %d (%.1f%%)" % (two, 100.0 * two / n, none,
                                                                               100.0 * none / n))
    offt = sum(1 for r in kept if r["c"]["kind"].startswith("noise"))
    print("  off-topic noise posts: %d (%.1f%%)" % (offt, 100.0 * offt / n))
    amen = sum(1 for r in kept if r["c"]["kind"].startswith("noise") and re.search(r"\b(amin|aamiin|amiin|aamin)\b",
                                                                                     r["text"], re.I))
    ganj = sum(1 for r in kept if re.search(r"\bganjaran", r["text"], re.I))
    print("  noise posts with amin/aamiin (amen): %d; posts with 'ganjaran': %d" % (amen, ganj))

    def wib(r):
        return r["ts"].astimezone(WIB)

    def tone(rs):
        k = len(rs)
        if not k:
            return "n=0"
        pos = sum(1 for r in rs if r["c"]["label"] == "positive")
        neg = sum(1 for r in rs if r["c"]["label"] == "negative")
        return "n=%d pos %.0f%% neg %.0f%% net %+.2f" % (k, 100.0 * pos / k, 100.0 * neg / k, (pos - neg) / k)
    print("\n== planted signals (labels of the source texts / templates; all kept posts incl. retweets)")
    pr = [r for r in kept if "prabowo" in mentions(r["text"])]
    print("(a) Prabowo  baseline 28 Nov-6 Jan: %s" % tone([r for r in pr if wib(r) < _wib(2024, 1, 7)]))
    print("             7 Jan 21:30-14 Jan:    %s" % tone([r for r in pr if SIG_PRABOWO[0] <= r["ts"] < SIG_PRABOWO[1]]))
    print("             15 Jan-20 Jan:         %s" % tone([r for r in pr if _wib(2024, 1, 15) <= r["ts"] < _wib(2024, 1, 21)]))
    print("             21 Jan-13 Feb:         %s" % tone([r for r in pr if _wib(2024, 1, 21) <= r["ts"] < _wib(2024, 2, 14)]))
    gb = [r for r in kept if "gibran" in mentions(r["text"])]
    print("(b) Gibran   baseline 28 Nov-20 Jan: %s" % tone([r for r in gb if wib(r) < _wib(2024, 1, 21)]))
    print("             21 Jan 21:30-28 Jan:   %s" % tone([r for r in gb if SIG_GIBRAN[0] <= r["ts"] < SIG_GIBRAN[1]]))
    print("             29 Jan-13 Feb:         %s" % tone([r for r in gb if _wib(2024, 1, 29) <= r["ts"] < _wib(2024, 2, 14)]))
    gim = [r for r in kept if "gimmick" in r["text"].lower()]
    print("             posts with 'gimmick': %d, of which in the window: %d" % (
        len(gim), sum(1 for r in gim if SIG_GIBRAN[0] <= r["ts"] < SIG_GIBRAN[1])))

    def share(rx, lo, hi):
        rs = [r for r in kept if lo <= r["ts"] < hi]
        k = sum(1 for r in rs if re.search(rx, r["text"], re.I))
        return "%d/%d = %.1f%%" % (k, len(rs), 100.0 * k / max(1, len(rs)))
    fr = r"\b(kecurangan|curang|dicurangi)\b"
    print("(c) 'kecurangan|curang' 28 Nov-13 Feb: %s" % share(fr, _wib(2023, 11, 28), _wib(2024, 2, 14)))
    print("                        14 Feb:        %s" % share(fr, _wib(2024, 2, 14), _wib(2024, 2, 15)))
    print("                        15-19 Feb:     %s" % share(fr, _wib(2024, 2, 15), _wib(2024, 2, 20)))
    print("                        20-25 Feb:     %s" % share(fr, _wib(2024, 2, 20), _wib(2024, 2, 26)))
    print("                        26 Feb-20 Mar: %s" % share(fr, _wib(2024, 2, 26), _wib(2024, 3, 21)))
    hx = r"\b(hoaks|hoax|hoaxes|hoaxs|hoaks?nya)\b"
    deb = [r for r in kept if debate_of(r["ts"])]
    non = [r for r in kept if not debate_of(r["ts"]) and wib(r) < _wib(2024, 2, 14)]
    kd = sum(1 for r in deb if re.search(hx, r["text"], re.I))
    kn = sum(1 for r in non if re.search(hx, r["text"], re.I))
    print("(d) 'hoaks|hoax' debate evening + 2 days: %d/%d = %.1f%%; other campaign days: %d/%d = %.1f%%" % (
        kd, len(deb), 100.0 * kd / len(deb), kn, len(non), 100.0 * kn / len(non)))
    print("\n== daily volume (kept posts, WIB days)")
    perday = {}
    for r in kept:
        d = wib(r).date()
        perday[d] = perday.get(d, 0) + 1
    days = all_days()
    base = [perday.get(d, 0) for d in days if d < D(2023, 12, 10)]
    print("  median 28 Nov-9 Dec: %d/day" % sorted(base)[len(base) // 2])
    for d in sorted(set_list(DEBATE_DAYS + [x + dt.timedelta(days=1) for x in DEBATE_DAYS] + QUIET +
                             [D(2024, 2, 9), D(2024, 2, 10), VOTE_DAY, D(2024, 2, 15), D(2024, 2, 16),
                              D(2024, 3, 18), D(2024, 3, 19), RESULT_DAY])):
        print("  %s %4d" % (d.isoformat(), perday.get(d, 0)))
    mx = sorted(perday.items(), key=lambda x: -x[1])[:5]
    print("  top days:", ", ".join("%s %d" % (d.isoformat(), k) for d, k in mx))
    # reuse of pool texts
    uses = {}
    for r in kept:
        if r["kind"] == "retweet":
            continue
        for pid in r["c"].get("pool_ids", []):
            uses[pid] = uses.get(pid, 0) + 1
    hist = {}
    for v in uses.values():
        hist[v] = hist.get(v, 0) + 1
    print("\n== reuse of pool texts (kept non-retweet posts): %d distinct texts; uses histogram %s" % (
        len(uses), dict(sorted(hist.items()))))


def set_list(xs):
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


OUTPUTS = ["x-twitter-v2-pages.jsonl", "x-tweet-harvest.csv", "tiktok-research-videos.jsonl",
           "facebook-crowdtangle.csv", "youtube-comments.json.gz"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-pool", metavar="DATA_DIR", help="step 1: select texts from the source sets")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.build_pool:
        build_pool(args.build_pool, args.seed)
        print("sha256 %s  %s" % (sha256(POOL_TSV), os.path.relpath(POOL_TSV)))
        print("sha256 %s  %s" % (sha256(POOL_LIC), os.path.relpath(POOL_LIC)))
        return 0
    stats = generate(args.seed)
    if not args.quiet:
        summarise(stats)
    kept = [r for r in stats["records"] if r["status"] == "ok"]
    written = sum(1 for r in kept if r["c"]["origin"] == "written" or r["c"].get("base_origin") == "written")
    print("\nwritten-for-suara share (retweets of written posts included): %.1f%% (limit 25%%)"
          % (100.0 * written / len(kept)))
    if written > 0.25 * len(kept):
        print("error: more than 25%% of the posts are written text; adjust the planner", file=sys.stderr)
        return 1
    print("\n== sha256")
    for name in OUTPUTS:
        p = os.path.join(SAMPLE, name)
        print("%s  %s  (%d bytes)" % (sha256(p), os.path.relpath(p), os.path.getsize(p)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
