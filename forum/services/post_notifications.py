"""Who hears about a new post, and as what: one notification per person per post.

Kinds, strongest first (a person gets only the first that applies):
  mention       "@username" in the post (outside quotes), for an active account that may read it
  quote         the author of a post quoted in it (the "[wrote](/p/<id>)" line of a quote-reply)
  reply         the thread's author, for a reply
  new_thread    followers of the community, for a thread's first post
  watched_post  watchers of the thread, for a reply
Never the author; never someone who may not read the thread; a thread muted silences reply,
new_thread and watched_post (a mention or a quote still reaches the person named).
A constant number of queries however many recipients.
"""

import re

from sqlalchemy import select

from forum import content, permissions
from forum.extensions import db
from forum.models import CommunityFollow, Experience, Post, ThreadSubscription, User
from forum.services import validation as v
from forum.services.notifications import notify_many

PRECEDENCE = ("mention", "quote", "reply", "new_thread", "watched_post")
# ASCII digits, and no more than an id has: the ids go to the database, and PostgreSQL refuses an
# INTEGER comparison with 99999999999 (a reply quoting "/p/99999999999" was a 500).
_QUOTED_POST_RE = re.compile(r"\[wrote\]\((?:https?://[^)\s]*?)?/p/([0-9]{1,10})\)")
_BLOCKQUOTE_RE = re.compile(r"<blockquote>(?:(?!<blockquote>).)*?</blockquote>", re.S)


def _outside_quotes(html: str) -> str:
    previous = None
    while previous != html:  # innermost first, until no quote is left
        previous, html = html, _BLOCKQUOTE_RE.sub("", html)
    return html


def mentioned_usernames(post: Post) -> list[str]:
    """Mentions that address someone: those in quoted text were addressed by the quoted author."""
    return content.mentioned_usernames(_outside_quotes(post.html))


def resolve_usernames(names: set[str]) -> dict[str, str]:
    """{lower-cased name: username} for existing accounts (the renderer's mention resolver)."""
    if not names:
        return {}
    rows = db.session.execute(select(User.username_key, User.username).where(User.username_key.in_(sorted(names))))
    return {row.username_key: row.username for row in rows}


def notify_for_new_post(post: Post) -> None:
    """Notify everyone a just-written post concerns (call after the post is flushed)."""
    thread = post.thread
    candidates: dict[str, set[int]] = {kind: set() for kind in PRECEDENCE}
    names = mentioned_usernames(post)
    if names:
        candidates["mention"] = set(db.session.scalars(
            select(User.id).where(User.username_key.in_([n.lower() for n in names]))))
    quoted_ids = {int(i) for i in _QUOTED_POST_RE.findall(post.source) if v.is_valid_id(int(i))}
    if quoted_ids:
        candidates["quote"] = set(db.session.scalars(
            select(Post.author_id).where(Post.id.in_(sorted(quoted_ids)), Post.thread_id == thread.id)))
    if post.number == 1:
        candidates["new_thread"] = set(db.session.scalars(
            select(CommunityFollow.user_id).where(CommunityFollow.community_id == thread.community_id)))
        muted: set[int] = set()
    else:
        candidates["reply"] = {thread.author_id}
        levels = dict(db.session.execute(select(ThreadSubscription.user_id, ThreadSubscription.level)
                                         .where(ThreadSubscription.thread_id == thread.id)).all())
        candidates["watched_post"] = {user_id for user_id, level in levels.items() if level == "watch"}
        muted = {user_id for user_id, level in levels.items() if level == "mute"}
    everyone = set().union(*candidates.values()) - {post.author_id}
    if not everyone:
        return
    readers = set(db.session.scalars(
        select(User.id).where(User.id.in_(sorted(everyone)), permissions.thread_reader_clause(thread))))
    kinds: dict[int, str] = {}
    for kind in PRECEDENCE:
        for user_id in candidates[kind]:
            silenced = kind not in ("mention", "quote") and user_id in muted
            if user_id in readers and user_id not in kinds and not silenced:
                kinds[user_id] = kind
    notify_many(kinds, actor=post.author, post=post, thread=thread)


def notify_experience_published(experience: Experience, actor: User) -> None:
    """Tell each credited contributor their experience is published (not the one who published it)."""
    contributors = {p.user_id for p in experience.people if p.role == "contributor"}
    notify_many(dict.fromkeys(contributors, "experience_published"), actor=actor, thread=experience.thread,
                experience=experience)
