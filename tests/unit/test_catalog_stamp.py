"""The catalog's change stamp, and the retriever's caches kept on it: the places unattributed reports mention, the
stored documents."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

from vectorstore.catalog import Catalog
from vectorstore.retrieval import HybridRetriever


def test_the_stamp_moves_on_this_catalogs_writes_and_on_another_connections(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    try:
        first = catalog.change_stamp()
        assert catalog.change_stamp() == first  # reading changes nothing
        catalog.set_override("a.txt", {"bureau": "某县科技局"})
        second = catalog.change_stamp()
        assert second != first
        with sqlite3.connect(tmp_path / "catalog.sqlite3") as other:  # another process, a replica
            other.execute("INSERT INTO kv(key, value) VALUES ('note', 'x')")
        assert catalog.change_stamp() != second
    finally:
        catalog.close()


class _Catalog:
    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.stamp = (0, 0)
        self.reads = 0

    def change_stamp(self) -> tuple[int, int]:
        return self.stamp

    def unattributed_texts(self) -> list[str]:
        self.reads += 1
        return list(self.texts)


def test_the_places_of_unattributed_reports_are_read_again_only_when_the_stamp_moves() -> None:
    catalog = _Catalog(["上半年，泰顺县新建科技特派员工作站3个。"])
    retriever = HybridRetriever(SimpleNamespace(catalog=catalog), settings=None)  # type: ignore[arg-type]
    assert retriever._places_of_unattributed()["泰顺"] == "泰顺县"
    assert "泰顺" in retriever._places_of_unattributed() and catalog.reads == 1  # cached: not read per question
    catalog.texts = ["全年，庆元县新认定高新技术企业5家。"]  # a report re-attributed, another ingested
    assert "庆元" not in retriever._places_of_unattributed() and catalog.reads == 1  # stamp unchanged: the cache
    catalog.stamp = (1, 0)
    places = retriever._places_of_unattributed()
    assert catalog.reads == 2 and "庆元" in places and "泰顺" not in places


def _doc(bureau: str | None, years: list[int]) -> SimpleNamespace:
    return SimpleNamespace(meta=SimpleNamespace(bureau=bureau, years=years))


def test_last_year_is_the_year_before_the_bureaus_newest_report_when_one_of_that_year_is_held() -> None:
    docs = [_doc("武义县科技局", [2024]), _doc("武义县科技局", [2023, 2024]), _doc("磐安县科技局", [2023, 2024])]
    store = SimpleNamespace(catalog=SimpleNamespace(list_documents=lambda: docs, change_stamp=lambda: (0, 0)))
    retriever = HybridRetriever(store, settings=None)  # type: ignore[arg-type]
    assert retriever._last_year(["武义县科技局"]) == [2023]  # its 2024 half-year report is the newest
    assert retriever._last_year(["磐安县科技局"]) == []  # only its 2023 report: 2022 is held nowhere, no year then
    assert retriever._last_year([]) == []


def test_a_title_written_out_without_quotes_names_its_report() -> None:
    docs = [SimpleNamespace(meta=SimpleNamespace(title=t)) for t in ("2023年度科技创新工作总结", "工作总结", None)]
    store = SimpleNamespace(catalog=SimpleNamespace(list_documents=lambda: docs, change_stamp=lambda: (0, 0)))
    retriever = HybridRetriever(store, settings=None)  # type: ignore[arg-type]
    assert retriever._titles_written_out("这份2023年度科技创新工作总结里高企有多少家？") == ["2023年度科技创新工作总结"]
    assert retriever._titles_written_out("工作总结里高企有多少家？") == []  # too short to name one report


class _Documents:
    def __init__(self, docs: list[SimpleNamespace]) -> None:
        self.docs = docs
        self.stamp = (0, 0)
        self.reads = 0

    def change_stamp(self) -> tuple[int, int]:
        return self.stamp

    def list_documents(self) -> list[SimpleNamespace]:
        self.reads += 1
        return list(self.docs)


def test_the_documents_are_read_again_only_when_the_stamp_moves() -> None:
    catalog = _Documents([_doc("武义县科技局", [2023]), _doc("武义县科技局", [2024])])
    retriever = HybridRetriever(SimpleNamespace(catalog=catalog), settings=None)  # type: ignore[arg-type]
    assert retriever._last_year(["武义县科技局"]) == [2023]
    assert retriever._last_year(["武义县科技局"]) == [2023] and catalog.reads == 1  # cached: not read per question
    catalog.docs = [_doc("武义县科技局", [2024])]  # its 2023 report deleted
    catalog.stamp = (1, 0)
    assert retriever._last_year(["武义县科技局"]) == [] and catalog.reads == 2


def test_a_year_asked_without_a_period_is_answered_by_that_years_annual_report() -> None:
    def doc(doc_id: str, bureau: str, years: list[int], period: str) -> SimpleNamespace:
        return SimpleNamespace(doc_id=doc_id, meta=SimpleNamespace(bureau=bureau, years=years, period=period))

    docs = [
        doc("q3", "武义县科技局", [2025], "前三季度（1-9月）"),
        doc("year", "武义县科技局", [2025, 2026], "全年（1-11月）"),  # written before December's figures are out
        doc("h1", "磐安县科技局", [2025], "上半年（1-6月）"),
        doc("y24", "磐安县科技局", [2024], "全年"),
    ]
    store = SimpleNamespace(catalog=SimpleNamespace(list_documents=lambda: docs, change_stamp=lambda: (0, 0)))
    retriever = HybridRetriever(store, settings=None)  # type: ignore[arg-type]
    assert retriever._annual_reports(["武义县科技局"], [2025]) == {"year"}  # was: the 1-9月 report answered too
    assert retriever._annual_reports(["磐安县科技局"], [2025]) is None  # no annual report of 2025: every one may
    assert retriever._annual_reports(["磐安县科技局"], [2024]) is None  # its only 2024 report: nothing to set apart
    assert retriever._annual_reports([], [2025]) is None
