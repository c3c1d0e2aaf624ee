"""Offset-tracking text rewriting: the core every normalisation step is built on.

A step turns an input text into an output text and says, for every output
character, which range of the input it came from. Chaining steps keeps a path
from any span of the final text back to the exact characters of the original
post, which is what evidence must point at.

Steps record what they changed (:class:`Edit`), so a match can be explained:
"matched after removing inserted spaces".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import NamedTuple


class Edit(NamedTuple):
    """One change made by a step, in the step's *output* coordinates.

    A deletion has ``start == end`` (the point where characters were removed).
    """

    start: int
    end: int
    before: str
    after: str


# ``_new_tuple(Edit, (start, end, before, after))`` makes the same Edit as
# ``Edit(start, end, before, after)`` without the NamedTuple's Python-level
# ``__new__``: less than half the cost, on the paths that record every edit.
_new_tuple = tuple.__new__


class StepResult:
    """The output of one step over one text.

    ``src_start[i]``/``src_end[i]`` give the input range output char ``i`` came
    from. Both are ``None`` when the map is the identity: either the step
    changed nothing, or it replaced characters one for one — then ``source``
    holds the input and the edits are worked out only when asked for.
    A plain slotted class rather than a dataclass: one is made per step per
    post, so construction cost matters.
    """

    __slots__ = ("_edits", "input_length", "source", "src_end", "src_start", "step", "text")

    def __init__(
        self,
        step: str,
        text: str,
        src_start: list[int] | None = None,
        src_end: list[int] | None = None,
        edits: tuple[Edit, ...] = (),
        input_length: int = 0,
        source: str | None = None,
    ) -> None:
        self.step = step
        self.text = text
        self.src_start = src_start
        self.src_end = src_end
        self._edits: tuple[Edit, ...] | None = None if source is not None else edits
        self.input_length = input_length
        self.source = source

    def __repr__(self) -> str:
        return f"StepResult({self.step!r}, {self.text!r}, changed={self.changed})"

    @property
    def edits(self) -> tuple[Edit, ...]:
        """What the step changed, in output coordinates."""
        if self._edits is None:
            self._edits = _one_to_one_edits(self.source or "", self.text)
        return self._edits

    @property
    def changed(self) -> bool:
        return self.source is not None or bool(self._edits)

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        """Map the output span ``[start, end)`` to the input span it came from."""
        if self.src_start is None or self.src_end is None:
            return start, end
        n = len(self.text)
        if end > start:
            return self.src_start[start], self.src_end[end - 1]
        # empty span: a point
        if start < n:
            p = self.src_start[start]
        elif n:
            p = self.src_end[n - 1]
        else:
            p = self.input_length
        return p, p

    def touches(self, start: int, end: int) -> bool:
        """Whether any edit of this step lies inside the output span."""
        if self.source is not None:
            return self.source[start:end] != self.text[start:end]
        for e in self.edits:
            if e.start == e.end:
                if start < e.start < end:
                    return True
            elif e.start < end and start < e.end:
                return True
        return False


class _Unchanged(StepResult):
    """The result of a step that changed nothing: ``text`` is its input.

    Most steps change nothing in most posts, so this is the result made most
    often. The fields that are always empty are class attributes here, so
    making one costs three slot stores instead of :class:`StepResult`'s full
    constructor. It is a :class:`StepResult` and reads exactly like an
    unchanged one.
    """

    __slots__ = ()
    src_start = None
    src_end = None
    source = None
    _edits = ()
    changed = False

    def __init__(self, step: str, text: str) -> None:
        self.step = step
        self.text = text
        self.input_length = len(text)

    def __reduce__(self) -> tuple[type[_Unchanged], tuple[str, str]]:
        # The default reduction would set the class-level fields as slots.
        return _Unchanged, (self.step, self.text)


def _one_to_one_edits(source: str, text: str) -> tuple[Edit, ...]:
    """Runs of positions where two equally long texts differ."""
    edits: list[Edit] = []
    run = -1
    for i, (a, b) in enumerate(zip(source, text, strict=True)):
        if a != b:
            if run < 0:
                run = i
        elif run >= 0:
            edits.append(Edit(run, i, source[run:i], text[run:i]))
            run = -1
    if run >= 0:
        edits.append(Edit(run, len(text), source[run:], text[run:]))
    return tuple(edits)


class Builder:
    """Assembles a step's output text together with its offset map.

    Call :meth:`copy`, :meth:`replace` and :meth:`delete` over consecutive
    input ranges, then :meth:`build`.
    """

    __slots__ = ("_edits", "_ends", "_out_len", "_parts", "_source", "_starts", "_step")

    def __init__(self, step: str, source: str) -> None:
        self._step = step
        self._source = source
        self._parts: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._edits: list[Edit] = []
        self._out_len = 0

    def copy(self, i: int, j: int) -> None:
        """Copy ``source[i:j]`` unchanged, one output char per input char."""
        if j <= i:
            return
        self._parts.append(self._source[i:j])
        self._starts.extend(range(i, j))
        self._ends.extend(range(i + 1, j + 1))
        self._out_len += j - i

    def replace(self, i: int, j: int, out: str) -> None:
        """Emit ``out`` for ``source[i:j]``; every output char maps to the whole range."""
        if not out:
            self.delete(i, j)
            return
        before = self._source[i:j]
        if before == out:
            self.copy(i, j)
            return
        k = self._out_len
        n = len(out)
        self._parts.append(out)
        self._starts.extend([i] * n)
        self._ends.extend([j] * n)
        self._out_len = k + n
        self._edits.append(_new_tuple(Edit, (k, k + n, before, out)))

    def delete(self, i: int, j: int) -> None:
        """Drop ``source[i:j]``."""
        if j <= i:
            return
        k = self._out_len
        self._edits.append(_new_tuple(Edit, (k, k, self._source[i:j], "")))

    def build(self) -> StepResult:
        if not self._edits:
            return _Unchanged(self._step, self._source)
        return StepResult(
            self._step,
            "".join(self._parts),
            self._starts,
            self._ends,
            tuple(self._edits),
            len(self._source),
        )


class Step(ABC):
    """One normalisation step. Subclasses set ``id`` and ``label`` and implement :meth:`apply`.

    ``label`` is the Japanese phrase used in evidence, e.g. 「挿入された空白・記号を除去」.
    """

    id: str = ""
    label: str = ""

    @abstractmethod
    def apply(self, text: str) -> StepResult:
        """Rewrite ``text``; return an identity result when nothing changes."""

    def identity(self, text: str) -> StepResult:
        return _Unchanged(self.id, text)

    def one_to_one(self, source: str, text: str) -> StepResult:
        """Result of replacing characters one for one (``len(text) == len(source)``)."""
        if text == source:
            return self.identity(source)
        if len(text) != len(source):
            raise ValueError(f"{self.id}: one-to-one result changes the length")
        return StepResult(self.id, text, input_length=len(source), source=source)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


class NormalizedText:
    """The original text, the chain of step results, and the final text."""

    __slots__ = ("_changed_steps", "original", "results")

    def __init__(self, original: str, results: tuple[StepResult, ...] = ()) -> None:
        self.original = original
        self.results = results
        self._changed_steps: tuple[StepResult, ...] | None = None

    @property
    def _changed(self) -> tuple[StepResult, ...]:
        """The results that changed something, last first.

        Only those can move or explain a span. Worked out on first use: most
        normalised posts are never asked to map a span back.
        """
        if self._changed_steps is None:
            self._changed_steps = tuple(r for r in reversed(self.results) if r.changed)
        return self._changed_steps

    def __repr__(self) -> str:
        return f"NormalizedText({self.original!r} -> {self.text!r})"

    @property
    def text(self) -> str:
        return self.results[-1].text if self.results else self.original

    def prefix(self, n: int) -> NormalizedText:
        """The same normalisation stopped after the first ``n`` steps."""
        return NormalizedText(self.original, self.results[:n])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`text` back to the original text."""
        for r in self._changed:
            start, end = r.to_input(start, end)
        return start, end

    def trace(self, start: int, end: int) -> tuple[int, int, tuple[str, ...]]:
        """Original span of ``[start, end)`` and the ids of the steps that changed it."""
        hit: list[str] = []
        for r in self._changed:
            if r.touches(start, end):
                hit.append(r.step)
            start, end = r.to_input(start, end)
        hit.reverse()
        return start, end, tuple(hit)

    def steps_touching(self, start: int, end: int) -> tuple[str, ...]:
        """Ids of the steps that changed something inside the span, in pipeline order."""
        return self.trace(start, end)[2]

    def original_span(self, start: int, end: int) -> tuple[int, int, str]:
        """``(start, end, substring)`` of the original for a span of :attr:`text`."""
        s, e = self.to_original(start, end)
        return s, e, self.original[s:e]


class Pipeline:
    """An ordered list of steps, with named checkpoints ("views").

    >>> from cyberpatrol.normalize import default_pipeline
    >>> n = default_pipeline().run("闇 バ イ ト")
    >>> n.text
    '闇バイト'
    """

    def __init__(self, steps: list[Step], views: dict[str, int] | None = None) -> None:
        self.steps = list(steps)
        self.views = dict(views or {})
        for name, n in self.views.items():
            if not 0 <= n <= len(self.steps):
                raise ValueError(f"view {name!r} stops after {n} steps; pipeline has {len(steps)}")

    def run(self, text: str) -> NormalizedText:
        results: list[StepResult] = []
        append = results.append
        current = text
        for step in self.steps:
            r = step.apply(current)
            append(r)
            current = r.text
        return NormalizedText(text, tuple(results))

    def view(self, normalized: NormalizedText, name: str) -> NormalizedText:
        """The named checkpoint of an already-run normalisation."""
        return normalized.prefix(self.views[name])

    def labels(self) -> dict[str, str]:
        return {s.id: s.label for s in self.steps}
