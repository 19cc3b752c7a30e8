"""The YAML data files shipped with the package, parsed once per process.

The department tree alone is 160 kB of YAML: PyYAML's pure-Python parser takes 0.17 s over it,
its libyaml binding a tenth of that, and a test suite or a demo build loads it hundreds of times.
Each file is parsed with the C loader where PyYAML has it, kept while its size and modification
time stay the same, and every caller gets its own deep copy to change as it likes.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path):
    """The document in ``path`` (``safe_load`` semantics), as a fresh copy."""
    stat = Path(path).stat()
    return copy.deepcopy(_parsed(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, size: int):
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
