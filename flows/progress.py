"""Progress reporting from the flow's stages to whoever runs it (the CLI installs a listener on a terminal)."""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str, int, int], None]
_listeners: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Receive (stage, done, total) updates from flows run in this process."""
    _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop receiving updates."""
    if listener in _listeners:
        _listeners.remove(listener)


def progress(stage: str, done: int, total: int) -> None:
    """Tell every listener how far a stage has got."""
    for listener in list(_listeners):
        listener(stage, done, total)
