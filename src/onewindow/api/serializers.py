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
    provisional = serializers.BooleanField(
        help_text=_(
            "True when a year crossed has no published holiday arrangement yet: Monday to "
            "Friday were counted, and the date may move when the arrangement is entered."
        )
    )


class RegistrationSerializer(serializers.Serializer):
    """Citizens send real_name and id_number; an enterprise's legal representative sends the
    enterprise's name and uscc and their own representative_name and representative_id_number.
    Everyone sends the SMS code texted to the phone (POST /api/v1/accounts/phone-codes)."""

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
    representative_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    representative_id_number = serializers.CharField(
        max_length=18, required=False, allow_blank=True
    )
    code = serializers.CharField(
        max_length=6, help_text=_("The 6-digit code texted to the phone number.")
    )


class PhoneCodeRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    purpose = serializers.ChoiceField(choices=[("register", _("Registration"))])


class PhoneCodeSentSerializer(serializers.Serializer):
    phone_masked = serializers.CharField()
    expires_at = serializers.DateTimeField()


class AccountSerializer(serializers.Serializer):
    username = serializers.CharField()
    kind = serializers.CharField()
    display_name = serializers.CharField()
    id_number_masked = serializers.CharField()
    phone_masked = serializers.CharField()
    uscc = serializers.CharField()
