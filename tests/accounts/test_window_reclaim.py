"""Identity reclaim at the window: a window clerk who checked the original ID card in person
reclaims the identity for the person, who proves a new phone with an SMS code. Knowing a name and
an ID number is not enough online unless the provider proves the person (national assurance)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from onewindow.accounts.identity import registry, services
from onewindow.accounts.identity.base import IdentityProvider, Verdict
from onewindow.accounts.models import IdentityReclaim, Role, User
from onewindow.core.identifiers import generate_id_number
from onewindow.core.models import AuditEntry
from tests.conftest import zh
from tests.factories import CitizenFactory, OfficialFactory
from tests.identity import person_record

pytestmark = pytest.mark.django_db
ID_NUMBER = generate_id_number("440106", date(1983, 3, 3))
PAGE = "/workbench/identity-reclaim/"


@registry.register("test-national-window")
class NationalService(IdentityProvider):
    """A stand-in for a national real-name service with liveness against the ID photo."""

    assurance = "national"

    def check_person(self, real_name, id_number):
        return Verdict(real_name == "韩梅")

    def check_enterprise(self, uscc, name):
        return Verdict(False)

    def is_legal_representative(self, uscc, id_number):
        return False


@pytest.fixture
def taken():
    """韩梅 is in the registry, and an impostor registered with her name and number."""
    person_record("韩梅", ID_NUMBER)
    return services.register_citizen(
        username="taker",
        password="Str0ng-Taker-2026",
        real_name="韩梅",
        id_number=ID_NUMBER,
        phone="13700137000",
    )


@pytest.fixture
def clerk(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False  # signed in as by the TOTP form; its own tests
    return OfficialFactory(role=Role.WINDOW_CLERK)


def at_window(clerk, **changes):
    arguments = {
        "username": "han.mei",
        "real_name": "韩梅",
        "id_number": ID_NUMBER,
        "phone": "13800138000",
        "verified_by": clerk,
        "id_card_checked": True,
    } | changes
    with translation.override("zh-hans"):
        return services.reclaim_identity(**arguments)


def nothing_changed(taker):
    taker.refresh_from_db()
    assert taker.is_active
    assert taker.id_number == ID_NUMBER
    assert not IdentityReclaim.objects.exists()
    assert not User.objects.filter(username="han.mei").exists()


def test_an_official_who_is_not_a_window_clerk_is_refused(taken):
    reviewer = OfficialFactory(role=Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        at_window(reviewer)
    with pytest.raises(PermissionDenied):
        at_window(CitizenFactory())
    nothing_changed(taken)


def test_the_clerk_must_confirm_checking_the_id_card(taken, clerk):
    with pytest.raises(ValidationError) as refused:
        at_window(clerk, id_card_checked=False)
    assert refused.value.message_dict == {
        "id_card_checked": [zh("Confirm that you checked the person's original ID card in person.")]
    }
    nothing_changed(taken)


def test_a_name_that_does_not_match_the_registry_is_refused(taken, clerk):
    with pytest.raises(ValidationError) as refused:
        at_window(clerk, real_name="韩梅梅")
    assert refused.value.message_dict == {
        "id_number": [zh("The name and ID number do not match the population registry.")]
    }
    with pytest.raises(ValidationError) as refused:
        at_window(clerk, real_name="")
    assert list(refused.value.message_dict) == ["real_name"]
    nothing_changed(taken)


def test_online_reclaim_with_the_built_in_provider_is_refused(taken):
    with pytest.raises(ValidationError) as refused, translation.override("zh-hans"):
        services.reclaim_identity(
            username="han.mei",
            password="Str0ng-Person-2026",
            real_name="韩梅",
            id_number=ID_NUMBER,
            phone="13800138000",
        )
    assert refused.value.messages == [
        zh(
            "An identity can only be reclaimed at a service hall window, with the original ID "
            "card: knowing a name and an ID number does not prove who you are."
        )
    ]
    nothing_changed(taken)


def test_the_window_reclaim_freezes_the_holder_and_binds_an_account_without_a_password(
    taken, clerk, console
):
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    reclaim = at_window(clerk)
    taken.refresh_from_db()
    assert not taken.is_active
    assert taken.id_number == ""
    person = reclaim.new_user
    assert person.username == "han.mei"
    assert person.id_number == ID_NUMBER
    assert not person.has_usable_password()
    assert person.real_name_verification.provider == "registry"
    assert reclaim.verified_by == clerk
    assert reclaim.frozen_user == taken
    assert "account.registered" in [entry["action"] for entry in reclaim.activity]

    label = f"{clerk.pk}:{clerk.username}"
    entries = {
        entry.action: entry
        for entry in AuditEntry.objects.filter(
            action__in=[
                "account.frozen_identity_reclaimed",
                "identity.reclaimed",
                "account.real_name_verified",
            ],
            seq__gt=before,
        )
    }
    assert set(entries) == {
        "account.frozen_identity_reclaimed",
        "identity.reclaimed",
        "account.real_name_verified",
    }
    for entry in entries.values():
        assert entry.actor == label
        assert entry.data["verified"] == "in person"
        assert entry.data["verified_by"] == clerk.pk

    # The person signs in with a code texted to the new phone; no password works.
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.post("/login/sms/", {"action": "send_code", "phone": "13800138000"})
    response = browser.post("/login/sms/", {"phone": "13800138000", "code": console()})
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(person.pk)
    page = browser.get("/account/identity/").content.decode()
    assert "taker" in page
    assert "account.registered" in page


def test_a_provider_of_national_assurance_reclaims_online(settings):
    settings.ONEWINDOW_IDENTITY_PROVIDER = "test-national-window"
    taker = services.register_citizen(
        username="taker",
        password="Str0ng-Taker-2026",
        real_name="韩梅",
        id_number=ID_NUMBER,
        phone="13700137000",
    )
    assert services.online_reclaim_offered()
    reclaim = services.reclaim_identity(
        username="han.mei",
        password="Str0ng-Person-2026",
        real_name="韩梅",
        id_number=ID_NUMBER,
        phone="13800138000",
    )
    taker.refresh_from_db()
    assert not taker.is_active
    assert reclaim.verified_by is None
    assert reclaim.new_user.check_password("Str0ng-Person-2026")
    entry = AuditEntry.objects.get(action="identity.reclaimed")
    assert entry.actor == f"{reclaim.new_user.pk}:han.mei"
    assert "verified" not in entry.data


def window_form(**changes):
    return {
        "id_card_checked": "on",
        "real_name": "韩梅",
        "id_number": ID_NUMBER,
        "phone": "13800138000",
        "code": "",
        "username": "han.mei",
    } | changes


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en"})
    return client


def test_the_workbench_page_is_for_window_clerks_only(taken, clerk):
    assert signed_in(clerk).get(PAGE).status_code == 200
    for other in (OfficialFactory(role=Role.HEAD), OfficialFactory(role=Role.SUPERVISOR)):
        assert signed_in(other).get(PAGE).status_code == 403
        assert signed_in(other).post(PAGE, window_form()).status_code == 403
    assert signed_in(CitizenFactory()).get(PAGE).status_code == 403
    assert Client().get(PAGE).status_code == 302
    nothing_changed(taken)


def test_the_clerk_reclaims_through_the_page_and_sees_what_the_account_did(taken, clerk, console):
    client = signed_in(clerk)
    assert "Identity reclaim at the window" in client.get("/workbench/").content.decode()
    sent = client.post(PAGE, window_form(action="send_code")).content.decode()
    assert "138****8000" in sent
    code = console()

    wrong = "000000" if code != "000000" else "111111"
    page = client.post(PAGE, window_form(code=wrong)).content.decode()
    assert 'id="id_code_error"' in page
    nothing_changed(taken)

    missing = client.post(PAGE, window_form(id_card_checked="", code=code)).content.decode()
    assert 'id="id_id_card_checked_error"' in missing
    nothing_changed(taken)

    page = client.post(PAGE, window_form(code=code)).content.decode()
    assert "The identity is reclaimed" in page
    assert "taker" in page
    assert "account.registered" in page
    assert "Sign in with an SMS code" in page
    taken.refresh_from_db()
    assert not taken.is_active
    assert IdentityReclaim.objects.get().verified_by == clerk
