"""The service hall over HTTP: home, life events (and their strict data file), departments,
notices, popular services and the guide's buttons per online depth."""

from datetime import timedelta

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from onewindow.accounts.models import Role
from onewindow.cases import services as case_services
from onewindow.catalog import hall
from onewindow.catalog.models import HallNotice, ServiceItem
from onewindow.catalog.services import save_notice
from onewindow.core.models import AuditEntry
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads

pytestmark = pytest.mark.django_db

GOOD = {
    "slug": "birth",
    "name": "出生",
    "name_en": "Having a baby",
    "summary": "宝宝出生后要办的事。",
    "summary_en": "What to do after a baby is born.",
    "items": ["440100-GA-QR-101"],
}


def notice(title: str, *, published: timedelta, expires: timedelta | None = None) -> HallNotice:
    now = timezone.now()
    return save_notice(
        HallNotice(
            title=title,
            title_en=f"{title} (English)",
            body=f"{title}的正文",
            body_en=f"The body of {title}",
            published_at=now + published,
            expires_at=now + expires if expires is not None else None,
        )
    )


# --- the life-events file ---


def test_every_life_event_names_services_of_the_catalogue(catalogue):
    codes = set(ServiceItem.objects.filter(published=True).values_list("code", flat=True))
    assert hall.check_life_events(codes) == []
    assert {e.slug for e in hall.life_events()} >= {"birth", "marriage", "retirement"}
    assert all(e.name_en and e.summary_en for e in hall.life_events())


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"colour": "red"}, "unknown field colour"),
        ({"name_en": ""}, "name_en: a non-empty text"),
        ({"slug": "Birth!"}, "slug: lower-case"),
        ({"items": []}, "items: a non-empty list"),
        ({"items": ["出生登记"]}, "is not an item code"),
        ({"items": ["440100-GA-QR-101", "440100-GA-QR-101"]}, "listed twice"),
    ],
)
def test_a_bad_life_event_is_refused_naming_the_field(change, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        hall.read_life_events(yaml.safe_dump([{**GOOD, **change}], allow_unicode=True))


def test_a_missing_field_and_a_slug_used_twice_are_refused():
    missing = {k: v for k, v in GOOD.items() if k != "summary_en"}
    with pytest.raises(ImproperlyConfigured, match="missing field summary_en"):
        hall.read_life_events(yaml.safe_dump([missing]))
    with pytest.raises(ImproperlyConfigured, match="used twice"):
        hall.read_life_events(yaml.safe_dump([GOOD, GOOD]))


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(sorted(hall.LIFE_EVENT_KEYS | {"other"})),
            st.one_of(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=3)),
        ),
        max_size=3,
    )
)
def test_the_life_events_reader_accepts_or_names_a_problem_never_crashes(data):
    try:
        events = hall.read_life_events(yaml.safe_dump(data))
    except ImproperlyConfigured as exc:
        problem = str(exc)
    else:
        problem = ""
        assert all(e.item_codes for e in events)
    assert problem == "" or problem.startswith("life_events.yaml")


# --- pages ---


def test_the_home_page_puts_search_first_and_links_the_hall(client, catalogue):
    notice("元旦假期办公时间", published=timedelta(days=-1))
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert html.index('name="q"') < html.index('id="apply-title"')
    assert 'action="/services/"' in html
    assert 'action="/progress/"' in html
    assert 'name="number"' in html
    assert 'name="code"' in html
    assert 'href="/my/data-access/"' in html
    assert 'href="/life-events/retirement/"' in html
    assert "元旦假期办公时间" in html


def test_the_home_page_in_care_mode_keeps_the_essentials(client, catalogue):
    client.cookies["ow_care"] = "1"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'class="big-tiles"' in html
    assert "/life-events/" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'action="/progress/"' in html
    assert "关怀模式：已开启" in html
    assert 'aria-pressed="true"' in html


def test_the_care_toggle_says_it_is_off_in_english(client, catalogue):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Care mode: off" in html
    assert 'aria-pressed="false"' in html


def test_popular_services_come_from_applications_with_a_curated_fallback(catalogue, enterprise):
    curated = [item.code for item in hall.popular_items()]
    assert curated == hall.CURATED_POPULAR[:8]

    item = ServiceItem.objects.get(code=PARALLEL)
    for n in range(hall.POPULAR_MIN_APPLICATIONS):
        case_services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
            idempotency_key=f"popular-{n}",
        )
    ranked = [item.code for item in hall.popular_items()]
    assert ranked[0] == PARALLEL
    assert ranked[1:] == hall.CURATED_POPULAR[:7]


