"""Emergency resources over the API. Every emergency desk reads the resources; a keeper records
a shelter's occupancy and moves its resources' dispatches on; a duty desk on an incident's chain
dispatches resources to it and asks other departments for more, which they grant or refuse.
Each view parses, calls ``emergency.resources``/``dispatches`` or ``resource_selectors``,
answers; bad input is 400 naming the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.models import Department
from onewindow.api import emergency_resource_serializers as s
from onewindow.api.market_views import _parsed
from onewindow.emergency import authority, dispatches, incident_selectors, incidents, resources
from onewindow.emergency import resource_selectors as selectors
from onewindow.emergency.resource_models import Resource, ResourceKind, ResourceStatus


def _resource(resource, status_code=status.HTTP_200_OK) -> Response:
    return Response(s.ResourceSerializer(resource).data, status=status_code)


def _dispatch(found, status_code=status.HTTP_200_OK) -> Response:
    return Response(s.DispatchSerializer(found).data, status=status_code)


def _request(found, status_code=status.HTTP_200_OK) -> Response:
    return Response(s.ResourceRequestSerializer(found).data, status=status_code)


class ResourceListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=ResourceKind.values),
            OpenApiParameter("status", str, enum=ResourceStatus.values),
            OpenApiParameter("division", str, description="a GB/T 2260 code, with those below"),
        ],
        responses=s.ResourceSerializer(many=True),
        operation_id="emergency_resources_list",
    )
    def get(self, request):
        """The resources (teams, shelters, supplies, experts), for every emergency desk; empty
        for other callers."""
        filters = {
            key: str(request.query_params.get(key, ""))[:12]
            for key in ("kind", "status", "division")
        }
        try:
            rows = selectors.resources_for(request.user, **filters)[:500]
        except PermissionDenied:
            return Response([])
        return Response(s.ResourceSerializer(rows, many=True).data)


class ResourceView(APIView):
    @extend_schema(responses=s.ResourceSerializer, operation_id="emergency_resources_read")
    def get(self, request, pk: int):
        return _resource(selectors.resource_for(request.user, pk))


class ResourceOccupancyView(APIView):
    @extend_schema(
        request=s.ShelterOccupancySerializer,
        responses=s.ResourceSerializer,
        operation_id="emergency_resources_occupancy",
    )
    def post(self, request, pk: int):
        """How many people a shelter holds now (its keeper); never more than its places."""
        found = selectors.resource_for(request.user, pk)
        data = _parsed(s.ShelterOccupancySerializer, request)
        return _resource(resources.record_occupancy(request.user, found, **data))


class IncidentDispatchView(APIView):
    @extend_schema(
        responses=s.DispatchSerializer(many=True), operation_id="emergency_dispatches_list"
    )
    def get(self, request, number: str):
        """The resources dispatched to an incident the caller's desk sees."""
        incident = incident_selectors.incident_for(request.user, number)
        jobs = selectors.incident_dispatches(request.user, incident)
        return Response(s.DispatchSerializer([j.dispatch for j in jobs], many=True).data)

    @extend_schema(
        request=s.DispatchInputSerializer,
        responses={201: s.DispatchSerializer},
        operation_id="emergency_dispatches_create",
    )
    def post(self, request, number: str):
        """Dispatch a resource to the incident: its keeper acknowledges within 1 hour."""
        incident = incident_selectors.incident_for(request.user, number)
        data = _parsed(s.DispatchInputSerializer, request)
        resource = Resource.objects.filter(pk=data["resource"]).first()
        if resource is None:
            raise ValidationError({"resource": _("There is no such resource.")})
        found = dispatches.dispatch(request.user, incident=incident, resource=resource, data=data)
        return _dispatch(found, status.HTTP_201_CREATED)


class DispatchAcknowledgeView(APIView):
    @extend_schema(
        request=None, responses=s.DispatchSerializer, operation_id="emergency_dispatches_ack"
    )
    def post(self, request, pk: int):
        """The keeper's desk acknowledges the order (接令)."""
        found = selectors.dispatch_for(request.user, pk)
        return _dispatch(dispatches.acknowledge(request.user, found))


class DispatchStatusView(APIView):
    @extend_schema(
        request=s.DispatchMoveSerializer,
        responses=s.DispatchSerializer,
        operation_id="emergency_dispatches_status",
    )
    def post(self, request, pk: int):
        """Move a dispatch on (the keeper: acknowledged, en_route, on_site, done), or cancel it
        with a reason (the keeper or the dispatching desk)."""
        found = selectors.dispatch_for(request.user, pk)
        data = _parsed(s.DispatchMoveSerializer, request)
        if data["status"] == "cancelled":
            return _dispatch(dispatches.cancel(request.user, found, reason=data["reason"]))
        return _dispatch(dispatches.advance(request.user, found, status=data["status"]))


class ResourceRequestListView(APIView):
    @extend_schema(
        responses=s.ResourceRequestSerializer(many=True), operation_id="emergency_requests_list"
    )
    def get(self, request):
        """The requests for the caller's departments to answer (the most urgent first), then
        those they sent or answered."""
        asks = selectors.requests_to_answer(request.user) + selectors.requests_sent(request.user)
        return Response(s.ResourceRequestSerializer([a.request for a in asks], many=True).data)

    @extend_schema(
        request=s.ResourceRequestInputSerializer,
        responses={201: s.ResourceRequestSerializer},
        operation_id="emergency_requests_send",
    )
    def post(self, request):
        """Ask another department for resources about an incident; it answers within 2 hours."""
        if not authority.sees_resources(request.user):  # before reading what is asked
            raise PermissionDenied(
                _("Requests are sent by the duty desks on the incident's chain.")
            )
        data = _parsed(s.ResourceRequestInputSerializer, request)
        incident = incident_selectors.incident_for(request.user, data["incident"])
        mine = authority.requesting_for(request.user, incidents.involved(incident))
        senders = Department.objects.filter(pk__in=mine).order_by("code")
        sender = (senders.filter(code=data["sender"]) if data.get("sender") else senders).first()
        if sender is None:
            raise PermissionDenied(
                _("Requests are sent by the duty desks on the incident's chain.")
            )
        recipient = Department.objects.filter(code=data["recipient"]).first()
        if recipient is None:
            raise ValidationError({"recipient": _("There is no such department.")})
        found = dispatches.request(
            request.user, incident=incident, sender=sender, recipient=recipient, data=data
        )
        return _request(found, status.HTTP_201_CREATED)


class ResourceRequestGrantView(APIView):
    @extend_schema(
        request=s.ResourceGrantSerializer,
        responses=s.ResourceRequestSerializer,
        operation_id="emergency_requests_grant",
    )
    def post(self, request, pk: int):
        """Grant a request by dispatching one of the department's resources of the kind asked."""
        asked = selectors.request_for(request.user, pk)
        data = _parsed(s.ResourceGrantSerializer, request)
        resource = Resource.objects.filter(pk=data["resource"]).first()
        if resource is None:
            raise ValidationError({"resource": _("There is no such resource.")})
        return _request(dispatches.grant(request.user, asked, resource=resource, data=data))


class ResourceRequestRefuseView(APIView):
    @extend_schema(
        request=s.ResourceRefuseSerializer,
        responses=s.ResourceRequestSerializer,
        operation_id="emergency_requests_refuse",
    )
    def post(self, request, pk: int):
        """Refuse a request, with the reason the requesting desk is told."""
        asked = selectors.request_for(request.user, pk)
        data = _parsed(s.ResourceRefuseSerializer, request)
        return _request(dispatches.refuse(request.user, asked, reason=data["reason"]))
