"""Writes for accounts and departments. Each call is one transaction with an audit entry.

Errors are ``ValidationError`` dicts keyed by the field at fault, with translated messages,
so forms and the API can name the field; on any error nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onewindow.accounts import duties
from onewindow.accounts.models import Department, Role, RoleAssignment, SavedFilter, User
from onewindow.core import audit
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import (
    normalize_id_number,
    normalize_phone,
    normalize_uscc,
    validate_id_number,
    validate_phone,
    validate_uscc,
)

ID_INDEX = "id_number"
PHONE_INDEX = "phone"


def _collect(errors: dict, field: str, check, value) -> None:
    try:
        check(value)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)


def _require(errors: dict, field: str, value: str) -> None:
    if not (value or "").strip():
        errors.setdefault(field, []).append(_("This field is required."))


def _check_username(errors: dict, username: str) -> None:
    _require(errors, "username", username)
    if username and User.objects.filter(username__iexact=username).exists():
        errors.setdefault("username", []).append(_("This username is already taken."))


def _check_password(errors: dict, password: str, user: User) -> None:
    _require(errors, "password", password)
    if password:
        _collect(
            errors, "password", lambda p: password_validation.validate_password(p, user), password
        )


# Model fields whose errors the API reports under another name.
_FIELD_NAMES = {"enterprise_name": "name"}
_NOT_CLEANED = {"password", "id_number", "phone", "id_number_index", "phone_index", "last_login"}


def _phone(errors: dict, phone: str) -> str:
    phone = normalize_phone(phone)
    _collect(errors, "phone", validate_phone, phone)
    return phone


# The demo's accounts share one published password. Inside ``shared_password`` it is hashed
# once, at full strength, and every account made or reset with it takes that hash instead of
# a PBKDF2 run of its own (75 runs were 25 s of `onewindow demo`). Outside the block, as in
# every real registration, each password is salted and hashed alone.
_SHARED_HASH: ContextVar[tuple[str, str] | None] = ContextVar("shared_hash", default=None)


@contextmanager
def shared_password(password: str) -> Iterator[None]:
    token = _SHARED_HASH.set((password, make_password(password)))
    try:
        yield
    finally:
        _SHARED_HASH.reset(token)


def _hash(user: User, password: str) -> None:
    shared = _SHARED_HASH.get()
    if shared is not None and shared[0] == password:
        user.password = shared[1]
        user._password = password  # as set_password does, for the validators' password_changed
    else:
        user.set_password(password)


def _save_new_user(
    user: User, password: str | None, errors: dict, actor: User | None = None
) -> User:
    """Check the password and the model's field rules, then save; all errors at once.

    ``password=None`` makes an account without a usable password: it signs in by SMS code.
    """
    if password is not None:
        _check_password(errors, password, user)
    try:
        user.clean_fields(exclude=_NOT_CLEANED | set(errors))
    except ValidationError as exc:  # lengths, the username's allowed characters
        for field, messages in exc.message_dict.items():
            errors.setdefault(_FIELD_NAMES.get(field, field), []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if password is None:
        user.set_unusable_password()
    else:
        _hash(user, password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        # A concurrent registration took the same username, ID number or USCC.
        raise ValidationError(
            {"username": [_("This account already exists.")]}, code="duplicate"
        ) from exc
    audit.record(
        "account.registered",
        object_type="user",
        object_id=user.pk,
        actor=actor or user,
        data={"kind": user.kind, "username": user.username},
    )
    return user


@transaction.atomic
def register_citizen(
    *,
    username: str,
    password: str | None,
    real_name: str,
    id_number: str,
    phone: str,
    actor: User | None = None,
) -> User:
    """A natural person binds a real name and a validated citizen ID number."""
    errors: dict[str, list[str]] = {}
    _check_username(errors, username)
    _require(errors, "real_name", real_name)
    id_number = normalize_id_number(id_number)
    _collect(errors, "id_number", validate_id_number, id_number)
    if (
        "id_number" not in errors
        and User.objects.filter(id_number_index=blind_index(ID_INDEX, id_number)).exists()
    ):
        errors["id_number"] = [_("An account is already registered with this ID number.")]
    phone = _phone(errors, phone)
    user = User(
        username=username.strip(),
        kind=User.Kind.CITIZEN,
        real_name=real_name.strip(),
        id_number=id_number,
        id_number_index=blind_index(ID_INDEX, id_number),
        phone=phone,
        phone_index=blind_index(PHONE_INDEX, phone),
    )
    return _save_new_user(user, password, errors, actor)


@transaction.atomic
def register_enterprise(*, username: str, password: str, name: str, uscc: str, phone: str) -> User:
    """A legal person binds its name and a validated unified social credit code."""
    errors: dict[str, list[str]] = {}
    _check_username(errors, username)
    _require(errors, "name", name)
    uscc = normalize_uscc(uscc)
    _collect(errors, "uscc", validate_uscc, uscc)
    if "uscc" not in errors and User.objects.filter(uscc=uscc).exists():
        errors["uscc"] = [_("An account is already registered with this credit code.")]
    phone = _phone(errors, phone)
    user = User(
        username=username.strip(),
        kind=User.Kind.ENTERPRISE,
        enterprise_name=name.strip(),
        uscc=uscc,
        phone=phone,
        phone_index=blind_index(PHONE_INDEX, phone),
    )
    return _save_new_user(user, password, errors)


@transaction.atomic
def create_official(
    *, username: str, password: str, real_name: str, actor: User | None = None
) -> User:
    errors: dict[str, list[str]] = {}
    _check_username(errors, username)
    _require(errors, "real_name", real_name)
    user = User(username=username.strip(), kind=User.Kind.OFFICIAL, real_name=real_name.strip())
    return _save_new_user(user, password, errors, actor)


@transaction.atomic
def assign_role(
    *, user: User, department: Department, role: str, actor: User | None = None
) -> RoleAssignment:
    """Give an official a role in a department (and the role's permission group)."""
    if not user.is_official:
        raise ValidationError({"user": [_("Only officials can hold a department role.")]})
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    duties.check_not_oneself(user, actor)
    if duties.is_duty(role):
        # Lock the person so two grants of different duties cannot both pass the check.
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        duties.check_assignment(user, role, department)
    try:
        with transaction.atomic():
            assignment, created = RoleAssignment.objects.get_or_create(
                user=user, department=department, role=role
            )
    except IntegrityError as exc:  # a concurrent grant of another duty won the race
        duties.check_assignment(user, role, department)
        raise ValidationError({"role": [_("This role could not be granted.")]}) from exc
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if duties.is_duty(role) and not user.is_staff:
        user.is_staff = True  # Django's own convention; the admin site checks the duty itself
        user.save(update_fields=["is_staff"])
    if created:
        audit.record(
            "account.role_assigned",
            object_type="user",
            object_id=user.pk,
            actor=actor,
            data={"department": department.code, "role": role},
        )
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment, actor: User | None = None) -> None:
    """Withdraw a role; the permission group goes when no department still grants it."""
    user, role, department = assignment.user, assignment.role, assignment.department
    duties.check_not_oneself(user, actor)
    assignment.delete()
    if not RoleAssignment.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=role))
    if duties.is_duty(role) and user.is_staff and not duties.duties_of(user):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit.record(
        "account.role_revoked",
        object_type="user",
        object_id=user.pk,
        actor=actor,
        data={"department": department.code, "role": role},
    )


