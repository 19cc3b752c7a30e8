"""The 12345 operator's phone console: caller lookup and earlier tickets, one-screen entry, the
classifier's proposal to confirm or correct, the knowledge base, and take (and dispatch) in one
submit. Keyboard-first; htmx refreshes the panels, and every panel also works without scripts
(the buttons post the whole form back to the console)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.hotline import authority, classifier, knowledge, selectors, services
from onewindow.hotline import console as calls
from onewindow.hotline.models import Status
from onewindow.workbench.access import official_required
from onewindow.workbench.hotline_console_forms import KEYS, ConsoleForm, KnowledgeSearchForm

TEMPLATE = "workbench/hotline/console.html"
SHOWN = 3  # proposals shown for category and department
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
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not authority.is_centre(request.user):
            raise PermissionDenied(_("Only 12345 operators and dispatchers use the console."))
        return view(request, *args, **kwargs)

    return wrapped


def may_dispatch(request) -> bool:
    return authority.is_dispatcher(request.user)


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


def _caller(request, form: ConsoleForm) -> calls.Caller | None:
    return calls.caller(request.user, form.value("caller_phone"))


def _text(form: ConsoleForm) -> str:
    return calls.call_text(form.value("title"), form.value("description"), form.value("address"))


def propose(form: ConsoleForm, catalogue) -> Proposal | None:
    """The classifier's top three, each radio checked when the operator had chosen it."""
    text = _text(form)
    if not text:
        return None
    found = classifier.propose(text)
    categories, departments = catalogue
    named = {code for code, _p in found.departments if code not in departments}
    departments = departments | {
        d.code: d.display_name for d in Department.objects.filter(code__in=named)
    }
    rows = []
    for codes, names, chosen in (
        (found.categories, categories, form.value("category")),
        (found.departments, departments, form.value("department")),
    ):
        options = [Option(code, names[code], float(p)) for code, p in codes if code in names]
        options = options[:SHOWN]
        if options:
            pick = next((o for o in options if o.code == chosen), options[0])
            pick.checked = True
        rows.append(options)
    return Proposal(*rows)


def _catalogue():
    """The active categories, and the departments a ticket can go to (not the hotline itself,
    nor the service centres and street offices, which a proposal may still name)."""
    categories = list(selectors.categories())
    departments = list(
        Department.objects.exclude(
            kind__in=(Department.Kind.SERVICE_CENTRE, Department.Kind.STREET_OFFICE)
        )
        .exclude(code=authority.CENTRE_CODE)
        .order_by("code")
    )
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
    caller = _caller(request, form)
    proposal = propose(form, names)
    search = KnowledgeSearchForm({"q": query})
    if article or action in ("take", "dispatch"):
        done = _submit(request, form, action=action, article=article)
        if done is not None:
            return done
    return render(
        request,
        TEMPLATE,
        _context(request, form, caller=caller, proposal=proposal, search=search, hits=_hits(query)),
    )


def _submit(request, form: ConsoleForm, *, action, article):
    """The call becomes a ticket: taken (and dispatched), or answered from an article."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        ticket = services.take_call(
            operator=request.user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            caller_phone=data["caller_phone"],
            caller_name=data["caller_name"],
            address=data["address"],
            urgent=data["urgent"],
            anonymous=data["anonymous"],
            category=form.chosen("category"),
            department=form.chosen("department"),
            dispatch=action == "dispatch",
            article_code=article,
            idempotency_key=data["token"],
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
        {"caller": _caller(request, form), "form": form},
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
        {"proposal": propose(form, _names(categories, departments)), "form": form, "oob": True},
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
        {"hits": _hits(query), "search": search, "oob": True},
    )
