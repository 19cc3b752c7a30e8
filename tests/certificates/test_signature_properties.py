"""Whatever a certificate says, it verifies as issued, and changing any one character of
its signed data makes it tampered (Hypothesis over field values and edits)."""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from onewindow.catalog.models import CertificateType
from onewindow.certificates import services, signing
from onewindow.certificates.verification import Status, verify_envelope

pytestmark = pytest.mark.django_db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


@hypothesis_settings(max_examples=25)
@given(
    values=st.fixed_dictionaries(
        {"business_format": TEXT, "premises_address": TEXT, "division": TEXT}
    ),
    which=st.integers(min_value=0, max_value=2),
    position=st.integers(min_value=0),
    replacement=st.characters(blacklist_categories=("Cs", "Cc")),
)
def test_any_values_verify_and_any_one_character_edit_is_caught(
    catalogue, enterprise, values, which, position, replacement
):
    certificate = services.issue(
        certificate_type=CertificateType.objects.get(code="food_business_licence"),
        holder=services.HolderIdentity.of(enterprise),
        facts=services.Facts(form=values),
    )
    envelope = signing.envelope(certificate)
    assert verify_envelope(envelope).status == Status.VALID
    assert (
        APIClient().post("/api/v1/certificates/verify", envelope, format="json").json()["status"]
        == "valid"
    )

    value = envelope["certificate"]["fields"][which]["value"]
    index = position % len(value)
    edited = value[:index] + replacement + value[index + 1 :]
    envelope["certificate"]["fields"][which]["value"] = edited
    expected = Status.VALID if edited == value else Status.TAMPERED
    assert verify_envelope(envelope).status == expected
