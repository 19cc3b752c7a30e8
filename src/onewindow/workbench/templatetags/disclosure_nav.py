"""The workbench menu's disclosure entry, for officials who hold a disclosure role (officer,
confidentiality reviewer, head of the office). Read from the request's desk (its one query of
roles), never again."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def disclosure_desk(context) -> bool:
    desk = getattr(context.get("request"), "desk", None)
    return bool(getattr(desk, "disclosure", ()))
