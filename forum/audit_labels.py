"""The audit log in words: a label for each action key the services write (`audit.record`), and
the details of an entry as sentences in the reader's language.

The log stores codes ("experience.published", {"from": "in_review", "to": "published"}) and never
changes a row; this module is the one place that turns them into "Experience published" and
"From “In review” to “Published”.". A key or a detail it does not know (an old row, a new action
someone forgot to name here; tests/test_audit_labels.py catches the latter) still shows, as it is."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.experience_reference import GOOD_PRACTICE_ATTRIBUTES, SCREENING_CHECK_LABELS
from forum.experience_reference import STATUS_LABELS as EXPERIENCE_STATUS_LABELS
from forum.i18n import country_name, language_name
from forum.services.organizations import TYPE_LABELS as ORGANIZATION_TYPE_LABELS
from forum.services.project_reads import STATUS_LABELS as PROJECT_STATUS_LABELS

ROLE_LABELS = {"member": _l("Member"), "moderator": _l("Moderator"), "admin": _l("Administrator")}

ACTION_LABELS = {
    # posts
    "post.edit": _l("Post edited"),
    "post.delete": _l("Post deleted"),
    "post.undelete": _l("Post restored after deletion"),
    "post.hide": _l("Post hidden"),
    "post.auto_hide": _l("Post hidden after flags by members"),
    "post.restore": _l("Hidden post shown again"),
    "flags.dismiss": _l("Flags dismissed"),
    # threads
    "thread.lock": _l("Thread locked"),
    "thread.unlock": _l("Thread unlocked"),
    "thread.pin": _l("Thread pinned"),
    "thread.unpin": _l("Thread unpinned"),
    "thread.rename": _l("Thread renamed"),
    "thread.move": _l("Thread moved"),
    "thread.close": _l("Thread closed"),
    "thread.slow_mode": _l("Slow mode changed"),
    "thread.split": _l("Thread split"),
    "thread.language": _l("Thread language corrected"),
    "thread.answer": _l("Reply marked as the answer"),
    "thread.unanswer": _l("Answer unmarked"),
    # members
    "user.warn": _l("Member warned"),
    "user.suspend": _l("Member suspended"),
    "user.unsuspend": _l("Suspension lifted"),
    "user.deactivate": _l("Account deactivated"),
    "user.reactivate": _l("Account reactivated"),
    "user.role": _l("Role changed"),
    "user.delete": _l("Account deleted by its member"),
    "legal.publish": _l("Terms or privacy notice published"),
    "community.create": _l("Community created"),
    "community.edit": _l("Community edited"),
    "community.archive": _l("Community archived"),
    "community.unarchive": _l("Community unarchived"),
    "invitation.create": _l("Invitation sent"),
    "invitation.resend": _l("Invitation sent again"),
    "invitation.revoke": _l("Invitation revoked"),
    "invitation.accept": _l("Invitation accepted"),
    "site.settings": _l("Site setting changed"),
    "community.moderator.add": _l("Community moderator named"),
    "community.moderator.remove": _l("Community moderator removed"),
    "country.focal_point.add": _l("Country focal point named"),
    "country.focal_point.remove": _l("Country focal point removed"),
    # organizations
    "organization.create": _l("Organization added"),
    "organization.edit": _l("Organization edited"),
    "organization.merge": _l("Organizations merged"),
    # experiences (the review workflow: forum.services.experiences.WORKFLOW)
    "experience.draft": _l("Experience returned to draft"),
    "experience.in_review": _l("Experience sent for review"),
    "experience.published": _l("Experience published"),
    "experience.archived": _l("Experience archived"),
    "experience.screened": _l("Experience screened"),
    "experience.assessed": _l("Experience assessed"),
    "experience.country_validated": _l("Experience validated by a country"),
    "experience.country_changes_requested": _l("Changes requested by a country"),
    "experience_translation.draft": _l("Translation returned to draft"),
    "experience_translation.in_review": _l("Translation sent for review"),
    "experience_translation.published": _l("Translation published"),
    # projects (forum.models.PROJECT_STATUSES)
    "project.proposed": _l("Project proposed again"),
    "project.agreed": _l("Project agreed"),
    "project.in_progress": _l("Project started"),
    "project.completed": _l("Project completed"),
    "project.cancelled": _l("Project cancelled"),
}

# What the `from`/`to` of a status change are codes of, by the action's first part.
_STATUS_LABELS = {"experience": EXPERIENCE_STATUS_LABELS, "experience_translation": EXPERIENCE_STATUS_LABELS,
                  "project": PROJECT_STATUS_LABELS}
_SITE_SETTINGS = {"site_name": _l("Site name"), "tagline": _l("Tagline"), "announcement": _l("Announcement"),
                  "registration_mode": _l("Registration")}
_INVITATION_ROLES = {"member": _l("Member"), "community_moderator": _l("Member who moderates the chosen communities"),
                     "moderator": _l("Moderator of the whole site"), "admin": _l("Administrator")}
_ORGANIZATION_FIELDS = {"name": _l("Name"), "country": _l("Country"), "type": _l("Type"),
                        "acronym": _l("Acronym"), "website": _l("Website")}


def action_label(action: str) -> str:
    """"experience.published" -> "Experience published" (an unknown key as it is)."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def action_choices() -> list[tuple[str, str]]:
    """Every action, labelled, in the reader's alphabetical order (the log's filter)."""
    from forum.i18n import sort_key

    return sorted(((key, str(label)) for key, label in ACTION_LABELS.items()), key=lambda pair: sort_key(pair[1]))


