"""Real-name verification is a plug-in: the setting picks the provider, an unknown name is a
configuration error, and the reclaim path knows how far a provider can be trusted."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation

from onewindow.accounts.identity import registry, services
from onewindow.accounts.identity.base import IdentityProvider, Verdict
from onewindow.accounts.models import User
from onewindow.core.identifiers import generate_id_number
from tests.conftest import zh
from tests.identity import person_record

pytestmark = pytest.mark.django_db
ID_NUMBER = generate_id_number("440106", date(1979, 7, 7))


@registry.register("test-national")
class NationalStandIn(IdentityProvider):
    """A stand-in for a national service that also checks the person is present."""

    assurance = "national"

    def check_person(self, real_name, id_number):
        return Verdict(real_name == "吴十")

    def check_enterprise(self, uscc, name):
        return Verdict(False)

    def is_legal_representative(self, uscc, id_number):
        return False


def register(username="wushi", phone="13700137000"):
    return services.register_citizen(
        username=username,
        password="Str0ng-Person-2026",
        real_name="吴十",
        id_number=ID_NUMBER,
        phone=phone,
    )


def reclaim(username, phone):
    """A reclaim, its refusals in the default language whatever an earlier test activated."""
    with translation.override("zh-hans"):
        return _reclaim(username, phone)


def _reclaim(username, phone):
    return services.reclaim_identity(
        username=username,
        password="Str0ng-Person-2026",
        real_name="吴十",
        id_number=ID_NUMBER,
        phone=phone,
    )


def test_the_built_in_provider_reads_the_population_registry():
    with pytest.raises(ValidationError) as refused:
        register()
    assert "id_number" in refused.value.message_dict
    person_record("吴十", ID_NUMBER)
    assert register().real_name_verification.provider == "registry"


def test_the_setting_names_the_provider(settings):
    settings.ONEWINDOW_IDENTITY_PROVIDER = "test-national"
    assert register().real_name_verification.provider == "test-national"  # no registry record


def test_an_unknown_provider_is_a_configuration_error(settings):
    settings.ONEWINDOW_IDENTITY_PROVIDER = "nowhere"
    with pytest.raises(ImproperlyConfigured):
        register()


def test_the_built_in_provider_sends_every_reclaim_to_the_service_hall():
    # Name and number are all the built-in provider checks, and all an impostor knows.
    person_record("吴十", ID_NUMBER)
    register("first", "13700137000")
    with pytest.raises(ValidationError) as refused:
        reclaim("second", "13800138000")
    assert refused.value.messages == [
        zh(
            "An identity can only be reclaimed at a service hall window, with the original ID "
            "card: knowing a name and an ID number does not prove who you are."
        )
    ]
    assert User.objects.get(username="first").is_active
    assert not User.objects.filter(username="second").exists()


def test_a_national_provider_may_settle_a_second_reclaim(settings):
    settings.ONEWINDOW_IDENTITY_PROVIDER = "test-national"
    register("first", "13700137000")
    reclaim("second", "13800138000")
    reclaim("third", "13900139000")
    assert not User.objects.get(username="second").is_active
    assert User.objects.get(username="third").id_number == ID_NUMBER


def test_reclaiming_an_identity_nobody_uses_is_refused(settings):
    settings.ONEWINDOW_IDENTITY_PROVIDER = "test-national"
    with pytest.raises(ValidationError) as refused:
        reclaim("owner", "13800138000")
    assert refused.value.message_dict["id_number"] == [
        zh("No account uses this identity. Register instead.")
    ]
