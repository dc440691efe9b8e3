"""Answer tokens as an iterator: what ``st.write_stream`` and other consumers of a plain iterator need.

The chain runs in a worker thread and pushes each text piece into a queue; iterating yields the pieces as
they arrive, in the caller's thread (Streamlit may only be touched from there). Before the model is asked, the
chain hands over the checked offline answer (:meth:`AnswerStream.wait_preview`), which a screen can show at once
while the model's wording streams in. After the iterator is
exhausted :attr:`AnswerStream.answer` holds the checked :class:`Answer` — the streamed pieces are provisional
(a struck figure or an offline fallback changes the text); an error in the chain is re-raised at the end.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

from chains.models import Answer

_DONE = object()


Run = Callable[[Callable[[str], None], Callable[[Answer], None]], Answer]


class AnswerStream(Iterator[str]):
    """Iterate for the tokens; then read :attr:`answer`."""

    def __init__(self, run: Run) -> None:
        self._queue: queue.Queue[object] = queue.Queue()
        self._answer: Answer | None = None
        self._preview: Answer | None = None
        self._previewed = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, args=(run,), name="qa-stream", daemon=True)
        self._thread.start()

    def _work(self, run: Run) -> None:
        try:
            self._answer = run(self._queue.put, self._set_preview)
        except BaseException as e:  # re-raised in the consumer's thread
            self._error = e
        finally:
            self._previewed.set()
            self._queue.put(_DONE)

    def _set_preview(self, answer: Answer) -> None:
        self._preview = answer
        self._previewed.set()

    def wait_preview(self, timeout: float | None = None) -> Answer | None:
        """The checked offline answer, as soon as the chain has it and before the model is asked; None when the
        model is not asked (offline mode, a refusal) — then the final answer follows at once."""
        self._previewed.wait(timeout)
        return self._preview

    def __iter__(self) -> AnswerStream:
        return self

    def __next__(self) -> str:
        item = self._queue.get()
        if item is _DONE:
            self._queue.put(_DONE)  # further next() calls stop too
            self._thread.join()
            if self._error is not None:
                raise self._error
            raise StopIteration
        assert isinstance(item, str)
        return item

    @property
    def answer(self) -> Answer:
        """The checked answer; iterate to the end first."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._answer is not None
        return self._answer
