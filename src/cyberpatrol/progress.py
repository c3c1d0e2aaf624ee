"""Progress on stderr for long jobs (rich), silent when stderr is not a terminal."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

T = TypeVar("T")


@contextmanager
def counting(
    console: Console, label: str, *, every: int = 1000
) -> Iterator[Callable[[Iterable[T]], Iterator[T]]]:
    """Yield a wrapper that counts items passing through it and shows the rate."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} posts"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    task = progress.add_task(label, total=None, rate="")

    def tick(items: Iterable[T]) -> Iterator[T]:
        start = time.perf_counter()
        n = 0
        for item in items:
            yield item
            n += 1
            if n % every == 0:
                rate = n / max(time.perf_counter() - start, 1e-9)
                progress.update(task, completed=n, rate=f"{rate:,.0f}/s")
        progress.update(task, completed=n)

    with progress:
        yield tick
