CARE_COOKIE = "ow_care"


def preferences(request):
    """The large-text elderly-friendly mode (关怀模式), remembered per browser in a cookie."""
    return {"care_mode": request.COOKIES.get(CARE_COOKIE) == "1"}
