"""What a notification says and where it leads, in the reader's language.

Pages and the API show the same line. It is built when read (not stored) so it follows the
reader's language; the stored `message` (a moderator's words) is quoted as written.
"""

import json
from dataclasses import dataclass

from babel.numbers import format_decimal
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from forum import links
from forum.cooperation_reference import reason_lines, score_text
from forum.models import REACTION_KINDS as _REACTION_KINDS
from forum.models import Notification


@dataclass(frozen=True)
class NotificationLine:
    text: str
    url: str | None
    detail: str  # the stored message, shown under the line


def _thread_title(n: Notification) -> str:
    return n.thread.title if n.thread is not None else _("a thread")


def _about_url(n: Notification) -> str | None:
    if n.post_id is not None:
        return links.path("main.post_permalink", post_id=n.post_id)
    if n.thread is not None:
        return links.path("threads.show", thread_id=n.thread.id, slug=n.thread.slug)
    return None


def stored_reasons(message: str) -> dict | None:
    """The reasons a match notification stores (None for one stored before they were)."""
    try:
        data = json.loads(message) if message else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _match_reasons(message: str) -> str:
    """A match notification stores its reasons as data (forum.services.cooperation.Explanation);
    they are written here in the reader's language, with the score as a percentage."""
    data = stored_reasons(message)
    if data is None:
        return ""
    lines = reason_lines(data)
    if isinstance(data.get("score"), int | float):
        lines.insert(0, _("Match: %(score)s.", score=score_text(data["score"])))
    return " ".join(lines)


def _interest_url(n: Notification) -> str | None:
    if n.thread is None:
        return None
    return links.path("threads.show", thread_id=n.thread.id, slug=n.thread.slug) + "#interest"


def _project_title(n: Notification) -> str:
    return n.project.title if n.project is not None else _("a cooperation project")


def _project_url(n: Notification) -> str | None:
    return links.path("projects.show", project_id=n.project_id) if n.project_id is not None else None


def _experience_title(n: Notification) -> str:
    """Notifications about an experience name it (not the thread it was documented from)."""
    if n.experience is not None:
        return n.experience.title
    return n.thread.title if n.thread is not None else _("an experience")


def _experience_url(n: Notification) -> str | None:
    if n.experience_id is not None:
        return links.path("experiences.show", experience_id=n.experience_id)
    return _about_url(n)


def _validation_line(n: Notification) -> NotificationLine:
    """A country's validation of an experience (forum.services.experience_assessment stores its
    data: the record, the country, what happened, a focal point's comment)."""
    from forum.i18n import country_name

    data = stored_reasons(n.message) or {}
    title = str(data.get("title") or _thread_title(n))
    country = country_name(str(data.get("country") or "")) or _("a country")
    ident = data.get("experience_id")
    url = (links.path("experience_assessment.page", experience_id=ident) if isinstance(ident, int)
           else _about_url(n))
    decision = data.get("decision")
    if decision == "changes_requested":
        text = _("The focal point of %(country)s asks for a change in “%(title)s”.", country=country, title=title)
        return NotificationLine(text, url, str(data.get("comment") or ""))
    if decision == "reopened":
        text = _("What “%(title)s” says about %(country)s changed: please validate it again.", title=title,
                 country=country)
        return NotificationLine(text, url, "")
    text = _("Please validate what “%(title)s” says about %(country)s.", title=title, country=country)
    return NotificationLine(text, url, "")


def _reaction_line(n: Notification, actor: str) -> NotificationLine:
    """One line per post and reaction that accumulates (forum.services.reactions): the newest
    member who gave it and how many others did, counted on the post now."""
    kind = n.message
    count = getattr(n.post, f"{kind}_count", 0) if n.post is not None and kind in _REACTION_KINDS else 0
    others = max(count - 1, 0)
    thread = _thread_title(n)
    if kind == "thanks":
        text = ngettext("%(name)s and %(num)s other thanked you for your post in “%(thread)s”.",
                        "%(name)s and %(num)s others thanked you for your post in “%(thread)s”.",
                        others, name=actor, thread=thread) if others else \
            _("%(name)s thanked you for your post in “%(thread)s”.", name=actor, thread=thread)
    elif kind == "same_here":
        text = ngettext("%(name)s and %(num)s other member face what you wrote in “%(thread)s” too.",
                        "%(name)s and %(num)s other members face what you wrote in “%(thread)s” too.",
                        others, name=actor, thread=thread) if others else \
            _("%(name)s faces what you wrote in “%(thread)s” too.", name=actor, thread=thread)
    else:
        text = ngettext("%(name)s and %(num)s other found your post in “%(thread)s” helpful.",
                        "%(name)s and %(num)s others found your post in “%(thread)s” helpful.",
                        others, name=actor, thread=thread) if others else \
            _("%(name)s found your post in “%(thread)s” helpful.", name=actor, thread=thread)
    return NotificationLine(text, _about_url(n), "")