@dataclass(frozen=True)
class DetailLine:
    """One sentence about an entry; `quote` is user text shown apart (a title, a post's text)."""

    text: str
    quote: str | None = None


def detail_lines(action: str, details: dict[str, Any] | None,
                 community_names: dict[int, str] | None = None) -> list[DetailLine]:
    """The entry's details as sentences. `community_names` (id -> name in the reader's language)
    names the communities a move went between."""
    data = dict(details or {})
    kind = action.split(".", 1)[0]
    lines: list[DetailLine] = []

    def take(*keys: str) -> list[Any]:
        return [data.pop(key, None) for key in keys]

    if "from" in data and "to" in data and kind in _STATUS_LABELS:
        labels = _STATUS_LABELS[kind]
        before, after = take("from", "to")
        lines.append(DetailLine(_("From “%(before)s” to “%(after)s”.", before=str(labels.get(before, before)),
                                  after=str(labels.get(after, after)))))
    elif action == "thread.move" and "from" in data and "to" in data:
        names = community_names or {}
        before, after = take("from", "to")
        lines.append(DetailLine(_("From %(before)s to %(after)s.", before=names.get(before, _("community %(id)s",
                                                                                              id=before)),
                                  after=names.get(after, _("community %(id)s", id=after)))))
    elif "before" in data and "after" in data:
        if action == "site.settings" and "setting" in data:
            setting = take("setting")[0]
            lines.append(DetailLine(_("Setting: %(name)s.", name=str(_SITE_SETTINGS.get(setting, setting)))))
        lines.extend(_before_after(action, *take("before", "after")))
    if action.startswith("invitation.") and "role" in data:
        role = take("role")[0]
        lines.append(DetailLine(_("Role: %(role)s.", role=str(_INVITATION_ROLES.get(role, role)))))
        if isinstance(data.get("communities"), int):
            count = take("communities")[0]
            lines.append(DetailLine(ngettext("%(num)s community.", "%(num)s communities.", count)))

    if action == "organization.edit":
        for key in sorted(data):
            value = data[key]
            if isinstance(value, list) and len(value) == 2:
                label = str(_ORGANIZATION_FIELDS.get(key, key))
                before, after = (_organization_value(key, v) for v in value)
                lines.append(DetailLine(_("%(field)s: from “%(before)s” to “%(after)s”.", field=label,
                                          before=before, after=after)))
                data.pop(key)
    if action == "experience.screened":
        passed = [str(label) for code, label in SCREENING_CHECK_LABELS.items() if data.get(code) is True]
        failed = [str(label) for code, label in SCREENING_CHECK_LABELS.items() if data.get(code) is False]
        take(*SCREENING_CHECK_LABELS)
        if passed:
            lines.append(DetailLine(_("Met: %(items)s.", items="; ".join(passed))))
        if failed:
            lines.append(DetailLine(_("Not met: %(items)s.", items="; ".join(failed))))
    if isinstance(data.get("scores"), dict):
        scores = take("scores")[0]
        parts = [f"{GOOD_PRACTICE_ATTRIBUTES.get(code, code)}: {score}" for code, score in scores.items()]
        lines.append(DetailLine(_("Scores: %(scores)s.", scores="; ".join(parts))))
    if "country" in data:
        lines.append(DetailLine(_("Country: %(country)s.", country=country_name(take("country")[0]))))
    if "language" in data:
        lines.append(DetailLine(_("Language: %(language)s.", language=language_name(str(take("language")[0])))))
    if "type" in data and action == "organization.create":
        code = take("type")[0]
        lines.append(DetailLine(_("Type: %(type)s.", type=str(ORGANIZATION_TYPE_LABELS.get(code, code)))))
    if "name" in data and action == "organization.create":
        lines.append(DetailLine(_("Name:"), str(take("name")[0])))
    if "flags" in data and isinstance(data["flags"], int):
        count = take("flags")[0]
        lines.append(DetailLine(ngettext("%(num)s flag dismissed.", "%(num)s flags dismissed.", count)))
    if "post_id" in data:
        lines.append(DetailLine(_("About post %(id)s.", id=take("post_id")[0])))
    if "previous_post_id" in data:
        previous = take("previous_post_id")[0]
        if previous is not None:
            lines.append(DetailLine(_("It replaces post %(id)s as the answer.", id=previous)))
    if "until" in data:
        lines.append(DetailLine(_("Until %(date)s.", date=_when(take("until")[0]))))
    if action == "thread.split" and "new_thread_id" in data:
        new_thread, post_ids = take("new_thread_id", "post_ids")
        take("at")
        count = len(post_ids or [])
        lines.append(DetailLine(ngettext("%(num)s post moved to thread %(id)s.",
                                         "%(num)s posts moved to thread %(id)s.", count, id=new_thread)))
    if action == "organization.merge" and "into_slug" in data:
        into, moved = take("into_slug", "members_moved")
        take("into", "slug")
        lines.append(DetailLine(_("Merged into %(name)s.", name=into)))
        if isinstance(moved, int):
            lines.append(DetailLine(ngettext("%(num)s member moved.", "%(num)s members moved.", moved)))
    if "title" in data:
        lines.append(DetailLine(_("Title:"), str(take("title")[0])))
    take("slug")  # an organization's address: its link says it
    # Anything else (older rows, a detail added later): as it was stored.
    for key in sorted(data):
        value = data[key]
        lines.append(DetailLine(f"{key}:", value if isinstance(value, str) else _json(value)))
    return lines


