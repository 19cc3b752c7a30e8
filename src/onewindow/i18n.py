"""Translation catalogues without GNU gettext at run time.

``python -m onewindow.i18n compile`` writes each ``django.mo`` from its ``django.po``;
``python -m onewindow.i18n check`` fails if any message is untranslated or fuzzy, or if a
committed ``.mo`` is out of date with its ``.po``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).parent / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def problems(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    found = []
    language = po_path.parent.parent.name
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"{language}: fuzzy: {entry.msgid!r}")
        elif language != "en" and not entry.translated():
            found.append(f"{language}: untranslated: {entry.msgid!r}")
    return found


def compile_all() -> None:
    for po_path in catalogues():
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(LOCALE_DIR)}")


def check_all() -> int:
    errors = []
    for po_path in catalogues():
        errors.extend(problems(po_path))
        mo_path = po_path.with_suffix(".mo")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "django.mo"
            polib.pofile(str(po_path)).save_as_mofile(str(fresh))
            if not mo_path.exists() or mo_path.read_bytes() != fresh.read_bytes():
                errors.append(
                    f"{mo_path.relative_to(LOCALE_DIR)} is out of date: run make messages"
                )
    for line in errors:
        print(line)
    if not catalogues():
        print("no translation catalogues found")
        return 1
    print(f"translations: {len(errors)} problem(s) in {len(catalogues())} catalogue(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check_all())
    else:
        sys.exit("usage: python -m onewindow.i18n [compile|check]")
