"""Thin API views: parse, call one service or selector, render."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.identity import throttle
from onewindow.api import catalog_serializers, serializers
from onewindow.api.schema import ErrorSerializer
from onewindow.catalog import selectors as catalog_selectors
from onewindow.core.clock import WorkingCalendar, WorkingDays
from onewindow.notifications import codes

_REFUSED = {
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests from this address or for this number (Retry-After).",
    ),
}


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
                    "provisional": due.provisional,
                }
            ).data
        )


class PhoneCodeView(APIView):
    """Text a registration code to a phone; the answer is the same for any number."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=serializers.PhoneCodeRequestSerializer,
        responses={
            202: serializers.PhoneCodeSentSerializer,
            **_REFUSED,
            503: OpenApiResponse(
                ErrorSerializer, description="No text message channel is configured."
            ),
        },
        operation_id="accounts_phone_code",
    )
    def post(self, request):
        payload = serializers.PhoneCodeRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sent = codes.send_code(
            payload.validated_data["phone"],
            payload.validated_data["purpose"],
            address=throttle.client_address(request),
        )
        body = {"phone_masked": sent.phone_masked, "expires_at": sent.expires_at}
        return Response(
            serializers.PhoneCodeSentSerializer(body).data, status=status.HTTP_202_ACCEPTED
        )


class RegisterView(APIView):
    """Real-name registration: a citizen whose name and ID number match the population
    registry, or an enterprise's legal representative; the phone proven by an SMS code."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=serializers.RegistrationSerializer,
        responses={201: serializers.AccountSerializer, **_REFUSED},
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
        # The code first: no answer about the identity or a duplicate before the phone is proven.
        address = throttle.client_address(request)
        with codes.redeem(data["phone"], codes.Purpose.REGISTER, data["code"], address=address):
            if data["kind"] == "citizen":
                user = identity_services.register_citizen(
                    **common,
                    real_name=data.get("real_name", ""),
                    id_number=data.get("id_number", ""),
                )
            else:
                user = identity_services.register_enterprise(
                    **common,
                    name=data.get("name", ""),
                    uscc=data.get("uscc", ""),
                    representative_name=data.get("representative_name", ""),
                    representative_id_number=data.get("representative_id_number", ""),
                )
        return Response(serializers.AccountSerializer(user).data, status=status.HTTP_201_CREATED)


class MeView(APIView):
    """The signed-in account, with personal data masked."""

    @extend_schema(responses=serializers.AccountSerializer, operation_id="accounts_me")
    def get(self, request):
        return Response(serializers.AccountSerializer(request.user).data)


class CataloguePagination(LimitOffsetPagination):
    default_limit = 20
    max_limit = 100


class ServiceListView(generics.ListAPIView):
    """The published service catalogue; filter by domain, life event, department or text."""

    permission_classes = [AllowAny]
    serializer_class = catalog_serializers.ServiceItemSummarySerializer
    pagination_class = CataloguePagination

    @extend_schema(parameters=[catalog_serializers.ServiceQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = catalog_serializers.ServiceQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return catalog_selectors.find_items(**query.validated_data)


class ServiceInstancesView(generics.ListAPIView):
    """Where a service is handled (实施清单): its instances by district and street, with each
    service centre's address and hours; ``q`` narrows them to a district or street. Submit a
    case with ``division`` set to one of these divisions to apply there."""

    permission_classes = [AllowAny]
    serializer_class = catalog_serializers.ItemInstanceSerializer
    pagination_class = CataloguePagination

    @extend_schema(parameters=[catalog_serializers.InstanceQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        item = catalog_selectors.item_by_code(self.kwargs["code"])
        if item is None:
            raise NotFound(_("No published service item has this code."))
        query = catalog_serializers.InstanceQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return catalog_selectors.find_instances(item, query.validated_data.get("q", ""))


class ServiceDetailView(APIView):
    """One service item with its materials, form schema, process and FAQ."""

    permission_classes = [AllowAny]

    @extend_schema(responses=catalog_serializers.ServiceItemSerializer)
    def get(self, request, code):
        item = catalog_selectors.item_by_code(code)
        if item is None:
            raise NotFound(_("No published service item has this code."))
        return Response(catalog_serializers.ServiceItemSerializer(item).data)