DEPARTMENT_DETAILS = ("name_en", "kind", "address", "address_en", "hours", "hours_en", "phone")


@transaction.atomic
def upsert_department(
    *,
    code: str,
    name: str,
    division_code: str,
    parent_code: str | None,
    actor=None,
    **details: str,
) -> Department:
    """Create or update a department; ``details`` are any of ``DEPARTMENT_DETAILS`` (a detail
    not given keeps its current value). A service centre must be attached to a division."""
    unknown = sorted(set(details) - set(DEPARTMENT_DETAILS))
    if unknown:
        raise ValidationError({unknown[0]: [_("This is not a department field.")]})
    kind = details.get("kind")
    if kind is not None and kind not in Department.Kind.values:
        raise ValidationError({"kind": [_("Unknown department kind %(kind)s.") % {"kind": kind}]})
    parent = Department.objects.get(code=parent_code) if parent_code else None
    wanted = {
        "name": name,
        "division_id": division_code,
        "parent_id": parent.pk if parent else None,
        **{key: (value or "") for key, value in details.items()},
    }
    current = Department.objects.filter(code=code).values(*wanted).first()
    if current == wanted:
        return Department.objects.get(code=code)
    department, created = Department.objects.update_or_create(code=code, defaults=wanted)
    audit.record(
        "department.created" if created else "department.updated",
        object_type="department",
        object_id=code,
        actor=actor,
        data={"name": name, "division": division_code, "parent": parent_code or "", **details},
    )
    return department


