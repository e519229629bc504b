#!/usr/bin/env python3
"""Builds the word lists suara's text stage ships, from permissively licensed
corpora only (run from the repository root):

    python3 datasets/lexicons/build_wordlists.py /path/to/shared/data

Writes, deterministically (sorted; counts are facts about the corpora):
  id-words.tsv  Indonesian word<TAB>count, count >= 2, from IndoNLU SmSA
                train (MIT), IndoNLU EmoT train (MIT) and the vaccine-2021
                tweets of Hyuto/skripsi (MIT). Validation and test splits are
                left out so that evaluation sets stay unseen.
  en-words.tsv  English word<TAB>count: a hand-written list of common English
                words (written for suara, count 1000 so they always rank) plus
                the alphabetic VADER lexicon tokens (MIT) and words from the
                English twarc test tweets (DocNow, MIT) with count >= 2.
Used for language identification, elongation repair, clitic splitting and
hashtag segmentation; see src/text/.
"""
import collections
import csv
import json
import os
import re
import sys

WORD = re.compile(r"[a-z]+")
NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|#\w+|\[username\]|\[url\]")

# Common English words, written for suara (function words and frequent
# content words of social-media English).
COMMON_EN = """
a about above after again against ago all almost alone along already also although always am among an and another any
anybody anyone anything anyway are around as ask asked at away back bad be became because become been before began
behind being believe best better between big both bring but buy by call called came can cannot care case change
children city come coming could country course day days did different do does doing done down during each early
easy either else end enough even ever every everybody everyone everything fact family far feel few find first
for found free friend friends from full get gets getting give given go goes going gone good got great group had
happen happened has have having he head hear heard help her here herself high him himself his home hope house how
however i if important in into is issue it its itself job just keep kind knew know known last late later least
leave left less let life like likely little live long look looking lot love made make makes making man many may
maybe me mean men might mind more most much must my myself need never new news next nice night no nobody none nor
not nothing now of off often oh old on once one only or other others our out over own part people perhaps place
plan play point power pretty probably problem put question quite rather read real really right said same saw say
says see seem seems seen she should show side since so some somebody someone something sometimes soon sorry still
stop story such sure take taken talk tell than thank thanks that the their them themselves then there these they
thing things think this those though thought through time times to today together told too took toward try trying
turn two under understand until up upon us use used very want wanted was watch way we week well went were what
whatever when where whether which while who whole whom whose why will with within without woman women won wonder
word words work world would wrong yeah year years yes yet you young your yourself
abortion america american americans ballot biden border campaign candidate candidates congress conservative court
debate democracy democrat democratic democrats economy election elections electoral endorse federal governor
inflation justice law liberal majority media nation national office official party poll polls president
presidential primary race rally republican republicans senate senator speech state states supporters tax taxes
trump victory vote voted voter voters votes voting white house
""".split()


def words(text):
    return WORD.findall(NOISE.sub(" ", text.lower()))


