"""The OpenAPI schema documents the errors every operation can answer with, in the one shape
``api.errors`` gives them, so a client (and the schema fuzzing in CI) can rely on it."""

from __future__ import annotations

from drf_spectacular import openapi
from rest_framework import serializers

# A 400 names each field at fault with its messages ({"form.uscc": ["…"]}); a rule over the
# whole request answers {"detail": […]} and a nested payload nests the same shape.
_MESSAGES = {"type": "array", "items": {"type": "string"}}
VALIDATION_ERROR = {
    "description": "Bad input: the fields at fault and their messages, translated",
    "oneOf": [
        {
            "type": "object",
            "additionalProperties": {"oneOf": [_MESSAGES, {"type": "string"}, {"type": "object"}]},
        },
        _MESSAGES,
    ],
}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was refused and why, translated")


class ConflictSerializer(ErrorSerializer):
    current_version = serializers.IntegerField(
        required=False, help_text="The case's version now, when the one acted on was stale"
    )
    fields = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The form fields a resubmission may not change (form.<field>)",
    )


ERRORS = {
    "400": VALIDATION_ERROR,
    "403": ErrorSerializer,  # not signed in, or not allowed
    "404": ErrorSerializer,  # no such object among those the caller may see
}
UNSAFE_ERRORS = {"409": ConflictSerializer}  # a stale version or a wrong state


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = ERRORS | (UNSAFE_ERRORS if self.method in ("POST", "PUT", "PATCH") else {})
        for code, body in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses
