"""A bureau's report parts as the drafter reads them: a report has one plan, and it comes after the problems.

A level-1 block whose title names a plan only by a weak word (``三、重点工作推进``, ``三、重点工作``:
:data:`scribe.lexicon.headings.WEAK_ROLE_WORDS`) is a plan when it is the report's last word on what to do; when
the report's problems and then another plan follow it, it is the review of that work (what was done on the key
tasks, with this period's figures). Read as a plan, it would be held out as the plan being drafted, cut the
problems and the real plan away with it, and be re-used as an older plan's line.
"""

from __future__ import annotations

from collections.abc import Sequence

from scribe.lexicon.headings import SectionRole, strong_role
from vectorstore.anatomy import Block, ReportPart, corpus_parts
from vectorstore.catalog import Catalog


def reread_roles(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with a weakly named plan that problems and a plan follow read as review (see the module)."""
    out = list(blocks)
    for i, block in enumerate(out):
        if block.role is not SectionRole.PLAN or strong_role(block.title) is SectionRole.PLAN:
            continue
        later = [b.role for b in out[i + 1 :]]
        if SectionRole.PROBLEMS in later and SectionRole.PLAN in later[later.index(SectionRole.PROBLEMS) :]:
            out[i] = block.model_copy(update={"role": SectionRole.REVIEW})
    return out


class DraftPart(ReportPart):
    """A report part whose blocks are read with :func:`reread_roles`."""

    def blocks(self) -> list[Block]:
        return reread_roles(super().blocks())


def draft_part(part: ReportPart) -> DraftPart:
    return part if isinstance(part, DraftPart) else DraftPart.model_validate(part.model_dump())


def draft_parts(catalog: Catalog) -> list[ReportPart]:
    """Every report part of the catalog, read as the drafter reads them."""
    return [draft_part(p) for p in corpus_parts(catalog)]
