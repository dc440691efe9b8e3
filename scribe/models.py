"""Pydantic models for everything that crosses a module boundary.

Figures, documents and chunks are shared by ingestion, the faithfulness engine,
the chains and the app; keeping them in one place keeps those parts honest with
each other.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class FigureKind(StrEnum):
    AMOUNT = "amount"  # 6099.1万元, 0.31万平方米
    GROWTH = "growth"  # 增速17.7%, 增长30%
    SHARE = "share"  # 占比54.63%, 比重1.84%
    COUNT = "count"  # 19家, 五家, 193人
    RANK = "rank"  # 全市第3, 预计全市前3
    COMPLETION = "completion"  # 完成率190%
    CHANGE = "change"  # 提升0.4个百分点
    RATIO = "ratio"  # 2/3, 1:1
    ORDINAL = "ordinal"  # 第三届, 第一批: which edition or batch
    OTHER = "other"


class FigureStatus(StrEnum):
    CLEAN = "clean"
    PLACEHOLDER = "placeholder"  # X家, X%, 20XX年 — left for the drafter
    UNREADABLE = "unreadable"  # OCR damage such as 10虬, IL77%


class Modality(StrEnum):
    ACHIEVED = "achieved"
    TARGET = "target"  # 力争 / 确保 / 计划 / 达到…以上


class Figure(BaseModel):
    """One figure found in a text, normalised so two statements can be compared."""

    model_config = ConfigDict(frozen=True)

    surface: str = Field(description="the figure as written, e.g. '6099.1万元'")
    start: int = Field(ge=0, description="offset of the surface in the text it came from")
    end: int = Field(ge=0)
    value: float | None = Field(default=None, description="value in the base unit; None if unreadable or placeholder")
    value_high: float | None = Field(default=None, description="upper bound for ranges such as 10-20家")
    decimals: int = Field(default=0, description="decimal places stated in the base unit's scale of the surface")
    unit: str = Field(
        default="", description="unit family: 元, 平方米, 人, 家, 项, 个, 次, %, 个百分点, rank, ratio ..."
    )
    kind: FigureKind = FigureKind.OTHER
    modality: Modality = Modality.ACHIEVED
    qualifier: str | None = Field(default=None, description="约 / 近 / 超 / 余 / 以上 / 左右 / 不少于 / 突破")
    status: FigureStatus = FigureStatus.CLEAN
    metric: str = Field(default="", description="the noun phrase the figure measures, e.g. 规上工业研发费用")
    period: str | None = Field(default=None, description="1-5月, 上半年, 全年, 2023年 ... where stated")
    area: str | None = Field(default=None, description="全市, 全区, 全县 ... where stated")
    sentence: str = Field(default="", description="the sentence the figure came from")
    scale: float = Field(
        default=1.0, description="base units per unit of the surface number: 1e4 for 万元, 1e8 for 亿元"
    )
    estimated: bool = Field(default=False, description="stated as an estimate of the current period, e.g. 预计全市前3")
    basis: str | None = Field(
        default=None, description="'flow' (新增/当年) or 'stock' (拥有/累计/总数) where the text says"
    )


class DocType(StrEnum):
    SUMMARY = "总结"
    PLAN = "计划"
    SUMMARY_AND_PLAN = "总结+计划"
    UNKNOWN = "未知"


class BureauBasis(StrEnum):
    """Where a report's bureau was read from, strongest first."""

    TITLE = "title"  # 洞头区科学技术局2024年上半年工作总结
    METADATA = "metadata"  # 发布机构：洞头区科学技术局
    OPENING = "opening"  # the first paragraph names the bureau
    SIGNATURE = "signature"  # the closing 落款 line (洞头区科学技术局 / 2024年7月10日) or an attachment's title
    SITE = "site"  # the page was saved from 洞头区人民政府门户网站
    FILE_NAME = "file_name"  # 区科技局 in the text, 洞头区 in the file name
    TEXT = "text"  # 区科技局 / 我区 in the text, and one place of that level named often
    USER = "user"  # corrected by the user


class DocumentMeta(BaseModel):
    """What we know about a report; every field may be corrected by the user."""

    bureau: str | None = None  # 洞头区科学技术局; None when the text does not say
    bureau_basis: BureauBasis | None = None  # how ``bureau`` was decided
    region_level: str | None = None  # 市 / 区 / 县
    years: list[int] = Field(default_factory=list)
    period: str | None = None  # 上半年 / 1-5月 / 全年 / 下半年计划 ...
    doc_type: DocType = DocType.UNKNOWN
    publish_date: str | None = None  # ISO date when the header states it
    title: str | None = None


class Document(BaseModel):
    """A report as stored: identity, metadata and the numbers about its chunks."""

    doc_id: str
    source_path: str
    file_name: str
    content_hash: str = Field(description="sha256 of the file's bytes")
    text_hash: str | None = Field(
        default=None, description="sha256 of the text as read, whitespace dropped: the same report in another file"
    )
    recipe: str = Field(default="", description="hash of what shaped the chunks: pipeline version, sizes, metadata")
    meta: DocumentMeta
    chunks: int = 0
    figures: int = 0
    chars: int = 0
    ingested_at: datetime | None = None


class Section(BaseModel):
    """A heading in the report's own hierarchy."""

    level: int  # 1 = 一、 ; 2 = （一） ; 3 = 1. ; 4 = （1）
    marker: str  # 一、 / （一） / 1. / （1）
    title: str


class Chunk(BaseModel):
    """A piece of a report that is embedded, indexed and cited."""

    chunk_id: str
    doc_id: str
    index: int
    text: str
    section_path: list[str] = Field(default_factory=list)
    char_start: int = 0  # offset of the chunk text in the document's normalised text
    bureau: str | None = None  # set when one file holds several bureaus' reports; else the document's
    period: str | None = None  # set when this part covers a different period than the document
    years: list[int] | None = None  # set with bureau/period for a file of several reports; None = the document's
    figures: list[Figure] = Field(default_factory=list)
    ocr: bool = False  # read by OCR from a page image (a scan): its figures need checking against the paper

    @property
    def section_label(self) -> str:
        return " > ".join(self.section_path)


class ScoredChunk(BaseModel):
    """A chunk returned by retrieval, with the document it belongs to."""

    chunk: Chunk
    document: Document
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None

    @property
    def years(self) -> list[int]:
        """The years the chunk speaks of: its own (a plan part's next year), else its report's."""
        return self.chunk.years if self.chunk.years is not None else self.document.meta.years
