"""Read-only views of fee notices and payments; every change goes through the services."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin
from onewindow.payments.models import FeeNotice, Payment


@admin.register(FeeNotice)
class FeeNoticeAdmin(ReadOnlyAdmin):
    list_display = ("reference", "case_number", "item_name", "amount", "status", "due_on")
    list_filter = ("status",)
    search_fields = ("reference", "case_number")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("notice", "provider", "amount", "receipt_number", "department", "paid_at")
    list_filter = ("provider",)
    search_fields = ("receipt_number", "notice__reference")
