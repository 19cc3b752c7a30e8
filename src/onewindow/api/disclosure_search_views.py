"""Search of the published disclosure catalogue (政府信息公开), open to anyone."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.disclosure import search as fts
from onewindow.disclosure.models import Validity
from onewindow.disclosure.selectors import public
from onewindow.disclosure.vocab import Category


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    agency = serializers.CharField(required=False, max_length=32, help_text="an agency's code")
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100)
    validity = serializers.ChoiceField(choices=Validity.choices, required=False)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=10000, default=0)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

    def validate_agency(self, value):
        department = public.agency(value)
        if department is None:
            raise serializers.ValidationError(_("No agency with this code discloses anything."))
        return department


class HitSerializer(serializers.Serializer):
    index_number = serializers.CharField(source="document.index_number")
    title = serializers.CharField(source="document.title")
    title_en = serializers.CharField(source="document.title_en")
    number = serializers.CharField(source="document.number", help_text="document number (文号)")
    agency = serializers.CharField(source="document.agency.code")
    agency_name = serializers.CharField(source="document.agency.name")
    category = serializers.CharField(source="document.category")
    validity = serializers.CharField(source="document.validity")
    formed_on = serializers.DateField(source="document.formed_on")
    published_at = serializers.DateTimeField(source="document.published_at")
    snippet = serializers.CharField(help_text="HTML: the text around the match, words in <mark>")
    url = serializers.SerializerMethodField()

    def get_url(self, hit) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("portal:disclosure-document", args=[hit.document.index_number])
        )


class SearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = HitSerializer(many=True)


class DisclosureSearchView(APIView):
    """Published disclosure documents matching the words (title and document number weigh
    most), narrowed by agency, category, year of publication and validity; best first. Without
    words, the newest. 400 names any bad parameter."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses=SearchResultsSerializer,
        operation_id="disclosure_search",
    )
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        agency = data.get("agency")
        filters = fts.Filters(
            agency_id=agency.pk if agency else None,
            category=data.get("category"),
            year=data.get("year"),
            validity=data.get("validity"),
        )
        results = public.search(data["q"], filters, offset=data["offset"], limit=data["limit"])
        body = {"count": results.total, "results": results.hits}
        return Response(SearchResultsSerializer(body, context={"request": request}).data)
