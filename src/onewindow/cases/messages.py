"""What the applicant reads: timeline steps and notifications, in the active language.

Events and notifications store a kind and plain parameters; the text is rendered when shown,
so the same record reads in Chinese or English.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.cases.clocks import EXTENSION_RULES
from onewindow.cases.models import DeliveryMethod, PauseReason, TaskStage
from onewindow.catalog.models import ServiceItem
from onewindow.core.localized import display_dates, english_active
from onewindow.notifications import messages as notification_messages

NAMED_DEPARTMENTS = ("department", "window", "centre", "by")

TIMELINE = {
    "submitted": _("Application %(number)s submitted for %(item)s."),
    "window_intake": _(
        "Filed for the applicant at the central window of %(window)s, with their consent."
    ),
    "resubmitted": _("Corrected materials submitted."),
    "deferred": _(
        "Filed with materials to follow (%(measure)s): %(materials)s, to be supplied by %(due)s."
    ),
    "deferred_supplied": _("Materials that were to follow supplied: %(materials)s."),
    "committed": _(
        "Filed with a written commitment (告知承诺, %(measure)s) in place of %(materials)s; "
        "the department checks it by %(verify_by)s."
    ),
    "commitment_verified": _("%(department)s checked the commitment for %(material)s: true."),
    "commitment_untrue": _(
        "%(department)s found the commitment for %(material)s untrue: the application cannot "
        "be granted, and the false commitment is entered in the credit record."
    ),
    "commitment_untrue_revoked": _(
        "%(department)s found the commitment for %(material)s untrue: the licence granted on it "
        "is revoked (%(certificates)s), and the false commitment is entered in the credit record."
    ),
    "accepted": _(
        "Accepted by %(department)s. Promised by %(promised_due)s, legal limit %(statutory_due)s."
    ),
    "accepted_at_window": _(
        "Accepted by the central window of %(window)s for %(department)s. Promised by "
        "%(promised_due)s, legal limit %(statutory_due)s."
    ),
    "accepted_by_law": _(
        "Counted as accepted on the day of receipt (%(accepted_on)s): intake did not act within "
        "5 working days (Administrative Licensing Law Art. 32)."
    ),
    "correction": _("Correction notice: %(count)d material(s) to correct, listed at once."),
    "refused": _("Not accepted by %(department)s: %(reason)s"),
    "refused_at_window": _(
        "Not accepted by the central window of %(window)s for %(department)s: %(reason)s"
    ),
    "task_opened": _("%(department)s started: %(stage)s."),
    "approved": _("%(department)s approved."),
    "approved_with_conditions": _("%(department)s approved with conditions: %(conditions)s"),
    "denied": _("%(department)s denied: %(reason)s"),
    "supplement": _(
        "%(department)s asks for a supplement (sent by the lead department); the clock is paused."
    ),
    "supplemented": _("Supplement received; the clock runs again."),
    "form_corrected": _("Form fields corrected as asked: %(changes)s."),
    "amended": _("The applicant amended the application (%(reason)s): %(changes)s."),
    "reopened": _("%(department)s reviews again: the application changed after its review."),
    "paused": _("Clock paused from %(date)s: %(reason_label)s (%(reason)s). Not counted."),
    "resumed": _("Clock resumed on %(date)s after %(days)d working day(s) not counted."),
    "extension_requested": _("Extension of %(days)d working days requested: %(reason)s"),
    "extension_approved": _(
        "Time limit extended by %(days)d working days (Administrative Licensing Law "
        "%(citation)s): %(reason)s. "
        "New promised date %(promised_due)s."
    ),
    "extension_rejected": _("Extension request rejected."),
    "all_reviewed": _("Every department has finished; awaiting the decision."),
    "decided_granted": _("Decision: granted. Deliver by %(delivery_due)s."),
    "decided_denied": _("Decision: denied."),
    "certificate_issued": _(
        "E-certificate %(certificate)s No. %(certificate_number)s issued; it is in your "
        "certificate wallet."
    ),
    "delivered_online": _("Decision delivered online."),
    "delivered_post": _("Decision posted, tracking number %(tracking_number)s."),
    "delivered_counter": _(
        "Result handed over at the window to %(collected_by)s, whose ID card was checked."
    ),
    "delivery_chosen": _("The applicant chose how to receive the result: %(method_label)s."),
    "fee_due": _(
        "Payment notice issued: %(amount)s yuan, reference %(reference)s, due %(due_on)s."
    ),
    "fee_paid": _("Fee of %(amount)s yuan paid, receipt %(receipt_number)s."),
    "concluded": _("Case concluded."),
    "withdrawn": _("Withdrawn by the applicant."),
    "rated": _("The applicant rated the service %(score)d of 5."),
    "rectification_opened": _(
        "The poor rating opened a rectification for the department, to be answered by %(due)s."
    ),
    "due_dates_changed": _(
        "The working-day calendar changed: promised date %(old_promised_due)s → %(promised_due)s, "
        "legal limit %(old_statutory_due)s → %(statutory_due)s."
    ),
    "appeared_together": _(
        "Both parties appeared in person together on %(date)s (Civil Code Art. 1077)."
    ),
    "withdrawn_in_cooling_off": _(
        "Withdrawn during the cooling-off period by %(party)s (Civil Code Art. 1077)."
    ),
    "deemed_withdrawn": _(
        "Deemed withdrawn: both parties did not appear together by %(appearance_ends)s "
        "(Civil Code Art. 1077)."
    ),
    "cooling_off_dates_changed": _(
        "The working-day calendar changed: the cooling-off period ends %(old_cooling_off_ends)s "
        "→ %(cooling_off_ends)s, appear together by %(old_appearance_ends)s → "
        "%(appearance_ends)s."
    ),
    "yellow": _("Yellow card: 80%% of the promised time is used."),
    "red": _("Red card: the promised date has passed."),
}


def _english_names(params: dict) -> dict:
    """Department and item names are stored as written in Chinese; English shows theirs."""
    if not english_active():
        return params
    named = {key: params[key] for key in NAMED_DEPARTMENTS if isinstance(params.get(key), str)}
    if named:
        english = dict(
            Department.objects.filter(name__in=named.values()).values_list("name", "name_en")
        )
        params |= {key: english.get(name) or name for key, name in named.items()}
    if isinstance(params.get("item"), str):
        item = ServiceItem.objects.filter(name=params["item"]).values_list("name_en", flat=True)
        params["item"] = next(iter(item), "") or params["item"]
    return params


def timeline_text(kind: str, params: dict) -> str:
    if params.get("window") and f"{kind}_at_window" in TIMELINE:
        kind = f"{kind}_at_window"  # a service centre's central window acted for the department
    template = TIMELINE.get(kind)
    if template is None:
        return kind
    params = _english_names(display_dates(params))
    if "stage" in params:
        params["stage"] = TaskStage(params["stage"]).label
    if isinstance(params.get("changes"), list):
        params["changes"] = changes_text(params["changes"])
    if params.get("article") in EXTENSION_RULES:
        params["citation"] = EXTENSION_RULES[params["article"]].citation
    if params.get("method") in DeliveryMethod.values:
        params["method_label"] = DeliveryMethod(params["method"]).label
    if "reason_kind" in params:
        params["reason_label"] = PauseReason(params["reason_kind"]).label
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def change_title(change: dict) -> str:
    """A changed field's title in the active language."""
    english = (get_language() or "").startswith("en")
    return (change.get("title_en") if english else "") or change.get("title", "")


