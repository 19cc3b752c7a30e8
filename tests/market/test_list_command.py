"""``onewindow list-non-filers``: before 1 July nothing is due and nothing is listed; from
1 July 2027 every enterprise in business that did not file the report on 2026 is listed,
once however often the daily cron runs it."""

from datetime import date
from io import StringIO

import time_machine
from django.core.management import call_command

from onewindow.market.credit_models import ListEntry, ListReason


def run(*args) -> str:
    out = StringIO()
    call_command("list_non_filers", *args, stdout=out)
    return out.getvalue()


def test_before_1_july_nothing_is_due(world):
    with time_machine.travel(date(2027, 6, 30)):
        said = run()
    assert "Nothing is due yet" in said
    assert "2026" in said
    assert not ListEntry.objects.exists()
    with time_machine.travel(date(2027, 12, 1)):
        assert "Nothing is due yet" in run("--year", "2027")
    assert not ListEntry.objects.exists()


def test_from_1_july_the_non_filers_are_listed_once(world):
    in_business = len(world.restaurants) + len(world.shops)
    with time_machine.travel(date(2027, 7, 1)):
        assert run() == f"{in_business} enterprises listed for the annual report on 2026.\n"
    with time_machine.travel(date(2027, 7, 2)):
        assert run() == "0 enterprises listed for the annual report on 2026.\n"
        assert run("--year", "2026").startswith("0 enterprises")
    entries = ListEntry.objects.filter(reason=ListReason.NO_REPORT, year=2026)
    assert entries.count() == in_business
    assert set(entries.values_list("listed_on", flat=True)) == {date(2027, 7, 1)}
