"""Read a WordPress export (WXR): the user's posts and who commented on them.

A WXR file is RSS 2.0 with WordPress namespaces (`http://wordpress.org/export/1.x/`):
the channel lists the blog's authors (`wp:author`), then one `item` per post, page
or attachment, each with its `wp:comment`s. It can be hundreds of megabytes, so it
is read with `xml.etree.ElementTree.XMLPullParser`, fed in chunks, and every item is
dropped once read: memory holds one post at a time.

What becomes what:

* A published post or page -> `ContentRecord` (url, title, text, posted_at).
* An approved comment on it -> `EngagementRecord(kind="comment")` by a person named by
  the comment's author, identified by their e-mail, else their URL when it names a
  page (a bare homepage is not an identity: `normalize_profile_url` wants a path),
  else their name within this source.
* Not conversations, dropped without a report: spam, trash and pending comments,
  pingbacks and trackbacks (one site linking to another).
* Comments written by one of the blog's own authors (by `wp:comment_user_id` or by
  e-mail) are the user's replies, never someone else's engagement: they are left
  out. When the blog has exactly one author, that author is the user: a `MeRecord`
  with their name and e-mail comes first.

The standard library parser is used because defusedxml is not available; against
entity-expansion attacks ("billion laughs") a file whose prolog declares entities
(`<!DOCTYPE … [<!ENTITY …`) is refused before parsing. WordPress never writes one.
"""

from __future__ import annotations

import contextlib
import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kith.errors import ImportFailed
from kith.identity import (
    clean_text,
    email_identity,
    name_identity,
    normalize_email,
    profile_identity,
    source_id,
)
from kith.importers._text import (
    CHUNK,
    Member,
    html_to_text,
    iter_members,
    open_member,
    parse_local,
    read_chunk,
)
from kith.models import (
    ContentRecord,
    EngagementRecord,
    Identity,
    MeRecord,
    PersonRef,
    Record,
)

SOURCE = "wxr"
PLATFORM = "wordpress"
HINT = "export the blog again (WordPress → Tools → Export → All content)"
WP_NAMESPACE = re.compile(rb"https?://wordpress\.org/export/\d")
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
ROOT = re.compile(rb"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<rss\b", re.S)
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wordpress.org/export/": "wp",
    "http://purl.org/rss/1.0/modules/excerpt/": "excerpt",
}
WP_TIME = ("%Y-%m-%d %H:%M:%S",)
ANY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*\b[^>]*>")
CONTENT_TYPES = ("post", "page")


def sniff(path: Path) -> bool:
    """Tell a WordPress export: RSS carrying the `wordpress.org/export/` namespace."""
    if not path.is_file():
        return False
    with path.open("rb") as f:
        head = f.read(CHUNK)
    root = ROOT.match(head.lstrip(b"\xef\xbb\xbf"))
    return root is not None and bool(WP_NAMESPACE.search(head))


# --- XML, streamed --------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def short(tag: str) -> str:
    """`{http://wordpress.org/export/1.2/}comment` -> `wp:comment`."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    uri = re.sub(r"/\d+(\.\d+)*/$", "/", uri)
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else local


def refuse_entities(head: bytes, label: str) -> None:
    """Refuse a DTD that declares entities: the standard parser would expand them."""
    doctype = head.find(b"<!DOCTYPE")
    if doctype >= 0 and ENTITY_DECLARATION.search(head, doctype):
        raise ImportFailed(
            label,
            "the file declares XML entities (<!ENTITY>), which WordPress never writes; "
            "Kith refuses them to avoid an entity-expansion attack",
            HINT,
        )


def elements(member: Member) -> Iterator[ET.Element]:
    """Yield each finished `wp:author` and `item` element, then drop it from the tree."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    parents: list[ET.Element] = []
    with open_member(member) as stream:
        chunk = read_chunk(stream, member.label)
        if not chunk.strip():
            raise ImportFailed(member.label, "the file is empty", HINT)
        refuse_entities(chunk, member.label)
        while chunk:
            yield from finished(parser, chunk, member.label, parents)
            chunk = read_chunk(stream, member.label)
    yield from finished(parser, None, member.label, parents)


def finished(
    parser: ET.XMLPullParser[ET.Element],
    chunk: bytes | None,
    label: str,
    parents: list[ET.Element],
) -> Iterator[ET.Element]:
    try:
        if chunk is None:
            parser.close()
        else:
            parser.feed(chunk)
        events = list(parser.read_events())
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ImportFailed(label, f"broken XML ({exc})", HINT, line=line) from exc
    for pair in events:
        if len(pair) != 2 or not isinstance(pair[1], ET.Element):
            continue  # only start/end events were asked for
        event, element = pair[0], pair[1]
        tag = short(element.tag)
        if event == "start":
            if tag == "channel":
                parents.append(element)
            continue
        if tag in ("item", "wp:author"):
            yield element
            element.clear()
            if parents:
                with contextlib.suppress(ValueError):  # a wp:author outside the channel
                    parents[-1].remove(element)


def text_of(element: ET.Element, name: str) -> str:
    """The text of the first child called `name` (prefixed as `short` spells it)."""
    for child in element:
        if short(child.tag) == name:
            return child.text or ""
    return ""


# --- records --------------------------------------------------------------------------


