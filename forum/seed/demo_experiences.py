"""Demo experiences: several demo threads documented, reviewed and published through the services,
across countries and modalities, so the library (and the map and network) have content on first run.

What each one says is in demo/experiences.toml (read by forum/seed/demo_data.py).
"""

from datetime import timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, Thread, User, utcnow
from forum.seed.demo_data import DemoExperience
from forum.services import experience_translations as translations
from forum.services import experiences as service


def load_demo_experiences(moderator: User, reviewer: User, threads: list[Thread],
                          experiences: tuple[DemoExperience, ...]) -> int:
    """Document the demo experiences of the demo `threads` as the demo moderator (one of their
    editors), and review them as `reviewer`, another moderator who edits none of them: publish
    (two-person publishing), or request changes. Returns how many."""
    created = 0
    now = utcnow()
    for index, spec in enumerate(experiences):
        thread = next(t for t in threads if t.title.startswith(spec.thread))
        posts = {p.number: p.id for p in db.session.scalars(select(Post).where(Post.thread_id == thread.id))}
        experience = service.do_promote_thread(moderator, thread,
                                               evidence_post_ids=[posts[n] for n in spec.evidence])
        service.do_update_experience(moderator, experience, dict(spec.fields))
        if thread.author_id != moderator.id:
            service.do_add_editor(moderator, experience, thread.author.username)
        service.do_transition(moderator, experience, to="in_review")
        if spec.status == "changes_requested":
            service.do_transition(reviewer, experience, to="draft", comment=spec.comment)
        if spec.status == "published":
            service.do_transition(reviewer, experience, to="published")
            # Spread the publication dates so the feed and the "newest" order look lived in.
            experience.published_at = now - timedelta(days=3 * (len(experiences) - index))
            for note, fields in spec.corrections:  # corrected later, staying published
                service.do_update_experience(moderator, experience, dict(fields), change_note=note)
        for spec_translation in spec.translations:
            _translate(moderator, experience, dict(spec_translation))
        created += 1
    return created


def _translate(moderator: User, experience, spec: dict) -> None:
    """A translation by its demo translator, left a draft or published by the demo moderator."""
    status = spec.pop("status")
    translator = db.session.scalar(select(User).where(User.username == spec.pop("translator")))
    translation = translations.do_create_translation(translator, experience, spec)
    if status == "published":
        translations.do_transition_translation(translator, experience, translation, to="in_review")
        translations.do_transition_translation(moderator, experience, translation, to="published")
