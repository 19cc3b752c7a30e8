from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onewindow.core.clock import MAX_WORKING_DAYS


class DueDateQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("The day the period starts (not counted)."))
    working_days = serializers.IntegerField(min_value=0, max_value=MAX_WORKING_DAYS)


class DueDateSerializer(serializers.Serializer):
    start = serializers.DateField()
    working_days = serializers.IntegerField()
    due_date = serializers.DateField()
    fallback = serializers.BooleanField(
        help_text=_(
            "True when a year crossed has no published holiday data and weekdays were used."
        )
    )


class RegistrationSerializer(serializers.Serializer):
    """Citizens send real_name and id_number; enterprises send name and uscc."""

    kind = serializers.ChoiceField(
        choices=[("citizen", _("Citizen")), ("enterprise", _("Enterprise"))]
    )
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    phone = serializers.CharField(max_length=20)
    real_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    name = serializers.CharField(max_length=128, required=False, allow_blank=True)
    uscc = serializers.CharField(max_length=18, required=False, allow_blank=True)


class AccountSerializer(serializers.Serializer):
    username = serializers.CharField()
    kind = serializers.CharField()
    display_name = serializers.CharField()
    id_number_masked = serializers.CharField()
    phone_masked = serializers.CharField()
    uscc = serializers.CharField()
