#!/usr/bin/env python3
"""The script a user would write instead: Python's mailbox + email + re.

usage: baseline_mailbox.py archive.mbox

For each message of the mailbox: decode the subject and the text/plain,
text/html and text/calendar parts (base64, quoted-printable, charsets, HTML
entities, iCalendar unfolding and escapes), find the meeting links, name the
platform, look for a password and for sensitive words, count the people
(ATTENDEE lines of the calendar part, else To and Cc), and flag Zoom with
sensitive words or without password. The regexes are those of
baseline_icalendar.py. Prints counts to stderr, so that its work can be
compared with visiolint's. Standard library only.
"""
import email.errors
import email.header
import email.utils
import html
import mailbox
import re
import sys

LINK = re.compile(r"https?://[^\s<>\"']+")
PLATFORMS = [("zoom", re.compile(r"(^|\.)zoom(gov)?\.(us|com)$")),
             ("teams", re.compile(r"^teams\.(microsoft|live)\.com$")),
             ("meet", re.compile(r"^meet\.google\.com$")),
             ("webex", re.compile(r"(^|\.)webex\.com$")),
             ("rendez-vous", re.compile(r"^rendez-vous\.renater\.fr$")),
             ("bbb", re.compile(r"(bbb|bigbluebutton|webconf)"))]
PASS = re.compile(r"(pwd=|passcode|password|code secret|mot de passe|code d'acc)", re.I)
SENSITIVE = re.compile(r"(brevet|sant[eé]|confidentiel|zrr|diffusion restreinte|secret)", re.I)
UNFOLD = re.compile(r"\r?\n[ \t]")
ATTENDEE = re.compile(r"^ATTENDEE[;:]", re.M)
ICS_ESCAPES = re.compile(r"\\([nN,;\\])")
TEXT_TYPES = ("text/plain", "text/html", "text/calendar")


def header_text(value):
    if value is None:
        return ""
    try:
        return str(email.header.make_header(email.header.decode_header(str(value))))
    except (UnicodeError, LookupError, email.errors.HeaderParseError):
        return str(value)


def part_text(part):
    payload = part.get_payload(decode=True)
    if not payload:
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:
        return payload.decode("utf-8", "replace")


def main(path):
    counts = {}
    messages = invitations = violations = people = 0
    for msg in mailbox.mbox(path, create=False):
        messages += 1
        texts = [header_text(msg["Subject"])]
        attendees = 0
        for part in msg.walk():
            ctype = part.get_content_type()
            if ctype not in TEXT_TYPES or part.get_filename():
                continue
            text = part_text(part)
            if ctype == "text/html":
                text = html.unescape(text)
            elif ctype == "text/calendar":
                text = UNFOLD.sub("", text)
                attendees = max(attendees, len(ATTENDEE.findall(text)))
                text = ICS_ESCAPES.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)
            texts.append(text)
        if not attendees:
            attendees = len(email.utils.getaddresses(msg.get_all("To", []) + msg.get_all("Cc", [])))
        people += attendees
        text = "\n".join(texts)
        seen = set()
        zoom = False
        for url in LINK.findall(text):
            host = re.sub(r"^https?://([^/:?#]+).*", r"\1", url).lower()
            for name, rx in PLATFORMS:
                if rx.search(host):
                    key = url.split("?", 1)[0].rstrip(">.,;)")
                    if (name, key) not in seen:
                        seen.add((name, key))
                        counts[name] = counts.get(name, 0) + 1
                        zoom = zoom or name == "zoom"
                    break
        if seen:
            invitations += 1
        if zoom and (SENSITIVE.search(text) or not PASS.search(text)):
            violations += 1
    print(messages, invitations, violations, people, sorted(counts.items()), file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: baseline_mailbox.py archive.mbox")
    main(sys.argv[1])
