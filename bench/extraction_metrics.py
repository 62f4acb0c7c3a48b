"""Extraction metrics, as ../shared/bench/README.md defines them.

Body: tokens are Unicode \\w+ runs; shingles are the multiset of 4-grams of
consecutive tokens (a text of 1-3 tokens is one shingle). Per page,
precision = overlap / predicted shingles and recall = overlap / true
shingles (both empty: 1; one side empty: 0). Precision and recall are
averaged over pages; F1 is the harmonic mean of the two averages.

Word F1 (WCXB): lower-case, split on white space, F1 of the two sets of
distinct words, averaged per page.

Title: exact match after folding white space and case. Author and date:
exact match (none when the truth has none).
"""
import re
from collections import Counter

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text):
    toks = _TOKEN.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) < 4:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + 4]) for i in range(len(toks) - 3))


def shingle_pr(pred, truth):
    p, t = shingles(pred), shingles(truth)
    if not p and not t:
        return 1.0, 1.0
    if not p or not t:
        return 0.0, 0.0
    overlap = sum((p & t).values())
    return overlap / sum(p.values()), overlap / sum(t.values())


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def word_f1(pred, truth):
    p, t = set((pred or "").lower().split()), set((truth or "").lower().split())
    if not p and not t:
        return 1.0
    if not p or not t:
        return 0.0
    overlap = len(p & t)
    return f1(overlap / len(p), overlap / len(t))


def fold(s):
    return " ".join((s or "").split()).casefold()


def same_title(pred, truth):
    return fold(pred) == fold(truth)


def same_author(pred, truth):
    return fold(pred) == fold(truth)


def same_date(pred, truth):
    """pred is tidings' published (ISO 8601, maybe with a time) or None."""
    return (pred or "")[:10] == (truth or "")
