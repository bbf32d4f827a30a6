"""What a notification says and where it leads, in the reader's language.

Pages and the API show the same line. It is built when read (not stored) so it follows the
reader's language; the stored `message` (a moderator's words) is quoted as written.
"""

import json
from dataclasses import dataclass

from flask_babel import gettext as _

from forum import links
from forum.cooperation_reference import reason_lines, score_text
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
