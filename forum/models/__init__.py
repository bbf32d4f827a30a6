"""Every model, importable from one place (Alembic and the services need them all)."""

from forum.models.base import Base, utcnow
from forum.models.communities import Community, Membership
from forum.models.cooperation import (
    COOPERATION_KINDS,
    COOPERATION_STATUSES,
    MATCH_STATUSES,
    SUPPORT_TYPES,
    CooperationDetails,
    CooperationFacet,
    CooperationMatch,
    CooperationSuggestion,
    cooperation_themes,
)
from forum.models.experiences import (
    EXPERIENCE_STATUSES,
    Experience,
    ExperienceEvidence,
    ExperienceFacet,
    ExperiencePerson,
    ExperienceRevision,
    ExperienceTheme,
    ExperienceTransition,
)
from forum.models.messages import Conversation, ConversationParticipant, Message, UserBlock
from forum.models.moderation import (
    FLAG_REASONS,
    AuditEntry,
    AuditLogIsAppendOnly,
    CommunityModerator,
    Flag,
    Notification,
    Suspension,
)
from forum.models.organizations import ORGANIZATION_TYPES, ExperienceOrganizationName, Organization
from forum.models.people import Avatar, ExpertiseTag, UserLanguage, user_expertise
from forum.models.posts import Post, PostRevision
from forum.models.subscriptions import (
    EMAIL_MODES,
    SUBSCRIPTION_LEVELS,
    CommunityFollow,
    EmailPreference,
    QueuedMail,
    ThreadSubscription,
)
from forum.models.threads import THREAD_KINDS, Thread
from forum.models.users import ROLES, SECTORS, ApiToken, LoginSession, User

__all__ = [
    "COOPERATION_KINDS",
    "COOPERATION_STATUSES",
    "EMAIL_MODES",
    "EXPERIENCE_STATUSES",
    "FLAG_REASONS",
    "MATCH_STATUSES",
    "ORGANIZATION_TYPES",
    "ROLES",
    "SECTORS",
    "SUBSCRIPTION_LEVELS",
    "SUPPORT_TYPES",
    "THREAD_KINDS",
    "ApiToken",
    "AuditEntry",
    "AuditLogIsAppendOnly",
    "Avatar",
    "Base",
    "Community",
    "CommunityFollow",
    "CommunityModerator",
    "Conversation",
    "ConversationParticipant",
    "CooperationDetails",
    "CooperationFacet",
    "CooperationMatch",
    "CooperationSuggestion",
    "EmailPreference",
    "Experience",
    "ExperienceEvidence",
    "ExperienceFacet",
    "ExperienceOrganizationName",
    "ExperiencePerson",
    "ExperienceRevision",
    "ExperienceTheme",
    "ExperienceTransition",
    "ExpertiseTag",
    "Flag",
    "LoginSession",
    "Membership",
    "Message",
    "Notification",
    "Organization",
    "Post",
    "PostRevision",
    "QueuedMail",
    "Suspension",
    "Thread",
    "ThreadSubscription",
    "User",
    "UserBlock",
    "UserLanguage",
    "cooperation_themes",
    "user_expertise",
    "utcnow",
]
