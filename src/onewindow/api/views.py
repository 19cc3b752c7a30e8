"""Thin API views: parse, call one service or selector, render."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts import services as account_services
from onewindow.api import serializers
from onewindow.core.clock import WorkingCalendar, WorkingDays


class DueDateView(APIView):
    """Public deadline calculator: N working days after a start date."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[serializers.DueDateQuerySerializer],
        responses=serializers.DueDateSerializer,
        operation_id="calendar_due_date",
    )
    def get(self, request):
        query = serializers.DueDateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data["start"], query.validated_data["working_days"]
        due = WorkingCalendar().add_working_days(start, WorkingDays(days))
        return Response(
            serializers.DueDateSerializer(
                {
                    "start": start,
                    "working_days": days,
                    "due_date": due.date,
                    "fallback": due.fallback,
                }
            ).data
        )


class RegisterView(APIView):
    """Register a citizen (real name + ID number) or an enterprise (name + USCC)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=serializers.RegistrationSerializer,
        responses={201: serializers.AccountSerializer},
        operation_id="accounts_register",
    )
    def post(self, request):
        payload = serializers.RegistrationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        common = {
            "username": data["username"],
            "password": data["password"],
            "phone": data["phone"],
        }
        if data["kind"] == "citizen":
            user = account_services.register_citizen(
                **common, real_name=data.get("real_name", ""), id_number=data.get("id_number", "")
            )
        else:
            user = account_services.register_enterprise(
                **common, name=data.get("name", ""), uscc=data.get("uscc", "")
            )
        return Response(serializers.AccountSerializer(user).data, status=status.HTTP_201_CREATED)


class MeView(APIView):
    """The signed-in account, with personal data masked."""

    @extend_schema(responses=serializers.AccountSerializer, operation_id="accounts_me")
    def get(self, request):
        return Response(serializers.AccountSerializer(request.user).data)
