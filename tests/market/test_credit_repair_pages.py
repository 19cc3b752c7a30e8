"""Credit repair and the serious-dishonesty list on the pages, through HTTP: the head lists an
enterprise from the penalty case page; the enterprise sees what it may repair in the hall,
applies with its commitment and evidence (bad input named on its fields, nothing saved), follows
its application; the head decides on the workbench; the public record shows the result. Who
sees what: another enterprise, a citizen, an officer who is not a head, anonymous."""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from onewindow.market.credit_models import (
    ListEntry,
    ListingProposal,
    ListKind,
    RepairApplication,
    RepairStatus,
)
from onewindow.market.penalty_models import BandLevel
from tests.cases.conftest import pdf_bytes
from tests.conftest import zh
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.market.test_credit_repair import decided
from tests.market.test_penalties import at
from tests.test_english_complete import chinese_outside_zh

REPAIRS = reverse("portal:market-repairs")
QUEUE = reverse("workbench:market-repairs")


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


def signed_in(client, user, language="en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def text(response) -> str:
    tree = lxml_html.fromstring(response.content.decode())
    return " ".join(" ".join(tree.xpath("//main")[0].itertext()).split())


def evidence(name="缴款凭证.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes("缴款凭证"), content_type="application/pdf")


def test_listed_from_the_case_page_then_repaired_in_the_hall(case_world, client):
    w = case_world
    case, _publication, party, officer = decided(w, BandLevel.HEAVIER, "40000", ["warning"])
    page = reverse("workbench:market-penalty", args=[case.pk])
    listing = reverse("workbench:market-penalty-step", args=[case.pk, "list_serious"])
    with at("2026-04-21"):
        signed_in(client, officer)
        assert "Put on the serious-dishonesty list" not in client.get(page).content.decode()
        signed_in(client, w.head)
        assert "Put on the serious-dishonesty list" in client.get(page).content.decode()
        bad = client.post(listing, {"grounds": ""})
        assert bad.status_code == 400
        assert not ListEntry.objects.exists()
        sent = client.post(listing, {"grounds": "一年内再次违法，情节严重。"}, follow=True)
        assert "for its consent" in text(sent)
        assert not ListEntry.objects.exists()
        assert "Awaiting consent" in text(client.get(page))
        # The city's head consents on the workbench: a reason is needed only to refuse.
        consents = reverse("workbench:market-listings")
        assert case.number not in text(client.get(consents))  # not the level above
        signed_in(client, officer)
        assert client.get(consents).status_code == 403  # not a head
        signed_in(client, w.city_head)
        queue = text(client.get(consents))
        assert case.number in queue
        assert "一年内再次违法" in queue
        proposal = ListingProposal.objects.get()
        decide = reverse("workbench:market-listing-decide", args=[proposal.pk])
        refused_bare = client.post(decide, {"decision": "refuse", "reason": ""})
        assert refused_bare.status_code == 400
        assert not ListEntry.objects.exists()
        client.post(decide, {"decision": "agree", "reason": ""})
        signed_in(client, w.head)
        shown = text(client.get(page))
    entry = ListEntry.objects.get(kind=ListKind.SERIOUS)
    assert "Serious-dishonesty list" in shown
    assert "21 April 2029" in shown
    assert "Agreed" in shown

    with at("2026-05-04"):  # within the first year: the hall says from when, no button
        signed_in(client, party)
        body = text(client.get(REPAIRS))
        assert "Leave the serious-dishonesty list early" in body
        assert "a year after the listing" in body
        assert "Apply for credit repair" not in body
        record = text(client.get(reverse("portal:market-credit-record", args=[case.entity.uscc])))
        assert "Serious-dishonesty list" in record
        assert case.number in record

    with at("2027-04-21"):
        signed_in(client, officer)
        from onewindow.market import penalties

        penalties.record_payment(case, actor=officer, paid_on="2027-04-21")
        signed_in(client, party)
        apply = reverse("portal:market-repair-apply", args=[f"e{entry.pk}"])
        form = client.get(apply)
        assert form.status_code == 200
        assert "守信承诺书" in form.content.decode()
        bad = client.post(apply, {"correction": "", "evidence": evidence("凭证.exe")})
        assert bad.status_code == 400
        assert set(bad.context["form"].errors) == {"correction", "evidence", "commitment"}
        assert not RepairApplication.objects.exists()
        sent = client.post(
            apply,
            {"correction": "罚款已缴清，已停业整改。", "evidence": evidence(), "commitment": "on"},
        )
        application = RepairApplication.objects.get()
        assert sent.url == reverse("portal:market-repair", args=[application.pk])
        mine = text(client.get(sent.url))
        assert "Being decided" in mine
        assert "To be decided by" in mine

        signed_in(client, w.head)
        queue = text(client.get(QUEUE))
        assert application.reference in queue
        assert case.entity.name in queue
        detail = reverse("workbench:market-repair", args=[application.pk])
        assert "Conditions the platform checks" in text(client.get(detail))
        got = client.get(reverse("workbench:market-repair-evidence", args=[application.pk]))
        assert b"".join(got.streaming_content).startswith(b"%PDF")
        decide = reverse("workbench:market-repair-decide", args=[application.pk])
        refused = client.post(decide, {"decision": "refuse", "reason": ""})
        assert refused.status_code == 400
        assert "reason" in refused.context["form"].errors
        client.post(decide, {"decision": "grant", "reason": ""})
    application.refresh_from_db()
    entry.refresh_from_db()
    assert application.status == RepairStatus.GRANTED
    assert entry.removed_on is not None
    with at("2027-04-22"):
        signed_in(client, party)
        assert "Granted" in text(client.get(reverse("portal:market-repair", args=[application.pk])))
        record = text(client.get(reverse("portal:market-credit-record", args=[case.entity.uscc])))
        assert "Credit repaired" in record


def test_who_sees_the_repair_pages(case_world, client):
    w = case_world
    case, publication, party, officer = decided(w, BandLevel.ORDINARY, "20000")
    with at("2027-04-20"):
        penalties_paid(case, officer)
        signed_in(client, party)
        client.post(
            reverse("portal:market-repair-apply", args=[f"p{publication.pk}"]),
            {"correction": "已整改", "evidence": evidence(), "commitment": "on"},
        )
        application = RepairApplication.objects.get()
        mine = reverse("portal:market-repair", args=[application.pk])
        detail = reverse("workbench:market-repair", args=[application.pk])
        neighbour = next(e for e in w.restaurants if e.uscc != case.entity.uscc)
        other = EnterpriseFactory(uscc=neighbour.uscc, name=neighbour.name)
        signed_in(client, other)
        assert client.get(mine).status_code == 404
        assert (
            client.get(
                reverse("portal:market-repair-apply", args=[f"p{publication.pk}"])
            ).status_code
            == 404
        )
        signed_in(client, CitizenFactory())
        assert client.get(REPAIRS).status_code == 403
        signed_in(client, officer)
        assert client.get(QUEUE).status_code == 403
        assert client.get(detail).status_code == 403
        signed_in(client, w.xf_head)  # another department's head
        assert client.get(detail).status_code == 404
        assert application.reference not in text(client.get(QUEUE))
        client.logout()
        assert client.get(mine).status_code == 302
        assert client.get(detail).status_code == 302
    assert RepairApplication.objects.get().status == RepairStatus.PENDING


def penalties_paid(case, officer):
    from onewindow.market import penalties

    penalties.record_payment(case, actor=officer, paid_on="2027-04-20")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_repair_pages_in_both_languages(case_world, client, language):
    w = case_world
    case, publication, party, officer = decided(w, BandLevel.ORDINARY, "20000")
    with at("2027-04-20"):
        penalties_paid(case, officer)
        signed_in(client, party, language)
        listing = client.get(REPAIRS)
        form = client.get(reverse("portal:market-repair-apply", args=[f"p{publication.pk}"]))
        client.post(
            reverse("portal:market-repair-apply", args=[f"p{publication.pk}"]),
            {"correction": "已整改", "evidence": evidence(), "commitment": "on"},
        )
        application = RepairApplication.objects.get()
        mine = client.get(reverse("portal:market-repair", args=[application.pk]))
        signed_in(client, w.head, language)
        queue = client.get(QUEUE)
        detail = client.get(reverse("workbench:market-repair", args=[application.pk]))
    pages = (listing, form, mine, queue, detail)
    assert all(page.status_code == 200 for page in pages)
    if language == "en":
        for page in pages:
            assert chinese_outside_zh(page.content.decode()) == []
    else:
        for msgid in ("Credit repair", "Apply for credit repair", "Credit commitment"):
            assert zh(msgid) != msgid
        assert zh("Credit repair") in text(listing)
        assert zh("Credit commitment") in text(form)