@dataclass
class Blog:
    """The blog's authors: whose comments are the user's own replies."""

    author_ids: set[str] = field(default_factory=set)
    author_emails: set[str] = field(default_factory=set)
    authors: list[MeRecord] = field(default_factory=list)

    def add_author(self, element: ET.Element) -> None:
        author_id = clean_text(text_of(element, "wp:author_id"))
        email = normalize_email(text_of(element, "wp:author_email"))
        name = clean_text(text_of(element, "wp:author_display_name")) or clean_text(
            text_of(element, "wp:author_login")
        )
        if author_id:
            self.author_ids.add(author_id)
        if email:
            self.author_emails.add(email)
        identities = (Identity("email", email),) if email else ()
        self.authors.append(MeRecord(name=name or None, identities=identities))

    def wrote(self, comment: ET.Element) -> bool:
        user_id = clean_text(text_of(comment, "wp:comment_user_id"))
        email = normalize_email(text_of(comment, "wp:comment_author_email"))
        return (user_id not in ("", "0") and user_id in self.author_ids) or (
            email is not None and email in self.author_emails
        )


def read(path: Path, *, tz: ZoneInfo) -> Iterator[Record]:
    """Yield the owner (single-author blogs), then each post and its approved comments."""
    if not path.is_file():
        raise ImportFailed(str(path), "a WordPress import takes one WXR (.xml) file", HINT)
    member = next(iter_members(path))
    blog = Blog()
    owner_told = found = False
    for element in elements(member):
        if short(element.tag) == "wp:author":
            blog.add_author(element)
            continue
        found = True
        if not owner_told and len(blog.authors) == 1:
            yield blog.authors[0]
        owner_told = True
        yield from item_records(element, blog, tz)
    if not found and not blog.authors:
        raise ImportFailed(member.label, "no WordPress posts found", HINT)


def item_records(item: ET.Element, blog: Blog, tz: ZoneInfo) -> Iterator[Record]:
    post_type = clean_text(text_of(item, "wp:post_type")) or "post"
    url = clean_text(text_of(item, "link")) or clean_text(text_of(item, "guid")) or None
    post_key = clean_text(text_of(item, "guid")) or url or clean_text(text_of(item, "wp:post_id"))
    posted_at = item_time(item, tz)
    published = clean_text(text_of(item, "wp:status")) == "publish"
    if post_type in CONTENT_TYPES and published and posted_at is not None:
        yield ContentRecord(
            source=SOURCE,
            source_id=source_id(SOURCE, "post", post_key),
            url=url,
            posted_at=posted_at,
            text=as_text(text_of(item, "content:encoded")),
            title=clean_text(text_of(item, "title")) or None,
            platform=PLATFORM,
        )
    for child in item:
        if short(child.tag) == "wp:comment" and is_conversation(child) and not blog.wrote(child):
            record = comment_record(child, url, post_key, tz)
            if record is not None:
                yield record


def is_conversation(comment: ET.Element) -> bool:
    """Approved, and written by a person (not a pingback or trackback)."""
    approved = clean_text(text_of(comment, "wp:comment_approved"))
    kind = clean_text(text_of(comment, "wp:comment_type")).casefold()
    return approved == "1" and kind in ("", "comment")


def comment_record(
    comment: ET.Element, url: str | None, post_key: str, tz: ZoneInfo
) -> EngagementRecord | None:
    name = clean_text(text_of(comment, "wp:comment_author"))
    at = wp_time(comment, "wp:comment_date", tz)
    if at is None:
        return None
    found = [
        email_identity(text_of(comment, "wp:comment_author_email")),
        profile_identity(text_of(comment, "wp:comment_author_url")),
    ]
    identities = tuple(i for i in found if i is not None)
    name = name or (identities[0].value if identities else "")
    if not name:
        return None
    if not identities:
        fallback = name_identity(SOURCE, name)
        identities = (fallback,) if fallback else ()
    text = as_text(text_of(comment, "wp:comment_content"))
    comment_id = clean_text(text_of(comment, "wp:comment_id"))
    return EngagementRecord(
        source=SOURCE,
        source_id=source_id(SOURCE, "comment", post_key, comment_id or at.isoformat()),
        person=PersonRef(name=name, identities=identities),
        kind="comment",
        at=at,
        content_url=url,
        text=text,
        platform=PLATFORM,
    )


def as_text(body: str) -> str | None:
    """Posts and comments are HTML (`<em>`, `<blockquote>`…) or WordPress's plain text."""
    return (html_to_text(body) if ANY_TAG.search(body) else body.strip()) or None


def wp_time(element: ET.Element, name: str, tz: ZoneInfo) -> datetime | None:
    """`name_gmt` when WordPress filled it (pending items hold 0000-00-00), else local time."""
    gmt = clean_text(text_of(element, f"{name}_gmt"))
    if gmt and not gmt.startswith("0000"):
        try:
            return datetime.strptime(gmt, WP_TIME[0]).replace(tzinfo=UTC)
        except ValueError:
            pass
    return parse_local(text_of(element, name), WP_TIME, tz)


def item_time(item: ET.Element, tz: ZoneInfo) -> datetime | None:
    at = wp_time(item, "wp:post_date", tz)
    if at is not None:
        return at
    try:
        return parsedate_to_datetime(clean_text(text_of(item, "pubDate"))).astimezone(UTC)
    except (TypeError, ValueError):
        return None