def main(data):
    here = os.path.dirname(os.path.abspath(__file__))
    idc = collections.Counter()
    with open(os.path.join(data, "indonlu-smsa/dataset/smsa_doc-sentiment-prosa/train_preprocess.tsv"), encoding="utf-8") as f:
        for line in f:
            idc.update(words(line.rsplit("\t", 1)[0]))
    with open(os.path.join(data, "indonlu-emot/dataset/emot_emotion-twitter/train_preprocess.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            idc.update(words(row["tweet"]))
    with open(os.path.join(data, "id-vaksin2021-tweets-hyuto/data/sample-data.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            idc.update(words(row["content"]))
    with open(os.path.join(here, "id-words.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("# Indonesian word counts from IndoNLU SmSA train + EmoT train (MIT) and the\n")
        out.write("# vaccine-2021 tweets of github.com/Hyuto/skripsi (MIT); see build_wordlists.py.\n")
        for w, c in sorted(idc.items()):
            if c >= 2 and len(w) >= 2 or w in ("a", "i"):
                out.write(f"{w}\t{c}\n")

    enc = collections.Counter()
    for w in COMMON_EN:
        enc[w] = 1000
    with open(os.path.join(data, "vader/vaderSentiment/vader_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            tok = line.split("\t", 1)[0]
            if tok.isalpha() and tok.islower():
                enc[tok] = max(enc[tok], 3)
    tweets = collections.Counter()
    tdir = os.path.join(data, "fmt-twitter-v2-twarc/test-data")
    seen = set()
    for name in sorted(os.listdir(tdir)):
        with open(os.path.join(tdir, name), encoding="utf-8") as f:
            for line in f:
                try:
                    o = json.loads(line)
                except ValueError:
                    continue
                data_items = o.get("data", o)
                items = data_items if isinstance(data_items, list) else [data_items]
                items += o.get("includes", {}).get("tweets", []) if isinstance(o, dict) else []
                for t in items:
                    if isinstance(t, dict) and t.get("lang") == "en" and t.get("id") not in seen:
                        seen.add(t.get("id"))
                        tweets.update(words(t.get("text", "")))
    for w, c in tweets.items():
        if c >= 2 and len(w) >= 2:
            enc[w] = max(enc[w], c)
    with open(os.path.join(here, "en-words.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("# English words: a list written for suara, VADER lexicon tokens (MIT) and\n")
        out.write("# DocNow twarc test tweets (MIT); see build_wordlists.py.\n")
        for w, c in sorted(enc.items()):
            out.write(f"{w}\t{c}\n")
    # Emoji valence: the mean VADER valence of the words of each emoji's
    # description in VADER's emoji list ("face with tears of joy" -> joy).
    vader = {}
    with open(os.path.join(data, "vader/vaderSentiment/vader_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) >= 2:
                vader[parts[0]] = float(parts[1])
    emo = []
    with open(os.path.join(data, "vader/vaderSentiment/emoji_utf8_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            if "\t" not in line:
                continue
            e, desc = line.rstrip("\n").split("\t", 1)
            vals = [vader[w] for w in desc.lower().split() if w in vader]
            if vals:
                emo.append((e, round(sum(vals) / len(vals), 3)))
    # Frequent emoji whose descriptions carry no VADER word, valued for suara
    # (on VADER's -4..4 scale); they override nothing VADER derived.
    extra = {"👍": 1.8, "👎": -1.8, "😡": -2.5, "🤬": -3.0, "😠": -2.3, "🙏": 1.2, "❤": 2.7, "❤️": 2.7,
             "💔": -2.5, "👏": 1.5, "🔥": 1.2, "💪": 1.6, "🤮": -2.8, "🤡": -1.8, "💩": -2.0, "🙄": -1.3,
             "😤": -1.5, "😒": -1.6, "😞": -1.9, "😔": -1.6, "😢": -2.0, "😥": -1.5, "🥰": 2.8, "😍": 2.8,
             "😘": 2.2, "🤗": 2.0, "😊": 2.0, "☺️": 2.0, "😁": 2.0, "😃": 2.0, "😄": 2.1, "🤣": 1.6,
             "🥺": -0.8, "😱": -1.8, "😨": -1.9, "🤦": -1.5, "🤦‍♂️": -1.5, "🤦‍♀️": -1.5, "💯": 1.5, "✌️": 1.0}
    # Emoji names as IndoNLU SmSA writes emoji in its text ("face with tears
    # of joy" -> facewithtearsofjoy), so real emoji meet what SmSA taught.
    names = []
    with open(os.path.join(data, "vader/vaderSentiment/emoji_utf8_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            if "\t" in line:
                e, desc = line.rstrip("\n").split("\t", 1)
                if ":" not in desc:  # skin-tone variants share their base's name
                    names.append((e, re.sub(r"[^a-z0-9]", "", desc.lower())))
    with open(os.path.join(here, "emoji-names.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("# Emoji -> its name as one lower-case word, from VADER's emoji_utf8_lexicon.txt (MIT).\n")
        for e, n in sorted(names):
            out.write(f"{e}\t{n}\n")
    have = {e for e, _ in emo}
    emo += [(e, v) for e, v in extra.items() if e not in have]
    with open(os.path.join(here, "emoji-valence.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("# Emoji valence: mean VADER valence of the words describing each emoji in VADER's\n")
        out.write("# emoji_utf8_lexicon.txt (Hutto & Gilbert, MIT), plus frequent emoji valued for suara;\n")
        out.write("# see build_wordlists.py.\n")
        for e, v in sorted(emo):
            out.write(f"{e}\t{v}\n")
    print(f"id-words.tsv: {sum(1 for w, c in idc.items() if c >= 2)} words; en-words.tsv: {len(enc)} words; emoji-valence.tsv: {len(emo)} emoji")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
