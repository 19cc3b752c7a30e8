"""Template filters for bilingual pages (a builtin library: no ``{% load %}`` needed).

``<dd{{ value|lang_attr }}>{{ value }}</dd>`` marks text that people typed or that a registry
holds (names, addresses, free text) as Chinese when it is written in Chinese, so an English page
says which parts are in another language (WCAG 3.1.2, language of parts) and screen readers
switch voice.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@register.filter
def lang_attr(value) -> str:
    """`` lang="zh-Hans"`` for text containing Chinese characters, "" otherwise."""
    return mark_safe(' lang="zh-Hans"') if HAN.search(str(value or "")) else ""


@register.filter
def bilingual_span(value):
    """``value`` escaped, inside ``<span lang="zh-Hans">`` when it holds Chinese (a service's
    Chinese name quoted on an English page, or what a person typed)."""
    if HAN.search(str(value or "")):
        return format_html('<span lang="zh-Hans">{}</span>', value)
    return conditional_escape(str(value or ""))
