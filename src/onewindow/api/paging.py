"""Limit/offset paging for the list endpoints, and its shape in the OpenAPI schema."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100


def paginated(serializer_class: type[serializers.Serializer], name: str):
    """The page a ``LimitOffsetPagination`` answers with, for views that page by hand."""
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
