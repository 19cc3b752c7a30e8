"""The knowledge base: guide articles built from the catalogue, hotline answers, and search
ranked as the catalogue search ranks (synonyms, pinyin, typos)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from onewindow.accounts.models import Department, Role
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry
from onewindow.hotline import knowledge, services
from onewindow.hotline.models import ArticleSource, KnowledgeArticle, Status, Ticket, TicketEvent
from tests.factories import CitizenFactory, OfficialFactory

MARRIAGE = "440100-MZ-QR-107"  # 结婚登记 in the shipped catalogue


@pytest.fixture
def built(catalogue):
    services.build_knowledge()
    return catalogue


def _ticket(number="12345-0001", status=Status.REPLIED, reply="路灯已于当日修复。"):
    return Ticket.objects.create(
        number=number,
        division_code="440106",
        channel="phone",
        kind="consultation",
        title="路灯不亮怎么报修",
        description="小区门口路灯不亮",
        status=status,
        reply=reply,
        reply_en="The light was repaired the same day.",
        received_at=timezone.now(),
        caller_name="张三",
        caller_phone="13800138000",
    )


def test_one_guide_article_per_published_item_with_the_guide_facts(built):
    items = ServiceItem.objects.filter(published=True)
    assert KnowledgeArticle.objects.filter(source=ArticleSource.GUIDE).count() == items.count()
    item = ServiceItem.objects.get(code=MARRIAGE)
    article = KnowledgeArticle.objects.get(code=f"G-{MARRIAGE}")
    assert article.title == item.name
    assert article.title_en == item.name_en
    assert article.item_code == MARRIAGE
    assert article.department == item.lead_department
    assert "办理地点" in article.body
    first = item.materials.first()
    assert first.name in article.body
    assert first.name_en in article.body_en
    assert "Time limit" in article.body_en
    assert "Materials" in article.body_en
    assert AuditEntry.objects.filter(action="hotline.knowledge_built").exists()


def test_rebuilding_is_idempotent_and_withdraws_unpublished_guides(built):
    assert services.build_knowledge() == {"created": 0, "updated": 0, "withdrawn": 0}
    ServiceItem.objects.filter(code=MARRIAGE).update(published=False)
    assert services.build_knowledge()["withdrawn"] == 1
    assert not KnowledgeArticle.objects.get(code=f"G-{MARRIAGE}").published
    assert all(hit.item_code != MARRIAGE for hit in knowledge.search("结婚登记"))


@pytest.mark.parametrize(
    "query",
    ["结婚登记", "领证", "jhdj", "jiehundengji", "结昏登记", "我想领结婚证"],
)
def test_search_finds_the_marriage_guide_as_the_catalogue_does(built, query):
    hits = knowledge.search(query, limit=5)
    assert hits, query
    assert hits[0].item_code == MARRIAGE, [h.title for h in hits]
    hit = hits[0]
    assert hit.code == f"G-{MARRIAGE}"
    assert hit.source == "guide"
    assert hit.url == f"/services/{MARRIAGE}/"
    assert len(hit.excerpt) <= knowledge.EXCERPT
    assert hit.excerpt


def test_search_respects_limit_and_empty_queries(built):
    assert len(knowledge.search("证明", limit=3)) <= 3
    assert knowledge.search("", limit=5) == []
    assert knowledge.search("   ?*", limit=5) == []
    assert knowledge.search("结婚", limit=0) == []


def test_search_speaks_english_when_english_is_active(built):
    item = ServiceItem.objects.get(code=MARRIAGE)
    with translation.override("en"):
        hits = knowledge.search("结婚登记", limit=1)
        assert hits[0].title == item.name_en
        assert hits[0].source_label == "Service guide"


def test_a_dispatcher_publishes_a_reply_and_search_finds_it(built):
    dispatcher = OfficialFactory(role=Role.DISPATCHER, department=Department.objects.first())
    ticket = _ticket()
    article = services.publish_answer(ticket, dispatcher, keywords="路灯 报修")
    assert article.code == "A-12345-0001"
    assert article.source == ArticleSource.ANSWER
    assert article.body == "路灯已于当日修复。"
    assert article.body_en.startswith("The light")
    assert "13800138000" not in article.body
    assert "张三" not in article.body
    hits = knowledge.search("路灯报修")
    assert hits
    assert hits[0].code == article.code
    assert hits[0].url == ""
    assert TicketEvent.objects.filter(ticket=ticket, action="published_answer").exists()
    assert AuditEntry.objects.filter(action="hotline.answer_published").exists()
    again = services.publish_answer(ticket.number, dispatcher, body="新的答复")
    assert again.pk == article.pk
    assert again.body == "新的答复"


@pytest.mark.django_db
def test_only_hotline_staff_publish_and_only_replied_tickets():
    ticket = _ticket(status=Status.DISPATCHED)
    with pytest.raises(PermissionDenied):
        services.publish_answer(ticket, CitizenFactory())
    with pytest.raises(PermissionDenied):
        services.publish_answer(ticket, OfficialFactory(role=Role.REVIEWER))
    operator = OfficialFactory(role=Role.HOTLINE_OPERATOR)
    with pytest.raises(ValidationError) as error:
        services.publish_answer(ticket, operator)
    assert "ticket" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.publish_answer("no-such", operator)
    assert "ticket" in error.value.message_dict
    replied = _ticket(number="12345-0002", reply="")
    with pytest.raises(ValidationError) as error:
        services.publish_answer(replied, operator)
    assert "body" in error.value.message_dict


def test_the_management_command_builds(catalogue):
    from django.core.management import call_command

    call_command("build_knowledge")
    assert KnowledgeArticle.objects.filter(source=ArticleSource.GUIDE).exists()
