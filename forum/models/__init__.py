"""Every model, importable from one place (Alembic and the services need them all)."""

from forum.models.base import Base, utcnow
from forum.models.communities import Community, Membership
from forum.models.posts import Post, PostRevision
from forum.models.threads import THREAD_KINDS, Thread
from forum.models.users import ROLES, SECTORS, ApiToken, User

__all__ = [
    "ROLES",
    "SECTORS",
    "THREAD_KINDS",
    "ApiToken",
    "Base",
    "Community",
    "Membership",
    "Post",
    "PostRevision",
    "Thread",
    "User",
    "utcnow",
]
