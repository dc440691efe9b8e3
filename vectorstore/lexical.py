"""Chinese word segmentation for the lexical (FTS5/BM25) index.

rjieba (jieba-rs: jieba's algorithm and dictionary, in Rust, inside the wheel) segments
about 15× faster than the pure-Python jieba, which matters because every chunk is
segmented at ingest. We index the segmented words plus
character bigrams of Chinese runs, so a query term jieba cuts differently from the
document (e.g. 研发费用 vs 研发 / 费用) still matches.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from scribe.lexicon.indicators import DOMAIN_WORDS, expand_short_forms, indicator_names_in, other_names, same_indicator
from scribe.lexicon.numerals import reading_text

_init_lock = threading.Lock()
_initialised = False

_STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 等 有 为 对 把 被 从 到 将 就 也 都 而 或 并 其 之 以 于 由 这 那 哪 些 个 吗 呢 吧 啊 "
    "多少 什么 怎么 如何 哪些 几 是否 请问 请 情况 一下 一 上 中 下 年 月 日 及其 以及 分别".split()
)

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)


def _ensure_init() -> None:
    global _initialised
    if _initialised:
        return
    with _init_lock:
        if _initialised:
            return
        import rjieba

        for word in DOMAIN_WORDS:
            rjieba.add_word(word, 20000, None)
        _initialised = True


def _words(text: str) -> list[str]:
    _ensure_init()
    import rjieba

    return [w.strip().lower() for w in rjieba.cut(text, True) if w.strip() and not _PUNCT.match(w.strip())]


def pos_tags(word: str) -> list[str]:
    """Part-of-speech tags (jieba's tag set) of the words ``word`` segments into."""
    _ensure_init()
    import rjieba

    return [tag for _, tag in rjieba.tag(word, True)]


def _bigrams(text: str) -> list[str]:
    grams: list[str] = []
    for run in _CJK_RUN.findall(text):
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def index_terms(text: str) -> str:
    """Space-separated terms stored in the FTS5 column for ``text``; traditional characters as simplified."""
    text = reading_text(text)
    return " ".join(_words(text) + _bigrams(text))


@lru_cache(maxsize=2048)
def query_words(text: str) -> tuple[str, ...]:
    """The content words of a question, stop words removed, in order."""
    return tuple(dict.fromkeys(w for w in _words(text) if w not in _STOPWORDS))


@lru_cache(maxsize=2048)
def query_terms(text: str) -> tuple[str, ...]:
    """Search terms of a question: its words, then the character bigrams inside each longer Chinese word.

    Bigrams never span two words: 投资额 + 增速 must not produce the junk term 额增.
    """
    words = query_words(text)
    grams = [g for w in words if _CJK_RUN.fullmatch(w) and len(w) > 2 for g in _bigrams(w)]
    return tuple(t for t in dict.fromkeys([*words, *grams]) if t not in _STOPWORDS)


def fts_query(terms: tuple[str, ...]) -> str:
    """An FTS5 MATCH expression that ORs the quoted terms."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


@lru_cache(maxsize=2048)
def expanded_terms(text: str) -> tuple[str, ...]:
    """:func:`query_terms`, then the words of the other names of each indicator the question names (高企 also
    looks for 高新技术企业), short forms written out: the lexicon's synonyms, not merely related indicators."""
    written = expand_short_forms(text)  # 科小 → 科技型中小企业, which jieba would cut into 家科 / 小
    terms = list(query_terms(written))
    for _start, _end, name in indicator_names_in(written):
        for other in other_names(name):
            if same_indicator(name, other) and query_words(other) == (other,):  # a name the index holds whole
                terms.append(other)
    return tuple(dict.fromkeys(terms))
