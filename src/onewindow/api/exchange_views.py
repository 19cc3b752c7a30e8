"""The data-sharing exchange over HTTP: signed queries, published keys, and the reads of
one's own records (the data tracker)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.registry import exchange, signing
from onewindow.registry.models import RegistryRead


class QuerySerializer(serializers.Serializer):
    registry = serializers.CharField(help_text="person, entity or place")
    key = serializers.CharField(help_text="ID number, USCC or standard address code")
    fields = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    purpose = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Without a case: a statutory purpose code that your department's grant names "
            "(social_assistance, housing_security, tax_administration, household_registration, "
            "market_registration). With a case: an optional note."
        ),
    )
    case_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="A case your department handles whose applicant or subject is the key.",
    )
    consumer = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Department code you query for, if you work for more than one.",
    )


SIGNED_ANSWER = inline_serializer(
    "SignedAnswer",
    {
        "query_id": serializers.UUIDField(),
        "issued_at": serializers.DateTimeField(),
        "registry": serializers.CharField(),
        "key": serializers.CharField(),
        "provider": serializers.DictField(),
        "consumer": serializers.DictField(),
        "purpose": serializers.CharField(),
        "purpose_code": serializers.CharField(),
        "case_number": serializers.CharField(),
        "grant": serializers.DictField(allow_null=True),
        "data": serializers.DictField(),
        "flags": serializers.ListField(child=serializers.DictField(), required=False),
        "signature": serializers.DictField(),
    },
)
# A refused query is logged under its query id; a caller refused before that (not signed in,
# not an official) gets the detail alone.
REFUSAL = inline_serializer(
    "ExchangeRefusal",
    {"detail": serializers.CharField(), "query_id": serializers.UUIDField(required=False)},
)
# Bad input names its field; a purpose the read may not serve (not a statutory purpose the
# grant names, a case the department may not act on or that concerns someone else) does too,
# and carries the query id under which the refusal was logged.
PURPOSE_REFUSAL = inline_serializer(
    "ExchangePurposeRefusal",
    {
        "purpose": serializers.ListField(child=serializers.CharField(), required=False),
        "case_number": serializers.ListField(child=serializers.CharField(), required=False),
        "key": serializers.ListField(child=serializers.CharField(), required=False),
        "query_id": serializers.UUIDField(required=False),
    },
)


class QueryView(APIView):
    @extend_schema(
        request=QuerySerializer,
        responses={200: SIGNED_ANSWER, 400: PURPOSE_REFUSAL, 403: REFUSAL, 404: REFUSAL},
        operation_id="exchange_query",
    )
    def post(self, request):
        """Read fields of one registry record for your department, under its grant, for a
        case it handles whose party is the key or for a statutory purpose the grant names.

        The answer is signed (SM2 with SM3) by the provider department over the canonical
        JSON of the answer without ``signature`` (sorted keys, no spaces, UTF-8); verify it
        with the key from ``GET /api/v1/exchange/keys/``. Every query is logged.
        """
        payload = QuerySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        consumer = exchange.consumer_for(request.user, data["consumer"])
        answer = exchange.query(
            reader=request.user,
            consumer=consumer,
            registry=data["registry"],
            key=data["key"],
            fields=data["fields"],
            purpose=data["purpose"],
            case_number=data["case_number"],
        )
        if answer.served:
            return Response(answer.envelope)
        if answer.field:
            body = {answer.field: [answer.reason], "query_id": answer.query_id}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        code = (
            status.HTTP_404_NOT_FOUND
            if answer.outcome == RegistryRead.Outcome.NOT_FOUND
            else status.HTTP_403_FORBIDDEN
        )
        return Response({"detail": answer.reason, "query_id": answer.query_id}, status=code)


class KeysView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "ExchangeKey",
            {
                "key_id": serializers.CharField(),
                "department": serializers.CharField(),
                "department_name": serializers.CharField(),
                "algorithm": serializers.CharField(),
                "public_key": serializers.CharField(help_text="SM2 point x||y, 128 hex digits"),
                "created_at": serializers.DateTimeField(),
                "retired_at": serializers.DateTimeField(
                    allow_null=True,
                    help_text="When the key was retired; answers issued after it are refused",
                ),
            },
            many=True,
        ),
        operation_id="exchange_keys",
    )
    def get(self, request):
        """The providers' public keys, retired ones included with their retirement time:
        they verify the answers issued before it. An answer verifies only under a key of the
        registry's own provider."""
        return Response(signing.published_keys())


class MyReadsView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "RegistryReadEntry",
            {
                "query_id": serializers.UUIDField(),
                "at": serializers.DateTimeField(),
                "registry": serializers.CharField(),
                "reader": serializers.CharField(),
                "department": serializers.CharField(),
                "provider": serializers.CharField(),
                "fields": serializers.ListField(child=serializers.CharField()),
                "purpose": serializers.CharField(),
                "purpose_code": serializers.CharField(),
                "case_number": serializers.CharField(),
                "outcome": serializers.CharField(),
                "relation": serializers.CharField(
                    help_text="spouse, parent, child or legal_representative when the read "
                    "was of another record that disclosed you; empty for your own record"
                ),
            },
            many=True,
        ),
        operation_id="me_registry_reads",
    )
    def get(self, request):
        """Who read my registry records: when, which department, for what purpose, which case."""
        reads = exchange.reads_of(request.user)[:500]
        return Response(
            [
                {
                    "query_id": str(read.query_id),
                    "at": read.at.isoformat(),
                    "registry": read.registry,
                    "reader": exchange.reader_label(read),
                    "department": read.consumer.name if read.consumer else "",
                    "provider": read.provider.name if read.provider else "",
                    "fields": read.fields,
                    "purpose": exchange.purpose_label(read),
                    "purpose_code": read.purpose_code,
                    "case_number": read.case_number,
                    "outcome": read.outcome,
                    "relation": read.relation,
                }
                for read in reads
            ]
        )