def changes_text(changes: list[dict]) -> str:
    """An amendment's changes as "field: old → new", one after the other."""
    return "; ".join(
        f"{change_title(c)}: {c.get('old') or '—'} → {c.get('new') or '—'}" for c in changes
    )


NOTIFICATIONS = {
    "case.submitted": (
        _("Application %(number)s received"),
        _("Your application for %(item)s has been received and awaits intake."),
    ),
    "case.accepted": (
        _("Application %(number)s accepted"),
        _("%(item)s was accepted. Promised completion by %(promised_due)s."),
    ),
    "case.correction": (
        _("Application %(number)s needs corrections"),
        _("Please correct %(count)d material(s) listed in the notice and resubmit."),
    ),
    "case.refused": (
        _("Application %(number)s not accepted"),
        _("Reason: %(reason)s. The notice explains how to seek review."),
    ),
    "case.commitment_untrue": (
        _("Application %(number)s: your commitment was found untrue"),
        _(
            "The department found your commitment in place of %(material)s untrue. The "
            "application cannot be granted and the false commitment is entered in your credit "
            "record. The case page gives the finding."
        ),
    ),
    "case.supplement": (
        _("Application %(number)s: supplement requested"),
        _("%(department)s asks for more material. The clock is paused until you reply."),
    ),
    "case.amended": (
        _("Application %(number)s amended"),
        _(
            "Your amendment of %(count)d field(s) was received; every department that had "
            "reviewed the application reviews it again."
        ),
    ),
    "case.amended_for_review": (
        _("Application %(number)s was amended"),
        _(
            "The applicant changed the application for %(item)s; %(reopened)d completed "
            "review(s) are open again. The case page shows each change."
        ),
    ),
    "case.paused": (
        _("Application %(number)s: clock paused"),
        _("From %(date)s the time for %(reason_label)s is not counted: %(reason)s"),
    ),
    "case.resumed": (
        _("Application %(number)s: clock resumed"),
        _("Promised completion is now %(promised_due)s."),
    ),
    "case.extended": (
        _("Application %(number)s: time limit extended"),
        _("Extended by %(days)d working days: %(reason)s. Now due %(promised_due)s."),
    ),
    "case.decided": (
        _("Application %(number)s decided"),
        _("The decision on %(item)s is ready to read and download."),
    ),
    "case.delivered": (
        _("Application %(number)s delivered"),
        _("The decision on %(item)s has been delivered; the case is concluded."),
    ),
    "case.fee_due": (
        _("Application %(number)s: fee to pay"),
        _(
            "%(item)s is granted. Pay %(amount)s yuan (payment reference %(reference)s) by "
            "%(due_on)s at the service centre's window; the result is delivered once paid."
        ),
    ),
    "case.fee_paid": (
        _("Application %(number)s: fee paid"),
        _("Your payment of %(amount)s yuan (reference %(reference)s) is recorded."),
    ),
    "case.withdrawn": (
        _("Application %(number)s withdrawn"),
        _("Your application for %(item)s has been withdrawn."),
    ),
    "case.withdrawn_in_cooling_off": (
        _("Application %(number)s withdrawn"),
        _("%(party)s withdrew the application for %(item)s during the cooling-off period."),
    ),
    "case.deemed_withdrawn": (
        _("Application %(number)s deemed withdrawn"),
        _(
            "You did not both appear in person by %(appearance_ends)s, so the application for "
            "%(item)s counts as withdrawn (Civil Code Art. 1077). Apply again if you still wish."
        ),
    ),
    "case.cooling_off_dates_changed": (
        _("Application %(number)s: new dates"),
        _(
            "The working-day calendar changed: the cooling-off period now ends on "
            "%(cooling_off_ends)s (was %(old_cooling_off_ends)s); appear together by "
            "%(appearance_ends)s (was %(old_appearance_ends)s)."
        ),
    ),
    "case.due_dates_changed": (
        _("Application %(number)s: new due date"),
        _(
            "The working-day calendar changed: promised completion moves from "
            "%(old_promised_due)s to %(promised_due)s, the legal time limit from "
            "%(old_statutory_due)s to %(statutory_due)s."
        ),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)