def describe(n: Notification) -> NotificationLine:
    """The line for each kind `do_notify` is called with; an unknown kind shows its message."""
    actor = n.actor.display_name if n.actor is not None else _("Someone")
    if n.kind == "flag_outcome":
        text = _("A moderator reviewed the post you flagged in “%(thread)s”.", thread=_thread_title(n))
        return NotificationLine(text, _about_url(n), n.message)
    if n.kind == "moderator_warning":
        if n.post_id is not None or n.thread is not None:
            text = _("%(name)s sent you a warning about your post in “%(thread)s”.", name=actor,
                     thread=_thread_title(n))
        else:
            text = _("%(name)s sent you a warning.", name=actor)
        return NotificationLine(text, _about_url(n), n.message)
    if n.kind == "answer_accepted":
        return NotificationLine(_("%(name)s marked your reply in “%(thread)s” as the answer.", name=actor,
                                  thread=_thread_title(n)), _about_url(n), "")
    if n.kind == "reaction":
        return _reaction_line(n, actor)
    if n.kind == "reply":
        return NotificationLine(_("%(name)s replied in “%(thread)s”.", name=actor, thread=_thread_title(n)),
                                _about_url(n), "")
    if n.kind == "mention":
        return NotificationLine(_("%(name)s mentioned you in “%(thread)s”.", name=actor, thread=_thread_title(n)),
                                _about_url(n), "")
    if n.kind == "quote":
        return NotificationLine(_("%(name)s quoted your post in “%(thread)s”.", name=actor,
                                  thread=_thread_title(n)), _about_url(n), "")
    if n.kind == "new_thread":
        return NotificationLine(_("%(name)s started “%(thread)s” in a community you follow.", name=actor,
                                  thread=_thread_title(n)), _about_url(n), "")
    if n.kind == "watched_post":
        return NotificationLine(_("%(name)s posted in “%(thread)s”, which you watch.", name=actor,
                                  thread=_thread_title(n)), _about_url(n), "")
    if n.kind == "experience_published":
        return NotificationLine(_("An experience you contributed to was published: “%(title)s”.",
                                  title=_experience_title(n)), _experience_url(n), "")
    if n.kind == "experience_status":
        text = _("%(name)s changed the status of the experience “%(title)s”.", name=actor, title=_experience_title(n))
        return NotificationLine(text, _experience_url(n), n.message)
    if n.kind == "experience_editor":
        text = _("%(name)s made you an editor of the experience “%(title)s”.", name=actor,
                 title=_experience_title(n))
        return NotificationLine(text, _experience_url(n), "")
    if n.kind == "suspension":
        return NotificationLine(_("Your account was suspended by a moderator."), links.path("account.settings"),
                                n.message)
    if n.kind == "match":
        text = _("A suggested match for your cooperation offer or request: “%(thread)s”.", thread=_thread_title(n))
        return NotificationLine(text, _about_url(n), _match_reasons(n.message))
    if n.kind == "matched":
        text = _("%(name)s marked “%(thread)s” as matched with your offer or request.", name=actor,
                 thread=_thread_title(n))
        return NotificationLine(text, _about_url(n), "")
    if n.kind == "match_proposed":
        text = _("%(name)s proposes an offer for your request “%(thread)s”: accept or decline it there.",
                 name=actor, thread=_thread_title(n))
        return NotificationLine(text, _about_url(n), "")
    if n.kind == "match_declined":
        text = _("%(name)s declined the match you proposed with their request “%(thread)s”.", name=actor,
                 thread=_thread_title(n))
        return NotificationLine(text, _about_url(n), "")
    if n.kind == "board_alert":
        text = _("New on the cooperation board, fitting a search you saved: “%(thread)s”.", thread=_thread_title(n))
        return NotificationLine(text, _about_url(n), "")
    if n.kind == "interest":
        text = _("%(name)s is interested in your offer or request “%(thread)s”: accept or decline it there.",
                 name=actor, thread=_thread_title(n))
        return NotificationLine(text, _interest_url(n), "")
    if n.kind == "interest_accepted":
        text = _("%(name)s accepted your interest in “%(thread)s”: a cooperation project is proposed.", name=actor,
                 thread=_thread_title(n))
        return NotificationLine(text, _project_url(n) or _interest_url(n), "")
    if n.kind == "interest_declined":
        text = _("%(name)s declined your interest in “%(thread)s”.", name=actor, thread=_thread_title(n))
        return NotificationLine(text, _interest_url(n), "")
    if n.kind == "project_status":
        text = _("%(name)s changed the status of the cooperation project “%(project)s”.", name=actor,
                 project=_project_title(n))
        return NotificationLine(text, _project_url(n), n.message)
    if n.kind == "project_focal_point":
        text = _("%(name)s named you a focal point of the cooperation project “%(project)s”.", name=actor,
                 project=_project_title(n))
        return NotificationLine(text, _project_url(n), "")
    if n.kind == "bookmark_reminder":
        # The note is the member's own words, kept with their bookmark.
        if n.experience_id is not None:
            text = _("A reminder of your bookmark: “%(title)s”.", title=_experience_title(n))
            return NotificationLine(text, _experience_url(n), n.message)
        return NotificationLine(_("A reminder of your bookmark: “%(title)s”.", title=_thread_title(n)),
                                _about_url(n), n.message)
    if n.kind == "project_milestone":
        text = _("A milestone of the cooperation project “%(project)s” is due within a week.",
                 project=_project_title(n))
        return NotificationLine(text, _project_url(n), n.message)
    if n.kind == "experience_validation":
        return _validation_line(n)
    if n.kind == "message":
        # The message itself stays in the conversation: a notification never copies private text.
        return NotificationLine(_("%(name)s sent you a message.", name=actor), links.path("messages.index"), "")
    return NotificationLine(n.message or _("You have a new notification."), _about_url(n), "")


