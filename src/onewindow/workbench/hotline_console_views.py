"""The 12345 operator's phone console: caller lookup and earlier tickets, one-screen entry, the
classifier's proposal to confirm or correct, the knowledge base, and take (and dispatch) in one
submit. Keyboard-first; htmx refreshes the panels, and every panel also works without scripts
(the buttons post the whole form back to the console)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.accounts.models import Department, User
from onewindow.accounts.selectors import user_by_phone
from onewindow.certificates.presentation import mask_name
from onewindow.core.identifiers import mask_phone, normalize_phone
from onewindow.core.localized import localized
from onewindow.hotline import authority, classifier, knowledge, selectors, services
from onewindow.hotline.models import Channel, Kind, Status
from onewindow.workbench.access import official_required
from onewindow.workbench.hotline_console_forms import KEYS, ConsoleForm, KnowledgeSearchForm

TEMPLATE = "workbench/hotline/console.html"
SHOWN = 3  # proposals shown for category and department
HISTORY = 10  # earlier tickets shown for a caller
ARTICLES = 8
# How likely a proposal is, in words (the operator reads words and a bar, not a float).
LIKELIHOOD = (
    (0.6, gettext_lazy("very likely")),
    (0.3, gettext_lazy("likely")),
    (0.1, gettext_lazy("possible")),
    (0.0, gettext_lazy("unlikely")),
)


def hotline_desk_required(view):
    """Only the hotline's operators and dispatchers reach the console (others: 403)."""

    @official_required
    def wrapped(request, *args, **kwargs):
        if not authority.is_centre(request.user):
            raise PermissionDenied(_("Only 12345 operators and dispatchers use the console."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def may_dispatch(request) -> bool:
    return authority.is_dispatcher(request.user)


# --- the caller ------------------------------------------------------------------------------


@dataclass
class Caller:
    phone: str  # normalised, as typed
    phone_masked: str
    account: User | None = None
    name_masked: str = ""
    several: bool = False  # several accounts share the number: none is assumed
    tickets: list | None = None
    problem: str = ""


def look_up(request, phone: str) -> Caller | None:
    """The registered citizen with this number (blind index) and their earlier tickets."""
    if not phone:
        return None
    number = normalize_phone(phone)
    caller = Caller(phone=number, phone_masked=mask_phone(number))
    try:
        caller.account = user_by_phone(number)
    except User.MultipleObjectsReturned:
        caller.several = True
    if caller.account is not None:
        if caller.account.is_official:
            caller.account = None
        else:
            caller.name_masked = mask_name(caller.account.display_name)
    try:
        caller.tickets = list(selectors.caller_history(request.user, number)[:HISTORY])
    except ValidationError as error:
        caller.problem = " ".join(error.messages)
        caller.tickets = []
    return caller


# --- the proposal ----------------------------------------------------------------------------


@dataclass
class Option:
    code: str
    label: str
    probability: float
    checked: bool = False

    @property
    def likelihood(self) -> str:
        return next(str(word) for floor, word in LIKELIHOOD if self.probability >= floor)

    @property
    def percent(self) -> int:
        return round(self.probability * 100)


@dataclass
class Proposal:
    categories: list[Option]
    departments: list[Option]

    @property
    def top_category(self) -> str:
        return self.categories[0].code if self.categories else ""

    @property
    def top_department(self) -> str:
        return self.departments[0].code if self.departments else ""


def _text(form: ConsoleForm) -> str:
    return "\n".join(t for t in (form.value("title"), form.value("description")) if t)


def propose(form: ConsoleForm, catalogue) -> Proposal | None:
    """The classifier's top three, each radio checked when the operator had chosen it."""
    text = _text(form)
    if not text:
        return None
    found = classifier.propose(text)
    categories, departments = catalogue
    chosen_category, chosen_department = form.value("category"), form.value("department")
    rows = []
    for codes, names, chosen in (
        (found.categories, categories, chosen_category),
        (found.departments, departments, chosen_department),
    ):
        options = [Option(code, names[code], float(p)) for code, p in codes if code in names][
            :SHOWN
        ]
        if options:
            pick = next((o for o in options if o.code == chosen), options[0])
            pick.checked = True
        rows.append(options)
    return Proposal(*rows)


def _catalogue():
    """Categories and their usual departments, by code, with the display names."""
    categories = list(selectors.categories())
    department_ids = {c.department_id for c in categories}
    departments = list(Department.objects.filter(pk__in=department_ids).order_by("code"))
    return categories, departments


def _names(categories, departments):
    return (
        {c.code: localized(c, "name") for c in categories},
        {d.code: d.display_name for d in departments},
    )


# --- pages -----------------------------------------------------------------------------------


def _context(request, form, *, caller=None, proposal=None, search=None, hits=None):
    return {
        "form": form,
        "caller": caller,
        "proposal": proposal,
        "search": search or KnowledgeSearchForm(),
        "hits": hits,
        "may_dispatch": may_dispatch(request),
        "keys": KEYS,
    }


def _hits(query: str):
    return knowledge.search(query, limit=ARTICLES) if query.strip() else None


@hotline_desk_required
@require_http_methods(["GET", "POST"])
def console(request):
    """The console; a POST is a lookup, a proposal, a search, an answer or the take."""
    categories, departments = _catalogue()
    names = _names(categories, departments)
    search = KnowledgeSearchForm(request.GET or None)
    query = search.data.get("q", "") if search.is_bound else ""
    if request.method != "POST":
        form = ConsoleForm(categories=categories, departments=departments)
        return render(request, TEMPLATE, _context(request, form, search=search, hits=_hits(query)))
    form = ConsoleForm(request.POST, categories=categories, departments=departments)
    action = request.POST.get("action", "")
    article = request.POST.get("answer", "")
    query = request.POST.get("q", "")
    caller = look_up(request, form.value("caller_phone"))
    proposal = propose(form, names)
    search = KnowledgeSearchForm({"q": query})
    if article or action in ("take", "dispatch"):
        done = _submit(request, form, proposal, action=action, article=article)
        if done is not None:
            return done
    return render(
        request,
        TEMPLATE,
        _context(request, form, caller=caller, proposal=proposal, search=search, hits=_hits(query)),
    )


def _submit(request, form: ConsoleForm, proposal: Proposal | None, *, action, article):
    """Report the call, then take it (and dispatch it) or answer it from an article."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    category = form.chosen("category")
    department = form.chosen("department")
    if not article and not category:
        form.add_error("other_category", _("Confirm the proposed category or choose another."))
        return None
    dispatching = action == "dispatch" and not article
    if dispatching and not may_dispatch(request):
        raise PermissionDenied(_("Only a 12345 dispatcher dispatches tickets."))
    if dispatching and not department:
        form.add_error("other_department", _("Confirm the proposed department or choose another."))
        return None
    caller = look_up(request, data["caller_phone"])
    try:
        with transaction.atomic():
            ticket = services.report(
                channel=Channel.PHONE,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                caller=caller.account if caller else None,
                caller_name=data["caller_name"],
                caller_phone=caller.phone if caller else "",
                address=data["address"],
                category=category or None,
                urgent=data["urgent"],
                anonymous=data["anonymous"],
                operator=request.user,
                idempotency_key=data["token"],
            )
            if ticket.status != Status.RECEIVED:  # the same form sent twice: already done
                return _done(request, ticket)
            if article:
                ticket = services.answer_on_the_spot(
                    number=ticket.number, actor=request.user, article_code=article
                )
                return _done(request, ticket)
            ticket = services.take(
                number=ticket.number,
                actor=request.user,
                category=category,
                kind=data["kind"],
                urgent=data["urgent"],
                department=department or None,
            )
            if dispatching:
                ticket = services.dispatch(
                    number=ticket.number, actor=request.user, department=department
                )
    except ValidationError as error:
        _show(form, error)
        return None
    return _done(request, ticket)


def _show(form: ConsoleForm, error: ValidationError) -> None:
    """A service's refusal next to the field it names (else at the top of the form)."""
    problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, texts in problems.items():
        if name in ("category", "department"):
            name = f"other_{name}"
        form.add_error(name if name in form.fields else None, texts)


def _done(request, ticket):
    values = {"number": ticket.number, "title": ticket.title}
    if ticket.status == Status.ANSWERED:
        text = _("Ticket %(number)s “%(title)s” answered on the spot and closed.")
    elif ticket.status == Status.DISPATCHED:
        values["department"] = ticket.lead_department.display_name
        text = _("Ticket %(number)s “%(title)s” taken and dispatched to %(department)s.")
    else:
        text = _("Ticket %(number)s “%(title)s” taken; it waits for a dispatcher.")
    messages.success(request, text % values)
    return redirect("workbench:hotline-console")


# --- htmx panels -----------------------------------------------------------------------------


@hotline_desk_required
@require_POST
def caller_panel(request):
    """The caller's panel for the number typed (a POST: phone numbers stay out of URLs)."""
    form = ConsoleForm(request.POST)
    return render(
        request,
        "workbench/hotline/_console_caller.html",
        {"caller": look_up(request, form.value("caller_phone")), "form": form},
    )


@hotline_desk_required
@require_POST
def proposal_panel(request):
    """The classifier's proposal for the title and description typed so far."""
    categories, departments = _catalogue()
    form = ConsoleForm(request.POST, categories=categories, departments=departments)
    return render(
        request,
        "workbench/hotline/_console_proposal.html",
        {"proposal": propose(form, _names(categories, departments)), "form": form},
    )


@hotline_desk_required
@require_GET
def knowledge_panel(request):
    """Knowledge-base articles for the query, ranked as the catalogue search ranks services."""
    search = KnowledgeSearchForm(request.GET)
    query = search.data.get("q", "")
    return render(
        request,
        "workbench/hotline/_console_knowledge.html",
        {"hits": _hits(query), "search": search, "kind_question": Kind.CONSULTATION},
    )
