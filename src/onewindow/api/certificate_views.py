"""E-certificates over HTTP: published e-seal keys, verification by anyone, the holder's
wallet, and revocation by the issuer."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onewindow.certificates import (
    codes,
    presentation,
    seals,
    selectors,
    services,
    signing,
    verification,
)

PRESENTED = inline_serializer(
    "PresentedCertificate",
    {
        "type": serializers.CharField(),
        "type_name": serializers.CharField(),
        "holder_kind": serializers.ChoiceField(choices=["person", "entity"]),
        "holder_name": serializers.CharField(help_text="A person's name masked: 张*明"),
        "issuer": serializers.CharField(),
        "issuer_name": serializers.CharField(),
        "valid_from": serializers.DateField(),
        "valid_until": serializers.DateField(allow_null=True, help_text="null: long-term"),
    },
    allow_null=True,
    help_text="Only what showing the certificate presents; null unless it is genuine.",
)
VERDICT = inline_serializer(
    "CertificateVerdict",
    {
        "number": serializers.CharField(),
        "status": serializers.ChoiceField(
            choices=["valid", "revoked", "expired", "tampered", "not_found"]
        ),
        "status_label": serializers.CharField(),
        "reason": serializers.CharField(
            help_text="Why: for a revoked certificate the issuer, the date and the reason"
        ),
        "checked_at": serializers.DateTimeField(),
        "certificate": PRESENTED,
    },
)


class VerifyNumberQuery(serializers.Serializer):
    code = serializers.CharField(
        max_length=40,
        help_text="The verification code printed next to the number on the certificate and "
        "carried in its QR code (K7P2Q-XM9RT; dashes and case do not matter). A wrong code "
        "answers exactly like an unknown number: not_found.",
        error_messages={
            "required": gettext_lazy("Give the verification code printed next to the number."),
            "blank": gettext_lazy("Give the verification code printed next to the number."),
        },
    )


ENVELOPE = inline_serializer(
    "SignedCertificate",
    {
        "certificate": serializers.DictField(),
        "digest": serializers.CharField(help_text="SM3 of the canonical certificate"),
        "signature": serializers.DictField(),
    },
)


class SealsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "Seal",
            {
                "key_id": serializers.CharField(),
                "department": serializers.CharField(),
                "department_name": serializers.CharField(),
                "seal_text": serializers.CharField(),
                "algorithm": serializers.CharField(),
                "public_key": serializers.CharField(help_text="SM2 point x||y, 128 hex digits"),
                "valid_from": serializers.DateField(),
                "valid_until": serializers.DateField(),
                "retired_at": serializers.DateTimeField(allow_null=True),
            },
            many=True,
        ),
        operation_id="seals",
    )
    def get(self, request):
        """Every department's e-seal public key, retired ones included (they verify what they
        signed while valid)."""
        return Response(seals.published())


class VerifyNumberView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[VerifyNumberQuery],
        responses=VERDICT,
        operation_id="certificates_verify_number",
    )
    def get(self, request, number):
        """Is certificate ``number`` with verification ``code`` genuine and in force: valid,
        revoked, expired, tampered or not_found, with the reason."""
        query = VerifyNumberQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        verdict = verification.verify_number(number, query.validated_data["code"])
        return Response(presentation.public_view(verdict))


class VerifyDocumentView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=ENVELOPE, responses=VERDICT, operation_id="certificates_verify")
    def post(self, request):
        """Check a signed certificate as the holder downloaded it (``…/me/certificates/{n}/``):
        its digest against its data, the signature against the published seal key, then
        revocation and expiry. Any changed character, the digest's included, makes it
        ``tampered``."""
        return Response(presentation.public_view(verification.verify_envelope(request.data)))


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class RevokeView(APIView):
    @extend_schema(request=RevokeSerializer, responses=VERDICT, operation_id="certificates_revoke")
    def post(self, request, number):
        """Revoke a certificate your department issued (heads only), giving the reason."""
        payload = RevokeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        certificate = services.revoke(
            number=number, actor=request.user, reason=payload.validated_data["reason"]
        )
        return Response(presentation.public_view(verification.verify(certificate)))


class MyCertificatesView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "WalletEntry",
            {
                "number": serializers.CharField(),
                "type": serializers.CharField(),
                "type_name": serializers.CharField(),
                "issuer_name": serializers.CharField(),
                "valid_from": serializers.DateField(),
                "valid_until": serializers.DateField(allow_null=True),
                "status": serializers.CharField(),
                "case_number": serializers.CharField(),
                "verification_code": serializers.CharField(
                    help_text="Give it with the number to whoever verifies the certificate"
                ),
            },
            many=True,
        ),
        operation_id="me_certificates",
    )
    def get(self, request):
        """My certificate wallet (证照库)."""
        return Response(
            [
                {
                    "number": c.number,
                    "type": c.certificate_type.code,
                    "type_name": str(c.certificate_type),
                    "issuer_name": c.issuer_name,
                    "valid_from": c.valid_from.isoformat(),
                    "valid_until": c.valid_until.isoformat() if c.valid_until else None,
                    "status": verification.verify(c).status,
                    "case_number": c.case_number,
                    "verification_code": codes.grouped(c.verification_code),
                }
                for c in selectors.held_by(request.user)
            ]
        )


def _own(request, number):
    certificate = selectors.own(request.user, number)
    if certificate is None:
        raise Http404(_("You hold no certificate %(n)s.") % {"n": number})
    return certificate


class MyCertificateView(APIView):
    @extend_schema(responses=ENVELOPE, operation_id="me_certificate")
    def get(self, request, number):
        """One of my certificates as signed data, to hand to anyone who verifies it."""
        return Response(signing.envelope(_own(request, number)))


class MyCertificatePdfView(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY}, operation_id="me_certificate_pdf"
    )
    def get(self, request, number):
        """One of my certificates as PDF, with its seal and verification QR code."""
        return presentation.pdf_response(_own(request, number))