def _before_after(action: str, before: Any, after: Any) -> list[DetailLine]:
    if action == "user.role":
        return [DetailLine(_("From %(before)s to %(after)s.", before=str(ROLE_LABELS.get(before, before)),
                             after=str(ROLE_LABELS.get(after, after))))]
    if action == "thread.language":
        return [DetailLine(_("From %(before)s to %(after)s.", before=language_name(str(before), in_sentence=True),
                             after=language_name(str(after), in_sentence=True)))]
    if action == "thread.slow_mode":
        if not isinstance(after, int) or after <= 0:
            return [DetailLine(_("Slow mode turned off."))]
        if not isinstance(before, int) or before <= 0:
            return [DetailLine(_("Slow mode: %(after)s.", after=_seconds(after)))]
        return [DetailLine(_("Slow mode: %(after)s (before: %(before)s).", after=_seconds(after),
                             before=_seconds(before)))]
    # A title, a post's text: the texts themselves, which moderators compare.
    return [DetailLine(_("Before:"), str(before)), DetailLine(_("After:"), str(after))]


def _seconds(value: int) -> str:
    return ngettext("one post every %(num)s second", "one post every %(num)s seconds", value)


def _organization_value(key: str, value: Any) -> str:
    if key == "country":
        return country_name(str(value)) if value else "—"
    if key == "type":
        return str(ORGANIZATION_TYPE_LABELS.get(value, value))
    return str(value) if value not in (None, "", "None") else "—"


def _when(value: Any) -> str:
    """A stored ISO time in the reader's zone and words, without seconds."""
    try:
        return format_datetime(datetime.fromisoformat(str(value)), "short")
    except ValueError:
        return str(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
