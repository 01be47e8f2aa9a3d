"""Who may give whom which staff role: pure rules, no database."""

from reol.errors import DomainError
from reol.refusals import refuse

from .roles import NETWORK_ONLY, ROLES


def grant_refusal(role: str, *, granter_roles: frozenset[str], granter_network: bool,
                  granter_superuser: bool, to_self: bool) -> DomainError | None:
    """The refusal when a role may not be given (or taken) in a library, else None.

    A library's leader gives and takes the roles of their own library's work; the network
    administrator does so in every library and alone gives the network role; nobody gives
    themselves a role (so nobody raises their own rights); a superuser may do anything.
    `granter_roles` are the role names the granter holds in that library ("leader").
    """
    if role not in ROLES:
        return refuse("unknown_role", role=role[:40])
    if granter_superuser:
        return None
    if to_self:
        return refuse("not_allowed.grant_self")
    if role in NETWORK_ONLY and not granter_network:
        return refuse("not_allowed.network_role")
    if granter_network or "leader" in granter_roles:
        return None
    return refuse("not_allowed.roles")
