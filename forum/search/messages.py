"""A member's search of their own direct messages (`type=message`, page and API).

Messages are not in the site's index (forum.search.schema): that index serves every reader, and a
message belongs to the participants of its conversation only. This search reads the messages of
the conversations the searcher takes part in — one query, joined on their own participation, so
another member's message is never even a candidate — newest first, at most MESSAGE_SCAN of them,
and matches them here with the site's words: stems in en/es/pt/fr, accents and case folded,
"phrases", -exclusions and the word being typed (forum.search.query). Nobody, moderators
included, searches others' messages here (reported conversations have their own page).
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.engine import Connection

from forum import permissions
from forum.content import html_to_text
from forum.errors import Unauthorized
from forum.models import Conversation, ConversationParticipant, Message, User
from forum.search import text as t
from forum.search.backends import _highlight_from_python
from forum.search.highlight import highlight
from forum.search.query import Clause, ParsedQuery

MESSAGE_TYPE = "message"
# The newest messages of the searcher's conversations that are read and matched: a bound on the
# work of one search, whatever the size of an inbox.
MESSAGE_SCAN = 2_000


@dataclass
class _Text:
    plain: list[str]  # the words, folded
    forms: set[str]  # every form of every word: folded, and its stem in each language


def _analyze(text: str, languages: tuple[str, ...]) -> _Text:
    plain = [t.fold(word.lower()) for word in t.words(text)]
    forms = set(plain)
    for word in set(plain):
        forms |= {t.cached_stem(word, language) for language in languages if language != t.SIMPLE}
    return _Text(plain, forms)


def _clause_matches(clause: Clause, found: _Text, languages: tuple[str, ...]) -> bool:
    if clause.phrase:
        wanted = [t.fold(word) for word in clause.words]
        size = len(wanted)
        return any(found.plain[i:i + size] == wanted for i in range(len(found.plain) - size + 1))
    word = clause.words[0]
    if t.word_forms(word, languages) & found.forms or set(clause.truncations()) & found.forms:
        return True
    return any(w.startswith(prefix) for prefix in clause.prefixes() for w in found.plain)


def _matches(parsed: ParsedQuery, found: _Text, languages: tuple[str, ...]) -> bool:
    positive = [c for c in parsed.positive if not c.is_stop_word] or parsed.positive
    return (all(_clause_matches(c, found, languages) for c in positive)
            and not any(_clause_matches(c, found, languages) for c in parsed.negative))


def search_messages(conn: Connection, viewer: Any, parsed: ParsedQuery, page: int,
                    per_page: int) -> tuple[list[dict[str, Any]], int]:
    """(the page's results, how many match) among the viewer's own messages, newest first."""
    if not permissions.is_signed_in(viewer):
        raise Unauthorized(_("Log in to search your messages."))
    rows = list(conn.execute(
        select(Message.id, Message.conversation_id, Message.html, Message.created_at, Conversation.subject,
               User.username, User.display_name)
        .join(ConversationParticipant, (ConversationParticipant.conversation_id == Message.conversation_id)
              & (ConversationParticipant.user_id == viewer.id))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .outerjoin(User, User.id == Message.author_id)
        .order_by(Message.id.desc()).limit(MESSAGE_SCAN)))
    languages = t.ALL_LANGUAGES
    matched = []
    for row in rows:
        text = html_to_text(row.html)
        if _matches(parsed, _analyze(text, languages), languages):
            matched.append((row, text))
    marks = _highlight_from_python(parsed, languages)
    start = (page - 1) * per_page
    items = [{
        "type": MESSAGE_TYPE, "id": row.id, "conversation_id": row.conversation_id, "created_at": row.created_at,
        "title": row.subject or _("Conversation"), "title_html": escape(row.subject or _("Conversation")),
        "snippet": highlight(text, t.detect_language(text), marks), "language": None, "community": None,
        "author": {"username": row.username, "display_name": row.display_name} if row.username else None,
        "kind": None, "is_hidden": False,
    } for row, text in matched[start:start + per_page]]
    return items, len(matched)