@transaction.atomic
def load_departments(rows: list[dict], *, actor=None) -> int:
    """Create or update many departments at once (the shipped data files), parents first.

    Each row has ``code``, ``name``, ``division`` and optionally ``parent`` and any of
    ``DEPARTMENT_DETAILS``; one audit entry per department created or changed, as
    ``upsert_department`` writes them.
    """
    existing = {d.code: d for d in Department.objects.all()}
    code_of = {d.pk: code for code, d in existing.items()}
    depth: dict[str, int] = {code: 0 for code in existing}
    created_rows: dict[int, list[Department]] = {}
    changed: list[Department] = []
    created_log, changed_log = [], []
    fields = ["name", "division_id", *DEPARTMENT_DETAILS]
    for row in rows:
        parent_code = row.get("parent") or None
        values = {
            "name": row["name"],
            "division_id": str(row["division"]),
            **{key: row.get(key) or "" for key in DEPARTMENT_DETAILS if key in row},
        }
        if values.get("kind", Department.Kind.DEPARTMENT) not in Department.Kind.values:
            raise ValidationError(
                {"kind": [_("Unknown department kind %(kind)s.") % {"kind": values["kind"]}]}
            )
        log = {"name": row["name"], "division": values["division_id"], "parent": parent_code or ""}
        current = existing.get(row["code"])
        if current is None:
            current = Department(code=row["code"], **values)
            current.parent_code = parent_code
            existing[row["code"]] = current
            depth[row["code"]] = depth.get(parent_code, -1) + 1 if parent_code else 0
            created_rows.setdefault(depth[row["code"]], []).append(current)
            created_log.append((row["code"], log))
            continue
        if any(getattr(current, key) != value for key, value in values.items()) or (
            code_of.get(current.parent_id) != parent_code
        ):
            for key, value in values.items():
                setattr(current, key, value)
            current.parent_code = parent_code
            changed.append(current)
            changed_log.append((row["code"], log))
    for level in sorted(created_rows):
        batch = created_rows[level]
        for department in batch:
            if department.parent_code:
                department.parent = existing[department.parent_code]
        Department.objects.bulk_create(batch)
    for department in changed:
        department.parent = existing[department.parent_code] if department.parent_code else None
    Department.objects.bulk_update(changed, [*fields, "parent"])
    audit.record_many("department.created", object_type="department", entries=created_log,
                      actor=actor)  # fmt: skip
    audit.record_many("department.updated", object_type="department", entries=changed_log,
                      actor=actor)  # fmt: skip
    return len(rows)


@transaction.atomic
def set_password(*, user: User, password: str, actor: User | None = None) -> None:
    errors: dict[str, list[str]] = {}
    _check_password(errors, password, user)
    if errors:
        raise ValidationError(errors)
    _hash(user, password)
    user.save(update_fields=["password"])
    audit.record("account.password_set", object_type="user", object_id=user.pk, actor=actor)


@transaction.atomic
def enrol_totp_device(*, user: User, name: str, actor: User | None = None):
    """Register an authenticator app (TOTP) for the user; returns the device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
    audit.record(
        "account.totp_enrolled",
        object_type="user",
        object_id=user.pk,
        actor=actor,
        data={"device": name},
    )
    return device


def issue_api_token(user: User) -> str:
    """The user's API token, created on first use."""
    from rest_framework.authtoken.models import Token

    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit.record("account.token_issued", object_type="user", object_id=user.pk, actor=user)
    return token.key


# -- saved filters (the workbench's search) ----------------------------------------------------

MAX_SAVED_FILTERS = 20


def save_filter(*, user: User, name: str, query: str) -> SavedFilter:
    """Keep a search under a name for ``user``; the name is theirs once."""
    name, query = (name or "").strip(), (query or "").strip().lstrip("?")
    errors: dict = {}
    _require(errors, "name", name)
    if len(name) > SavedFilter._meta.get_field("name").max_length:
        errors.setdefault("name", []).append(_("Keep the name to 60 characters."))
    if len(query) > SavedFilter._meta.get_field("query").max_length:
        errors.setdefault("query", []).append(_("This search is too long to save."))
    if name and user.saved_filters.filter(name=name).exists():
        errors.setdefault("name", []).append(_("You already have a saved search with this name."))
    if user.saved_filters.count() >= MAX_SAVED_FILTERS:
        errors.setdefault("name", []).append(
            _("You can keep up to %(n)d saved searches; delete one first.")
            % {"n": MAX_SAVED_FILTERS}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        saved = SavedFilter.objects.create(user=user, name=name, query=query)
        audit.record(
            "account.filter_saved",
            object_type="saved_filter",
            object_id=saved.pk,
            actor=user,
            data={"name": name, "query": query},
        )
    return saved


def delete_filter(*, user: User, filter_id: int) -> None:
    """Delete one of ``user``'s saved searches; anyone else's is not found."""
    with transaction.atomic():
        saved = SavedFilter.objects.select_for_update().filter(pk=filter_id, user=user).first()
        if saved is None:
            raise SavedFilter.DoesNotExist(_("No such saved search."))
        audit.record(
            "account.filter_deleted",
            object_type="saved_filter",
            object_id=saved.pk,
            actor=user,
            data={"name": saved.name},
        )
        saved.delete()
