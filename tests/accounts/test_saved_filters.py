"""An official's saved searches: their own, by name, audited; nobody else sees or deletes them."""

import pytest
from django.core.exceptions import ValidationError

from onewindow.accounts import selectors, services
from onewindow.accounts.models import SavedFilter
from onewindow.core.models import AuditEntry
from tests.factories import OfficialFactory


@pytest.mark.django_db
def test_a_search_is_saved_for_its_owner_only_and_audited():
    mine, theirs = OfficialFactory(), OfficialFactory()
    saved = services.save_filter(user=mine, name="红牌", query="?card=red&status=in_review")
    assert saved.query == "card=red&status=in_review"
    assert [f.name for f in selectors.saved_filters(mine)] == ["红牌"]
    assert list(selectors.saved_filters(theirs)) == []
    entry = AuditEntry.objects.get(action="account.filter_saved")
    assert entry.data == {"name": "红牌", "query": "card=red&status=in_review"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_a_saved_search_needs_a_short_name(name):
    with pytest.raises(ValidationError) as error:
        services.save_filter(user=OfficialFactory(), name=name, query="q=1")
    assert "name" in error.value.message_dict
    assert not SavedFilter.objects.exists()


@pytest.mark.django_db
def test_a_name_is_used_once_per_official_but_others_may_use_it():
    first, second = OfficialFactory(), OfficialFactory()
    services.save_filter(user=first, name="今日", query="q=1")
    with pytest.raises(ValidationError) as error:
        services.save_filter(user=first, name="今日", query="q=2")
    assert "name" in error.value.message_dict
    services.save_filter(user=second, name="今日", query="q=2")
    assert SavedFilter.objects.count() == 2


@pytest.mark.django_db
def test_only_the_owner_deletes_a_saved_search():
    owner, other = OfficialFactory(), OfficialFactory()
    saved = services.save_filter(user=owner, name="逾期", query="card=red")
    with pytest.raises(SavedFilter.DoesNotExist):
        services.delete_filter(user=other, filter_id=saved.pk)
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    services.delete_filter(user=owner, filter_id=saved.pk)
    assert not SavedFilter.objects.exists()
    assert AuditEntry.objects.filter(action="account.filter_deleted").count() == 1
