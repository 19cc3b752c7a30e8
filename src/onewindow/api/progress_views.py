"""The public progress lookup (办件进度查询) over HTTP: no sign-in, case number plus code."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.accounts.identity import throttle
from onewindow.api.progress_serializers import LookupSerializer, PublicProgressSerializer
from onewindow.api.schema import ErrorSerializer
from onewindow.cases import progress


class ProgressLookupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=LookupSerializer,
        responses={
            200: PublicProgressSerializer,
            404: OpenApiResponse(
                ErrorSerializer,
                description="No case with this number and code: the same answer for a wrong "
                "number and a wrong code",
            ),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many failed lookups from this address or for this number; "
                "see Retry-After",
            ),
        },
        operation_id="progress_lookup",
    )
    def post(self, request):
        """办件进度查询: the step list of a case, without signing in, for its number and the
        progress lookup code printed on the acceptance notice. It shows the service, the steps
        with their dates and departments, and the due date; never the applicant or opinions."""
        payload = LookupSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            found = progress.lookup(
                payload.validated_data["number"],
                payload.validated_data["code"],
                throttle.client_address(request),
            )
        except progress.ProgressNotFound as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
        response = Response(PublicProgressSerializer(found).data)
        response["Cache-Control"] = "no-store"
        return response
