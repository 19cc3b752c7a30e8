"""Consultations on drafts (征求意见), read-only and public: the list, one consultation with its
articles and their counts, an article's published comments (keyset pages, newest first) and
the published feedback report with its dispositions and revised articles."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.participation.selectors import consultations as selectors


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


class ConsultationSummarySerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    kind = serializers.CharField(help_text="regulation, policy or plan")
    status = serializers.CharField(help_text="open, closed or reported")
    department = serializers.CharField(source="department.code")
    department_name = serializers.CharField(source="department.name")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    url = serializers.SerializerMethodField(help_text="this consultation in the API")

    def get_url(self, consultation) -> str:
        return _absolute(
            self.context.get("request"),
            reverse("api-consultation", args=[consultation.number]),
        )


class ArticleSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="1, 2, … across the draft")
    number = serializers.CharField(help_text="第一条 …")
    chapter = serializers.SerializerMethodField()
    text = serializers.CharField()
    comments = serializers.IntegerField(source="heat.comments", help_text="published comments")
    support = serializers.IntegerField(source="heat.support")
    oppose = serializers.IntegerField(source="heat.oppose")

    def get_chapter(self, article) -> str:
        chapter = article.chapter
        return f"{chapter.number} {chapter.heading}".strip() if chapter else ""


class ConsultationSerializer(ConsultationSummarySerializer):
    note = serializers.CharField(help_text="the explanatory note (起草说明)")
    note_en = serializers.CharField()
    articles = ArticleSerializer(source="articles_list", many=True)
    report = serializers.SerializerMethodField(help_text="the feedback report, once published")

    def get_report(self, consultation) -> str | None:
        if consultation.status != "reported":
            return None
        return _absolute(
            self.context.get("request"),
            reverse("api-consultation-report", args=[consultation.number]),
        )


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stance = serializers.CharField(help_text="comment, support or oppose")
    author = serializers.CharField(source="display_name", help_text="masked")
    author_kind = serializers.CharField(help_text="citizen, enterprise or organization")
    district = serializers.CharField(
        source="district.code", allow_null=True, default=None, help_text="when the author agreed"
    )
    body = serializers.SerializerMethodField(help_text="personal data masked; empty when hidden")
    hidden_reason = serializers.SerializerMethodField(help_text="the published reason, if hidden")
    created_at = serializers.DateTimeField()

    def get_body(self, comment) -> str:
        return "" if comment.status == "hidden" else comment.public_body

    def get_hidden_reason(self, comment) -> str:
        return comment.reason if comment.status == "hidden" else ""


class ConsultationListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ConsultationSummarySerializer(many=True), operation_id="consultations")
    def get(self, request):
        """Published consultations (open, closed, reported), newest first (at most 200)."""
        found = selectors.public_consultations()[:200]
        return Response(
            ConsultationSummarySerializer(found, many=True, context={"request": request}).data
        )


class ConsultationDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ConsultationSerializer, operation_id="consultation")
    def get(self, request, number: str):
        """One published consultation with its articles and their published counts."""
        found = selectors.public_consultation(number)
        chapters, _heat = selectors.draft_view(found)
        found.articles_list = [a for c in chapters for a in c.articles]
        data = ConsultationSerializer(found, context={"request": request}).data
        return Response(data)


class ArticleCommentsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("after", str, description="the cursor of the next page, from next")
        ],
        responses=inline_serializer(
            "ConsultationCommentPage",
            {
                "results": CommentSerializer(many=True),
                "next": serializers.URLField(allow_null=True),
            },
        ),
        operation_id="consultation_article_comments",
    )
    def get(self, request, number: str, position: int):
        """An article's published comments (hidden ones with their reason), newest first, 20
        a page; ``next`` links the following page."""
        found = selectors.public_consultation(number)
        article = selectors.article_of(found, position)
        page, cursor = selectors.article_comments(article, request.query_params.get("after", ""))
        path = reverse("api-consultation-comments", args=[number, position])
        return Response(
            {
                "results": CommentSerializer(page, many=True).data,
                "next": _absolute(request, f"{path}?{urlencode({'after': cursor})}")
                if cursor
                else None,
            }
        )


class DispositionSerializer(serializers.Serializer):
    comment = serializers.IntegerField(source="comment_id")
    article = serializers.IntegerField(
        source="comment.article.position", allow_null=True, default=None
    )
    comment_body = serializers.CharField(source="comment.public_body")
    outcome = serializers.CharField(help_text="adopted, partly or not_adopted")
    reason = serializers.CharField()


class ReportView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "ConsultationReport",
            {
                "consultation": serializers.CharField(),
                "summary": serializers.CharField(),
                "summary_en": serializers.CharField(),
                "due_on": serializers.DateField(),
                "published_at": serializers.DateTimeField(),
                "articles": inline_serializer(
                    "ConsultationReportArticle",
                    {
                        "position": serializers.IntegerField(),
                        "number": serializers.CharField(),
                        "comments": serializers.IntegerField(),
                        "support": serializers.IntegerField(),
                        "oppose": serializers.IntegerField(),
                        "revised_text": serializers.CharField(allow_null=True),
                    },
                    many=True,
                ),
                "dispositions": DispositionSerializer(many=True),
                "pdf": serializers.URLField(),
            },
        ),
        operation_id="consultation_report",
    )
    def get(self, request, number: str):
        """The published feedback report: counts per article, revised texts (null: unchanged,
        empty: struck out) and each comment's disposition; 404 before it is published."""
        report = selectors.published_report(number)
        view = selectors.report_view(report)
        dispositions = [d for row in view["rows"] for d in row.dispositions] + view["whole"]
        return Response(
            {
                "consultation": number,
                "summary": report.summary,
                "summary_en": report.summary_en,
                "due_on": report.due_on,
                "published_at": report.published_at,
                "articles": [
                    {
                        "position": row.article.position,
                        "number": row.article.number,
                        "comments": row.heat.comments,
                        "support": row.heat.support,
                        "oppose": row.heat.oppose,
                        "revised_text": row.revised,
                    }
                    for row in view["rows"]
                ],
                "dispositions": DispositionSerializer(dispositions, many=True).data,
                "pdf": _absolute(request, reverse("portal:consultation-report-pdf", args=[number])),
            }
        )
