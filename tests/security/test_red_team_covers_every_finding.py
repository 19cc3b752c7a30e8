"""The replay covers the probe: every one of its 14 findings has a module of exploits here."""

from pathlib import Path

PROBE_FINDINGS = range(1, 15)


def test_every_finding_of_the_probe_has_a_replay_module():
    here = Path(__file__).parent
    missing = [
        number for number in PROBE_FINDINGS if not list(here.glob(f"test_{number:02d}_*.py"))
    ]
    assert missing == []


def test_every_replay_module_holds_exploits():
    here = Path(__file__).parent
    empty = [
        module.name
        for module in here.glob("test_[0-9][0-9]_*.py")
        if "\ndef test_" not in module.read_text(encoding="utf-8")
    ]
    assert empty == []