def test_care_mode_tiles_leave_out_services_only_enterprises_apply_for(
    client, catalogue, enterprise
):
    item = ServiceItem.objects.get(code=PARALLEL)
    assert item.applicant == "enterprise"
    for n in range(hall.POPULAR_MIN_APPLICATIONS):
        case_services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
            idempotency_key=f"care-{n}",
        )
    assert PARALLEL in [i.code for i in hall.popular_items()]
    tiles = hall.popular_items(6, people_only=True)
    assert PARALLEL not in [i.code for i in tiles]
    assert all(i.applicant != "enterprise" for i in tiles)
    assert len(tiles) == 6
    client.cookies["ow_care"] = "1"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"/services/{PARALLEL}/" not in html
    assert f"/services/{tiles[0].code}/" in html


def test_a_life_event_page_lists_its_services_in_order_in_both_languages(client, catalogue):
    event = hall.life_event("marriage")
    html = client.get("/life-events/marriage/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    names = [ServiceItem.objects.get(code=code).name for code in event.item_codes]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    english = client.get("/life-events/marriage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Getting married" in english
    assert ServiceItem.objects.get(code=event.item_codes[0]).name_en in english
    assert client.get("/life-events/no-such-event/").status_code == 404
    assert client.get("/life-events/").status_code == 200


def test_the_departments_page_names_departments_in_english(client, catalogue):
    html = client.get("/departments/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    item = ServiceItem.objects.select_related("lead_department").get(code=PARALLEL)
    assert item.lead_department.name_en in html
    assert item.name_en in html
    assert f'id="dept-{item.lead_department.code}"' in html


def test_only_current_notices_are_shown(client, db):
    shown = notice("今天的公告", published=timedelta(hours=-1), expires=timedelta(days=1))
    expired = notice("过期的公告", published=timedelta(days=-3), expires=timedelta(days=-1))
    future = notice("明天的公告", published=timedelta(days=1))
    page = client.get("/notices/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "今天的公告" in page
    assert "过期的公告" not in page
    assert "明天的公告" not in page
    assert client.get(f"/notices/{shown.pk}/").status_code == 200
    assert client.get(f"/notices/{expired.pk}/").status_code == 404
    assert client.get(f"/notices/{future.pk}/").status_code == 404
    english = client.get(f"/notices/{shown.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "今天的公告 (English)" in english


def test_a_notice_is_audited_and_cannot_expire_before_it_is_published(db):
    created = notice("大厅公告", published=timedelta(0))
    assert AuditEntry.objects.filter(
        action="catalog.notice_published", object_id=str(created.pk)
    ).exists()
    before = HallNotice.objects.count()
    with pytest.raises(ValidationError) as error:
        notice("坏公告", published=timedelta(0), expires=timedelta(days=-1))
    assert "expires_at" in error.value.message_dict
    assert HallNotice.objects.count() == before


@pytest.mark.parametrize(
    ("code", "depth", "apply", "book"),
    [
        ("440100-SCJG-XK-301", None, True, False),  # level 4: fully online
        ("440100-CRJ-XK-224", None, True, True),  # level 3 with a visit
        ("440100-MZ-QR-107", 1, False, True),  # level 1: in person only
    ],
)
def test_the_guide_offers_the_buttons_its_online_depth_allows(
    client, catalogue, code, depth, apply, book
):
    if depth is not None:
        ServiceItem.objects.filter(code=code).update(online_depth=depth)
    html = client.get(f"/services/{code}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert ('data-action="apply"' in html) is apply
    assert ('data-action="book"' in html) is book
    if book:
        assert f'href="/appointments/new/?item={code}"' in html
    assert "<table" not in html.split('id="materials-title"', 1)[1].split("</section>", 1)[0]


def test_the_system_administrator_publishes_a_notice_in_the_admin_audited(duty_client):
    admin = duty_client(Role.SYSTEM_ADMINISTRATOR)
    assert admin.get("/admin/catalog/hallnotice/add/").status_code == 200
    response = admin.post(
        "/admin/catalog/hallnotice/add/",
        {
            "title": "春节假期安排",
            "title_en": "Spring Festival opening hours",
            "body": "正文",
            "body_en": "Body",
            "published_at_0": "2026-12-01",
            "published_at_1": "09:00:00",
            "expires_at_0": "2026-11-30",
            "expires_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200  # refused: it would expire before it is published
    assert not HallNotice.objects.exists()

    response = admin.post(
        "/admin/catalog/hallnotice/add/",
        {
            "title": "春节假期安排",
            "title_en": "Spring Festival opening hours",
            "body": "正文",
            "body_en": "Body",
            "published_at_0": "2026-12-01",
            "published_at_1": "09:00:00",
        },
    )
    assert response.status_code == 302
    created = HallNotice.objects.get()
    entry = AuditEntry.objects.get(action="catalog.notice_published", object_id=str(created.pk))
    assert entry.data["title"] == "春节假期安排"