# ---------- a group of notifications: one row of the page ----------


@dataclass(frozen=True)
class GroupLine:
    text: str
    url: str | None
    detail: str
    actors: str  # "Ana, Luis and 1 other" for a group of several; "" for one (its line names them)
    count: str  # "3 updates" where the text is the newest one's line; "" otherwise


def _num(value: int) -> str:
    return format_decimal(value, locale=get_locale() or "en")


def actor_names(names: list[str], count: int) -> str:
    """ "Ana", "Ana and Luis", "Ana, Luis and 3 others": at most two names, then how many more."""
    if not names:
        return ""
    if len(names) == 1 or count == 1:
        if count <= 1:
            return names[0]
        return ngettext("%(name)s and %(count)s other", "%(name)s and %(count)s others", count - 1, name=names[0],
                        count=_num(count - 1))
    if count <= 2:
        return _("%(first)s and %(second)s", first=names[0], second=names[1])
    return ngettext("%(first)s, %(second)s and %(count)s other", "%(first)s, %(second)s and %(count)s others",
                    count - 2, first=names[0], second=names[1], count=_num(count - 2))


def _group_text(group) -> str:
    n, count, num, new = group.newest, group.count, _num(group.count), group.is_unread
    if group.summary == "posts":
        thread = _thread_title(n)
        if group.kind == "reply":
            if new:
                return ngettext("%(count)s new reply in “%(thread)s”", "%(count)s new replies in “%(thread)s”", count,
                                count=num, thread=thread)
            return ngettext("%(count)s reply in “%(thread)s”", "%(count)s replies in “%(thread)s”", count, count=num,
                            thread=thread)
        if new:
            return ngettext("%(count)s new post in “%(thread)s”", "%(count)s new posts in “%(thread)s”", count,
                            count=num, thread=thread)
        return ngettext("%(count)s post in “%(thread)s”", "%(count)s posts in “%(thread)s”", count, count=num,
                        thread=thread)
    if group.summary == "mentions":
        thread = _thread_title(n)
        if group.kind == "mention":
            return ngettext("You were mentioned %(count)s time in “%(thread)s”",
                            "You were mentioned %(count)s times in “%(thread)s”", count, count=num, thread=thread)
        if group.kind == "quote":
            return ngettext("Your posts were quoted %(count)s time in “%(thread)s”",
                            "Your posts were quoted %(count)s times in “%(thread)s”", count, count=num, thread=thread)
        return ngettext("You were mentioned or quoted %(count)s time in “%(thread)s”",
                        "You were mentioned or quoted %(count)s times in “%(thread)s”", count, count=num, thread=thread)
    if group.summary == "messages":
        if new:
            return ngettext("%(count)s new message", "%(count)s new messages", count, count=num)
        return ngettext("%(count)s message", "%(count)s messages", count, count=num)
    raise ValueError(f"no summary for {group.summary}")  # the others say their newest line (describe_group)


def describe_group(group) -> GroupLine:
    """The row of a group (forum.services.notifications.NotificationGroup). One notification says
    its own line. Several new posts, mentions or messages say how many, where and from whom, and
    lead where the new ones begin (the oldest of an unread group); changes to an experience, a
    project or an offer say the newest one's line (what changed matters more than how many times),
    with how many there were."""
    if group.count == 1:
        line = describe(group.newest)
        return GroupLine(line.text, line.url, line.detail, "", "")
    names = actor_names([user.display_name for user in group.actors[:2]], group.actor_count)
    if group.summary is not None:
        return GroupLine(_group_text(group), describe(group.lead).url, "", names, "")
    line = describe(group.newest)
    count = ngettext("%(count)s update", "%(count)s updates", group.count, count=_num(group.count))
    return GroupLine(line.text, line.url, line.detail, names, count)
