"""`scribe eval draft --generative` says, on stderr, which section of which bureau the model is writing."""

from __future__ import annotations

import pytest

from scribe.cli.evaluate import _SectionClock


def test_the_section_clock_names_the_bureau_the_section_and_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    clock = _SectionClock()
    clock("洞头区科学技术局", 1, 2, "聚力科技创新核心指标")
    clock("洞头区科学技术局", 3, 2, "")
    clock("青田县科技局", 1, 3, "推进重点工作")
    captured = capsys.readouterr()
    assert captured.out == ""  # --json stays clean
    lines = captured.err.splitlines()
    assert "洞头区科学技术局：正在起草第 1/2 部分：聚力科技创新核心指标" in lines[0] and lines[0].startswith("[")
    assert "洞头区科学技术局：已写完 2 部分" in lines[1]
    assert lines[2].startswith("[    0 秒]") and "青田县科技局：正在起草第 1/3 部分" in lines[2]
