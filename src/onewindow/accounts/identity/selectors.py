"""Reads of identity records, each limited to the people they concern."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from onewindow.accounts.identity.models import (
    AgentAuthorization,
    IdentityReclaim,
    RealNameVerification,
)
from onewindow.accounts.models import User


def is_real_name_verified(user) -> bool:
    """A signed-in citizen or enterprise account whose identity was verified (实名认证): the
    accounts that may take part where one voice must be one person (comments, surveys,
    proposals). Officials take part in their own capacity, never as the public."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.kind not in (User.Kind.CITIZEN, User.Kind.ENTERPRISE):
        return False
    return RealNameVerification.objects.filter(user=user).exists()


def agent_requests_for(enterprise: User) -> QuerySet[AgentAuthorization]:
    """The agents who asked to act for this enterprise account."""
    return AgentAuthorization.objects.filter(enterprise=enterprise).select_related("agent")


def authorizations_of(agent: User) -> QuerySet[AgentAuthorization]:
    return AgentAuthorization.objects.filter(agent=agent).select_related("enterprise")


def enterprises_represented_by(agent: User) -> QuerySet[User]:
    """The enterprises this person may act for: only those that confirmed the agent."""
    return User.objects.filter(
        agents__agent=agent, agents__status=AgentAuthorization.Status.CONFIRMED, is_active=True
    )


def authorization_letter(user: User, authorization_id: int) -> AgentAuthorization | None:
    """The letter, for the agent who sent it or the enterprise it names; nobody else."""
    return AgentAuthorization.objects.filter(
        Q(agent=user) | Q(enterprise=user), pk=authorization_id
    ).first()


def reclaims_of(user: User) -> QuerySet[IdentityReclaim]:
    """The reclaims that bound this account, with the frozen accounts' activity."""
    return IdentityReclaim.objects.filter(new_user=user).select_related("frozen_user")
