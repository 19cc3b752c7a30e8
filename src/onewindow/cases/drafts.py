"""Applications being filled in on the service hall: drafts saved as typed, then submitted once.

A draft keeps the form values as the applicant typed them and the uploads they chose (each
checked for type and size on arrival); everything else is checked when the draft is
submitted, by the same ``services.submit`` the API uses. The draft's id is the submission's
idempotency key, so a double click, a reload or a second tab all end at the one case.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.models import User
from onewindow.cases import application, precheck, registry_data, routing, services
from onewindow.cases.authority import require_eligible_applicant
from onewindow.cases.errors import DraftNotFound
from onewindow.cases.models import Case, Draft, DraftMaterial
from onewindow.cases.uploads import check_upload
from onewindow.catalog.form_schema import applicant_fields, field_kind
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.vocabulary import Requirement, SourceKind
from onewindow.core import audit

FROM_ACCOUNT = gettext_lazy("From your real-name account")
MAX_VALUE_LENGTH = 5000

# Contact fields the account fills as a suggestion; the applicant may give another number.
# Fields naming the applicant itself are bound by the catalogue (form_schema.applicant_fields).
_CONTACT = {"phone": "phone", "contact_phone": "phone"}


def _item(code: str) -> ServiceItem:
    item = ServiceItem.objects.filter(code=code, published=True).first()
    if item is None:
        raise ValidationError(
            {"item": [_("There is no published service %(code)s.") % {"code": code}]}
        )
    return item


def bound_fields(applicant: User, item: ServiceItem) -> set[str]:
    """The form fields that name the applicant: filled from the account, not editable."""
    return set(applicant_fields(item.form_schema, applicant.kind))


def prefill(applicant: User, item: ServiceItem) -> dict[str, tuple[str, dict]]:
    """Field name -> (value, where it came from), for the fields the applicant's account fills."""
    fields = (item.form_schema or {}).get("properties", {})
    wanted = {**_CONTACT, **applicant_fields(item.form_schema, applicant.kind)}
    found = {}
    for name, attribute in wanted.items():
        value = getattr(applicant, attribute, "") or ""
        if name in fields and field_kind(fields[name]) != "file" and value:
            found[name] = (value, {"kind": "account"})
    return found


# Registries authoritative for what they prefill: their values are shown read-only, and a
# correction goes to the registry (the police station for the population registry), not the form.
AUTHORITATIVE_REGISTRIES = {"person"}


def registry_bound(draft: Draft) -> set[str]:
    """The draft's fields prefilled from an authoritative registry: read-only on the form."""
    return {
        name
        for name, entry in (draft.prefilled or {}).items()
        if entry.get("source", {}).get("kind") == "registry"
        and entry["source"].get("registry") in AUTHORITATIVE_REGISTRIES
    }


def read_only_fields(applicant: User, draft: Draft) -> set[str]:
    """Fields the applicant cannot change: naming them (account) or held by a registry."""
    return bound_fields(applicant, draft.item) | registry_bound(draft)


def source_label(source: dict) -> str:
    """Where a prefilled value came from, in the reader's language."""
    if source.get("kind") == "registry":
        return registry_data.source_label(source.get("registry", ""), source.get("provider", ""))
    return str(FROM_ACCOUNT)


def draft_for(applicant: User, draft_id) -> Draft:
    draft = (
        Draft.objects.filter(pk=draft_id, applicant_id=applicant.pk)
        .select_related("item__lead_department", "case")
        .first()
        if applicant.is_authenticated
        else None
    )
    if draft is None:
        raise DraftNotFound(draft_id)
    return draft


def open_drafts(applicant: User):
    if not applicant.is_authenticated:
        return Draft.objects.none()
    return Draft.objects.filter(applicant=applicant, case=None).select_related("item")


@transaction.atomic
def start(*, applicant: User, item_code: str) -> Draft:
    """The applicant's unsubmitted draft for the item, or a new one prefilled from their data."""
    item = _item(item_code)
    require_eligible_applicant(applicant, item)
    draft = open_drafts(applicant).filter(item=item).first()
    if draft is None:
        from_registry = registry_data.prefill(applicant, item)
        from_account = prefill(applicant, item)
        found = {**from_registry, **from_account}
        for name, (value, source) in from_registry.items():
            if from_account.get(name, (value,))[0] == value:  # the registry confirms it
                found[name] = (value, source)
        draft = Draft.objects.create(
            applicant=applicant,
            item=item,
            form_data={name: value for name, (value, _source) in found.items()},
            prefilled={
                name: {"value": value, "source": source} for name, (value, source) in found.items()
            },
        )
    return draft


def _clean_values(item: ServiceItem, form: dict) -> dict[str, str]:
    fields = (item.form_schema or {}).get("properties", {})
    values = {}
    for name, field in fields.items():
        if field_kind(field) == "file" or name not in form:
            continue
        value = form[name]
        if not isinstance(value, str):
            raise ValidationError({f"form.{name}": [_("Enter text.")]})
        values[name] = value.strip()[:MAX_VALUE_LENGTH]
    return values


