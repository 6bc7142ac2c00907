"""Large, realistic exports for the import benchmarks: one generator, reused by all.

Writes, into the folder given on the command line (never committed: `bench/data/`
is git-ignored):

* `messages.csv` — a LinkedIn 2026 export (11 columns, every field quoted) of
  1,000,000 messages among 20,000 people: one conversation per person, rows of a
  conversation contiguous, newest conversation first, a few people writing most
  of the messages; multi-line and empty contents, doubled quotes, commas, emoji,
  `Message request accepted` system rows, sponsored InMail from `LinkedIn Member`.
* `mail.mbox` — 200,000 messages as Thunderbird or Gmail keep them: `From_` lines,
  `Message-ID` / `In-Reply-To` / `References` threads, quoted replies, `>From`
  escaping, and about one message in ten bulk (newsletters with
  `List-Unsubscribe`, `noreply@` notifications).
* `chat.txt` — a WhatsApp Android group export of 500,000 lines (`dd/mm/yyyy, HH:MM -
  Name: text`): multi-line messages, `<Media omitted>`, join and encryption notices.

Sizes are options, so a quick run takes seconds; the same seed gives the same bytes.

    python bench/exports.py bench/data                      # full size
    python bench/exports.py bench/data --messages 200000 --mbox 50000 --whatsapp 100000
"""

from __future__ import annotations

import argparse
import base64
import csv
import random
import time
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

END = datetime(2026, 5, 1, 12, tzinfo=UTC)


def split_words(text: str) -> list[str]:
    return text.split()


