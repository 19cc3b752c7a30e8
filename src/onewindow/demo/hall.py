"""Demo notices of the service hall (大厅公告), made once each (found again by title)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from onewindow.catalog.models import HallNotice
from onewindow.catalog.services import save_notice

NOTICES = [
    {
        "title": "元旦假期政务服务中心办公时间安排",
        "title_en": "Service centre opening hours over the New Year holiday",
        "body": (
            "2027年1月1日（星期五）至1月3日（星期日）放假，共3天。假期内市政务服务中心"
            "暂停窗口服务，网上办事大厅照常受理申请，节后第一个工作日起按序办理。"
            "假期不计入办理时限。"
        ),
        "body_en": (
            "The New Year holiday runs from Friday 1 to Sunday 3 January 2027. The counters of "
            "the city service centre are closed; the online hall accepts applications as usual "
            "and they are handled in order from the first working day after the holiday. "
            "Holidays do not count towards any time limit."
        ),
        "days_ago": 2,
        "expires_in": 30,
    },
    {
        "title": "新生儿出生“一件事”实现全程网办",
        "title_en": "The birth of a child (one-stop) is now fully online",
        "body": (
            "出生医学证明、出生登记（报户口）、城乡居民医保参保和社会保障卡申领合并为一次申请，"
            "一张表单、一套材料，各部门并联办理，无需到现场。"
        ),
        "body_en": (
            "The medical birth certificate, the birth registration in the household register, "
            "enrolment in residents' medical insurance and the social security card are now one "
            "application: one form, one set of materials, handled by the departments in "
            "parallel, with no visit needed."
        ),
        "days_ago": 9,
        "expires_in": None,
    },
    {
        "title": "办件进度可凭办件编号和查询码查询",
        "title_en": "Look up the progress of an application with its number and code",
        "body": (
            "受理回执上印有办件编号和查询码。无需登录，在首页“我要查”输入二者即可查看办理进度。"
        ),
        "body_en": (
            "Your receipt shows the application number and a verification code. Enter both "
            "under “Look up” on the home page to see the progress, without signing in."
        ),
        "days_ago": 20,
        "expires_in": None,
    },
]


def ensure() -> int:
    """Publish the demo notices that are not there yet; returns how many are new."""
    now = timezone.now()
    created = 0
    for data in NOTICES:
        if HallNotice.objects.filter(title=data["title"]).exists():
            continue
        published = now - timedelta(days=data["days_ago"])
        save_notice(
            HallNotice(
                title=data["title"],
                title_en=data["title_en"],
                body=data["body"],
                body_en=data["body_en"],
                published_at=published,
                expires_at=now + timedelta(days=data["expires_in"]) if data["expires_in"] else None,
            )
        )
        created += 1
    return created