@transaction.atomic
def save(
    *,
    applicant: User,
    draft_id,
    form: dict,
    uploads: dict[str, tuple[str, bytes]] | None = None,
    remove: set[str] | frozenset[str] = frozenset(),
    commitments: set[str] | frozenset[str] | None = None,
) -> Draft:
    """Keep the typed values and new uploads; a bad upload saves nothing and names its slot.

    ``commitments``: the materials the applicant chose to replace with a written commitment
    (告知承诺), replacing the earlier choice; None keeps it. Whether the applicant may is
    checked at submission (``cases.commitments``)."""
    draft = draft_for(applicant, draft_id)
    if draft.case_id:
        raise ValidationError({"draft": [_("This application has already been submitted.")]})
    item = draft.item
    values, identity_problems = application.bound_identity(
        item, applicant, _clean_values(item, form)
    )
    uploadable = {m.key: m for m in item.materials.all() if m.source_kind == SourceKind.UPLOAD}
    problems: dict[str, list[str]] = dict(identity_problems)
    checked = {}
    for key, (name, content) in (uploads or {}).items():
        if key not in uploadable:
            problems[f"materials.{key}"] = [
                _("This service takes no upload %(key)s.") % {"key": key}
            ]
            continue
        try:
            checked[key] = check_upload(name, content, field=f"materials.{key}")
        except ValidationError as exc:
            problems.update(exc.message_dict)
    for name in registry_bound(draft):
        given = values.get(name)
        if given not in (None, "") and given != draft.prefilled[name]["value"]:
            problems[f"form.{name}"] = [
                _(
                    "This comes from the population registry and cannot be changed here. "
                    "Ask the police station of your household registration to correct it."
                )
            ]
        values[name] = draft.prefilled[name]["value"]
    for name, value in values.items():
        errors = application.field_problems(item, name, value)
        if errors and f"form.{name}" not in problems:
            problems[f"form.{name}"] = errors
    committable = {key for key, m in uploadable.items() if m.committable}
    for key in sorted(set(commitments or ()) - committable):
        problems[f"materials.{key}"] = [
            _("This material cannot be replaced by a commitment; upload it.")
        ]
    if problems:  # nothing is kept from a request with a malformed value or upload
        raise ValidationError(problems)
    draft.form_data = {**draft.form_data, **values}
    if commitments is not None:
        draft.commitments = sorted(commitments)
    draft.save(update_fields=["form_data", "commitments", "updated_at"])
    replaced = set(checked) | (set(remove) & set(uploadable))
    for old in draft.materials.filter(key__in=replaced):
        _delete_file_after_commit(old.file)
        old.delete()
    for key, upload in checked.items():
        material = DraftMaterial(
            draft=draft,
            key=key,
            original_name=upload.name[:200],
            content_type=upload.content_type,
            size=len(upload.content),
            digest=upload.digest,
        )
        material.file.save(upload.name, ContentFile(upload.content), save=False)
        material.save()
    return draft


def _delete_file_after_commit(file) -> None:
    name, storage = file.name, file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def problems(draft: Draft, form_data: dict | None = None) -> dict[str, list[str]]:
    """What stops the draft from being submitted, by ``form.<field>`` / ``materials.<key>``;
    with ``form_data``, what would stop it with those values (to list every problem of a
    refused request at once)."""
    found: dict[str, list[str]] = {}
    try:
        application.clean_form(draft.item, draft.form_data if form_data is None else form_data)
    except ValidationError as exc:
        found.update(exc.message_dict)
    present = set(draft.materials.values_list("key", flat=True))
    for material in draft.item.materials.all():
        if (
            material.source_kind == SourceKind.UPLOAD
            and material.requirement == Requirement.MANDATORY
            and not material.deferrable  # 容缺受理: checked at submission (joint_measures)
            and material.key not in present
            and material.key not in (draft.commitments or [])  # 告知承诺: likewise
        ):
            found[f"materials.{material.key}"] = [_("Choose a file to upload.")]
    return found


def submit(*, applicant: User, draft_id, acknowledged=None) -> Case:
    """File the draft as one case; submitting the same draft again returns that case.

    The pre-submission checks (``precheck``) run first: a finding the law allows no way past
    refuses the submission, a warning must be in ``acknowledged`` (its code)."""
    with transaction.atomic():
        draft = draft_for(applicant, draft_id)
        locked = Draft.objects.select_for_update(of=("self",)).select_related("item")
        draft = locked.get(pk=draft.pk)
        if draft.case is not None:
            return draft.case
        precheck.require_passable(precheck.check(applicant, draft.item, draft), acknowledged)
        uploads = {}
        for material in draft.materials.all():
            with material.file.open("rb") as handle:
                uploads[material.key] = (material.original_name, handle.read())
        case = services.submit(
            applicant=applicant,
            item_code=draft.item.code,
            form=draft.form_data,
            uploads=uploads,
            idempotency_key=f"draft-{draft.pk}",
            place=draft.place,
            commitments=set(draft.commitments or []),
        )
        draft.case = case
        draft.save(update_fields=["case", "updated_at"])
        for material in draft.materials.all():
            _delete_file_after_commit(material.file)
        draft.materials.all().delete()
        return case


@transaction.atomic
def choose_place(*, applicant: User, draft_id, place: str) -> Draft:
    """Keep the district or street the applicant chose to apply in ("" for their registered
    one); a place where the item is not handled is refused, naming the field ``division``."""
    draft = draft_for(applicant, draft_id)
    if draft.case_id:
        raise ValidationError({"draft": [_("This application has already been submitted.")]})
    place = (place or "").strip()
    if place:
        routing.route(draft.item, applicant, place)
    if draft.place != place:
        draft.place = place
        draft.save(update_fields=["place", "updated_at"])
        audit.record(
            "draft.place_chosen",
            object_type="draft",
            object_id=draft.pk,
            actor=applicant,
            data={"item": draft.item.code, "place": place},
        )
    return draft


@transaction.atomic
def discard(*, applicant: User, draft_id) -> None:
    draft = draft_for(applicant, draft_id)
    if draft.case_id:
        raise ValidationError({"draft": [_("This application has already been submitted.")]})
    for material in draft.materials.all():
        _delete_file_after_commit(material.file)
    draft.delete()
