"""Which divisions an official's division watches: itself and every division under it.

GB/T 2260 codes nest by prefix: a province ``440000`` holds every ``44…`` code, a city
``440100`` every ``4401…`` code, a district ``440106`` itself and its streets (``440106…``).
"""

from __future__ import annotations


def prefix(code: str) -> str:
    """The prefix every division under ``code`` (and ``code`` itself) starts with."""
    head = code[:6]
    if len(code) > 6 and code[6:].strip("0"):
        return code
    if head.endswith("0000"):
        return head[:2]
    if head.endswith("00"):
        return head[:4]
    return head


def watches(watcher: str, division_code: str) -> bool:
    return division_code.startswith(prefix(watcher))