OWNER = (
    "Clara Whitfield",
    "https://www.linkedin.com/in/clarawhitfield",
    "clara@brightline.example.com",
)
FIRST = split_words(
    "Aiko Ana Bilal Chloé Daniel Erik Fatima Grace Hamza Imani Inès Jonas Joaquín "
    "Lena Luis Maya Marco Mia Nadia Olu Owen Priyanka Rachel Sofia Srinivas Tobias "
    "Zoë Анна Ngọc 花子"
)
LAST = split_words(
    "Tanaka Lima Ahmed Dubois Osei Johansson Idrissi Adeyemi Qureshi Okoro Moreau "
    "Brandt Ferreyra Fischer Navarro Hartmann Bellini Lund Petrova Ade McAllister "
    "Iyer Kim Rossi Yadavalli Ekwueme Lefèvre Соколова Phạm 佐藤"
)
WORDS = split_words(
    "thanks for the intro happy to help could we find time next week I loved your "
    "post about pricing onboarding the launch went well how is the team doing we are "
    "hiring a designer would you be up for a call Thursday works for me sending the "
    "deck now let me know what you think congrats on the new role coffee in Austin "
    "sounds great"
)
EMOJI = ["🙏", "👍🏽", "🎉", "👨‍💻", "☕️", "🤝"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + rng.choice([".", "!", "?", "", " " + rng.choice(EMOJI)])


def message_text(rng: random.Random) -> str:
    """Mostly one line; some paragraphs, quotes, commas, an occasional empty content."""
    roll = rng.random()
    if roll < 0.01:
        return ""  # an attachment or a sticker
    if roll < 0.06:
        return "\n\n".join(sentence(rng, rng.randint(5, 15)) for _ in range(rng.randint(2, 4)))
    if roll < 0.09:
        return f'She said "{sentence(rng, 4)}", and then, well, {sentence(rng, 6)}'
    return sentence(rng, rng.randint(3, 25))


def person(n: int) -> tuple[str, str]:
    """Person n: a name (unique up to 23,400 people) and a LinkedIn profile URL."""
    first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
    initial = chr(ord("A") + (n // (len(FIRST) * len(LAST))) % 26)
    slug = f"{first}-{last}-{n}".lower()
    return f"{first} {initial}. {last}", f"https://www.linkedin.com/in/{slug}"


def shares(total: int, people: int, rng: random.Random) -> list[int]:
    """Split `total` messages over `people` conversations, a few people writing most."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(people)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    counts[0] += total - sum(counts)
    while counts[0] < 1:  # more people than messages: trim the tail
        counts.pop()
        counts[0] += 1
    rng.shuffle(counts)
    return counts


# --- LinkedIn -------------------------------------------------------------------------

HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
]


def conversation_id(rng: random.Random) -> str:
    raw = f"{uuid.UUID(int=rng.getrandbits(128))}_010".encode()
    return "2-" + base64.b64encode(raw).decode()


def linkedin_rows(messages: int, people: int, seed: int) -> Iterator[list[str]]:
    rng = random.Random(seed)
    me_name, me_url, _ = OWNER
    counts = shares(messages, people, rng)
    # Newest conversation first; inside a conversation, newest message first.
    starts = sorted((END - timedelta(days=rng.uniform(0, 720)) for _ in counts), reverse=True)
    for n, (count, last_at) in enumerate(zip(counts, starts, strict=True)):
        name, url = person(n)
        conv = conversation_id(rng)
        sponsored = rng.random() < 0.002
        sender = ("LinkedIn Member", "") if sponsored else (name, url)
        title = "Sponsored Conversation" if sponsored else ""
        at = last_at
        for _ in range(count):
            mine = not sponsored and rng.random() < 0.45
            frm, to = ((me_name, me_url), sender) if mine else (sender, (me_name, me_url))
            stamp = at.strftime("%Y-%m-%d %H:%M:%S UTC")
            text = message_text(rng)
            yield [conv, title, *frm, *to, stamp, title, text, "INBOX", ""]
            at -= timedelta(seconds=rng.randint(30, 5 * 86400))
        if not sponsored and rng.random() < 0.01:
            yield [conv, "", "", "", "", "", stamp, "", "Message request accepted", "INBOX", ""]


def write_linkedin(folder: Path, messages: int, people: int, seed: int) -> Path:
    path = folder / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(linkedin_rows(messages, people, seed))
    return path


# --- mbox -----------------------------------------------------------------------------

BULK_SENDERS = [
    ("Growth Weekly", "newsletter@growth.example.net"),
    ("Bookwell", "notifications@bookwell.example.net"),
    ("Accounts", "no-reply@accounts.example.com"),
]


def mbox_messages(total: int, people: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    owner_name, _, owner_email = OWNER
    written = 0
    thread = 0
    while written < total:
        thread += 1
        at = END - timedelta(days=rng.uniform(0, 720))
        if rng.random() < 0.1:  # bulk: one message, never answered
            name, addr = rng.choice(BULK_SENDERS)
            yield mail(
                rng,
                (name, addr),
                (owner_name, owner_email),
                at,
                f"<bulk{thread}@bench.example>",
                None,
                f"Your weekly digest #{thread}",
                bulk=True,
            )
            written += 1
            continue
        n = rng.randrange(people)
        name = person(n)[0]
        other = (name, f"{ascii_part(name.split()[0])}.{n}@example.org")
        subject = sentence(rng, rng.randint(2, 6)).rstrip(".!?")
        ids: list[str] = []
        for k in range(min(rng.randint(1, 8), total - written)):
            frm, to = (
                (other, (owner_name, owner_email))
                if k % 2 == 0
                else ((owner_name, owner_email), other)
            )
            msg_id = f"<t{thread}.{k}@bench.example>"
            yield mail(rng, frm, to, at, msg_id, ids[:], ("Re: " if k else "") + subject)
            ids.append(msg_id)
            at += timedelta(minutes=rng.randint(5, 3000))
            written += 1


def ascii_part(word: str) -> str:
    """An address's local part from a first name: accents dropped, other scripts replaced."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    return plain or "contact"


def mail(
    rng: random.Random,
    frm: tuple[str, str],
    to: tuple[str, str],
    at: datetime,
    msg_id: str,
    refs: list[str] | None,
    subject: str,
    *,
    bulk: bool = False,
) -> str:
    headers = [
        f"From {frm[1]} {at.strftime('%a %b %d %H:%M:%S %Y')}",
        f"Message-ID: {msg_id}",
        f"Date: {format_datetime(at)}",
        f'From: "{frm[0]}" <{frm[1]}>',
        f'To: "{to[0]}" <{to[1]}>',
        f"Subject: {subject}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    if refs:
        headers += [f"In-Reply-To: {refs[-1]}", f"References: {' '.join(refs[-5:])}"]
    if bulk:
        headers += ["List-Unsubscribe: <https://example.net/u/1>", "Precedence: bulk"]
    body = [sentence(rng, rng.randint(8, 30)) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.05:
        body.append("From the archive: a line that must be escaped")
    if refs:
        body += ["", f"On {format_datetime(at)}, {to[0]} wrote:", f"> {sentence(rng, 10)}"]
    body += ["", "-- ", frm[0]]
    escaped = [">" + line if line.startswith("From ") else line for line in body]
    return "\n".join(headers) + "\n\n" + "\n".join(escaped) + "\n\n"


def write_mbox(folder: Path, messages: int, people: int, seed: int) -> Path:
    path = folder / "mail.mbox"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(mbox_messages(messages, people, seed))
    return path


# --- WhatsApp -------------------------------------------------------------------------


def whatsapp_lines(lines: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    members = [person(n)[0] for n in range(11)]
    owner = OWNER[0]
    at = END - timedelta(days=700)

    def stamp() -> str:
        return at.strftime("%d/%m/%Y, %H:%M")

    yield (
        f"{stamp()} - Messages and calls are end-to-end encrypted. No one outside of this "
        "chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
    )
    yield f'{stamp()} - {members[0]} created group "Founders breakfast"\n'
    written = 2
    while written < lines:
        at += timedelta(minutes=rng.expovariate(1 / 60))
        roll = rng.random()
        if roll < 0.005:
            yield f"{stamp()} - {rng.choice(members)} added {rng.choice(members)}\n"
            written += 1
            continue
        author = owner if rng.random() < 0.2 else rng.choice(members)
        text = "<Media omitted>" if roll < 0.04 else message_text(rng) or "👍"
        for k, line in enumerate(text.split("\n")):
            yield f"{stamp()} - {author}: {line}\n" if k == 0 else f"{line}\n"
            written += 1


def write_whatsapp(folder: Path, lines: int, seed: int) -> Path:
    path = folder / "WhatsApp Chat with Founders breakfast.txt"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(whatsapp_lines(lines, seed))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write (e.g. bench/data)")
    parser.add_argument("--messages", type=int, default=1_000_000, help="LinkedIn messages")
    parser.add_argument("--people", type=int, default=20_000, help="LinkedIn correspondents")
    parser.add_argument("--mbox", type=int, default=200_000, help="mbox messages (0: none)")
    parser.add_argument("--whatsapp", type=int, default=500_000, help="WhatsApp lines (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    jobs = [
        (args.messages, lambda: write_linkedin(args.folder, args.messages, args.people, args.seed)),
        (args.mbox, lambda: write_mbox(args.folder, args.mbox, args.people, args.seed)),
        (args.whatsapp, lambda: write_whatsapp(args.folder, args.whatsapp, args.seed)),
    ]
    for size, job in jobs:
        if size:
            start = time.perf_counter()
            path = job()
            took = time.perf_counter() - start
            print(f"{path}: {path.stat().st_size / 1e6:,.1f} MB in {took:.1f}s")


if __name__ == "__main__":
    main()
