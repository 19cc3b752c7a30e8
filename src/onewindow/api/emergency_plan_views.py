"""Emergency plans and responses over the API. Responders (duty desks, commanders, heads) read
the plans; the plan department's commander or head activates, changes and ends a response; the
departments assigned tasks acknowledge them and report back. Each view parses, calls
``emergency.plans`` or ``emergency.plan_selectors``, answers; bad input is 400 naming the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.api import emergency_plan_serializers as s
from onewindow.api.market_views import _parsed
from onewindow.emergency import plan_selectors, plans


def _response(activation, status_code=status.HTTP_200_OK) -> Response:
    return Response(s.EmergencyResponseSerializer(activation).data, status=status_code)


def _task(user, pk: int) -> Response:
    assignment = plan_selectors.assignment_for(user, pk)
    (row,) = [r for r in plan_selectors.tasks_of(assignment.activation) if r.assignment.pk == pk]
    return Response(s.ResponseTaskSerializer(row).data)


class PlanListView(APIView):
    @extend_schema(
        responses=s.EmergencyPlanSerializer(many=True), operation_id="emergency_plans_list"
    )
    def get(self, request):
        """The emergency plans, each with the response level its conditions call for now (for
        responders; empty for other callers)."""
        try:
            rows = plan_selectors.plans_for(request.user)
        except PermissionDenied:
            return Response([])
        return Response(s.EmergencyPlanSerializer(rows, many=True).data)


class PlanView(APIView):
    @extend_schema(responses=s.EmergencyPlanDetailSerializer, operation_id="emergency_plans_read")
    def get(self, request, code: str):
        """A plan with its response levels, working groups and tasks."""
        return Response(
            s.EmergencyPlanDetailSerializer(plan_selectors.plan_for(request.user, code)).data
        )


class PlanActivateView(APIView):
    @extend_schema(
        request=s.PlanActivationSerializer,
        responses={201: s.EmergencyResponseSerializer},
        operation_id="emergency_plans_activate",
    )
    def post(self, request, code: str):
        """Put the plan into force at a response level (its department's commander or head):
        the tasks owed at that level are assigned, each to be acknowledged within its hours."""
        plan = plan_selectors.plan_for(request.user, code)
        data = _parsed(s.PlanActivationSerializer, request)
        return _response(plans.activate(request.user, plan, **data), status.HTTP_201_CREATED)


class ResponseListView(APIView):
    @extend_schema(
        responses=s.EmergencyResponseSerializer(many=True), operation_id="emergency_responses_list"
    )
    def get(self, request):
        """The responses the caller commands or has tasks in, those in force first."""
        try:
            rows = plan_selectors.responses_for(request.user)[:100]
        except PermissionDenied:
            return Response([])
        return Response(s.EmergencyResponseSerializer(rows, many=True).data)


class ResponseView(APIView):
    @extend_schema(responses=s.EmergencyResponseSerializer, operation_id="emergency_responses_read")
    def get(self, request, number: str):
        """A response with every task and its clock."""
        return _response(plan_selectors.response_for(request.user, number))


class ResponseLevelView(APIView):
    @extend_schema(
        request=s.ResponseLevelChangeSerializer,
        responses=s.EmergencyResponseSerializer,
        operation_id="emergency_responses_level",
    )
    def post(self, request, number: str):
        """Raise or lower the response (the commander or head)."""
        activation = plan_selectors.response_for(request.user, number)
        data = _parsed(s.ResponseLevelChangeSerializer, request)
        return _response(plans.change_level(request.user, activation, **data))


class ResponseEndView(APIView):
    @extend_schema(
        request=s.ResponseEndSerializer,
        responses=s.EmergencyResponseSerializer,
        operation_id="emergency_responses_end",
    )
    def post(self, request, number: str):
        """End the response; the tasks not reported back are withdrawn."""
        activation = plan_selectors.response_for(request.user, number)
        data = _parsed(s.ResponseEndSerializer, request)
        return _response(plans.end(request.user, activation, note=data["note"]))


class TaskAcknowledgeView(APIView):
    @extend_schema(
        request=None, responses=s.ResponseTaskSerializer, operation_id="emergency_tasks_acknowledge"
    )
    def post(self, request, pk: int):
        """Acknowledge a task assigned to the caller's department (接报)."""
        plans.acknowledge(request.user, plan_selectors.assignment_for(request.user, pk))
        return _task(request.user, pk)


class TaskReportView(APIView):
    @extend_schema(
        request=s.TaskReportBackSerializer,
        responses=s.ResponseTaskSerializer,
        operation_id="emergency_tasks_report",
    )
    def post(self, request, pk: int):
        """Report back on an acknowledged task (反馈)."""
        assignment = plan_selectors.assignment_for(request.user, pk)
        data = _parsed(s.TaskReportBackSerializer, request)
        plans.report_back(request.user, assignment, report=data["report"])
        return _task(request.user, pk)
