from onewindow.notifications import selectors as notification_selectors

CARE_COOKIE = "ow_care"


def preferences(request):
    """The large-text elderly-friendly mode (关怀模式), remembered per browser in a cookie,
    and the signed-in applicant's unread notifications for the navigation."""
    context = {"care_mode": request.COOKIES.get(CARE_COOKIE) == "1"}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not user.is_official:
        context["unread_notifications"] = notification_selectors.unread_count(user)
    return context
