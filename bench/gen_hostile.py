#!/usr/bin/env python3
"""Write the hostile inputs of docs/robustness.md at a given scale.

usage: gen_hostile.py SCALE OUTDIR

SCALE 1 is the size the robustness issue names (an 8 MB line, 200,000
folded lines, 20,000 MIME parts, 3,000 nested multiparts, 100,000 nested
HTML tags), plus shapes of later changes (50,000 attendee lines full of
look-alikes of the words that change a count); bench/hostile.sh runs
SCALE 1 and 4 and compares the times.
"""
import os
import sys

scale = int(sys.argv[1])
out = sys.argv[2]
os.makedirs(out, exist_ok=True)


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(out, name), mode) as f:
        f.write(data)


write("long-line.txt", "mot " * (2_000_000 * scale) + "https://cnrs.zoom.us/j/91234567890\n")
write("long-line.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDESCRIPTION:"
      + "abc https://zoom.us/j/123456789 " * (260_000 * scale) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
write("folded.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDESCRIPTION:start"
      + "".join("\r\n suite %d https://zoom.us/j/%09d" % (i, i) for i in range(200_000 * scale))
      + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
parts = "".join("--B\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(20_000 * scale))
write("parts.eml", "From: a@x.fr\r\nTo: b@x.fr\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=B\r\n\r\n" + parts + "--B--\r\n")
depth = 3_000 * scale
body = "".join("--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (i - 1, i) for i in range(1, depth))
body += "--b%d\r\nContent-Type: text/plain\r\n\r\nhttps://zoom.us/j/123456789\r\n" % (depth - 1)
body += "".join("--b%d--\r\n" % i for i in range(depth - 1, -1, -1))
write("nested.eml", "From: a@x.fr\r\nTo: b@x.fr\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b0\r\n\r\n" + body)
n = 100_000 * scale
write("nested.html", "<div>" * n + "https://zoom.us/j/123456789 Code secret : 482913" + "</div>" * n)
write("brackets.html", "<a href=\"x" * (300_000 * scale))
write("entities.html", "&#" * (2_000_000 * scale))
write("from-only.mbox", "From a@x Mon Jan  1 00:00:00 2024\n\n" * (200_000 * scale))
write("not-utf8.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:"
      + bytes(0x80 + (i * 2654435761) % 0x7f for i in range(2_000_000 * scale))
      + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
write("recording.txt", "https://cnrs.zoom.us/j/91234567890\n"
      + "sans la séance sera enregistrée " * (20_000 * scale))
write("base64.eml", "From: a@x.fr\r\nSubject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "aHR0cHM6Ly96b29tLnVzL2ovMTIzNDU2Nzg5" + "!!!@@@###" * (100_000 * scale) + "\r\n")
write("attendees.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nLOCATION:https://cnrs.zoom.us/j/91234567890\r\n"
      + "".join("ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Gro Roo Res Non X-N %s:mailto:p%d@x.fr\r\n" % ("RooGro" * 10, i)
                for i in range(50_000 * scale))
      + "ATTENDEE;CN=" + "GroRooResNonX-N" * (100_000 * scale) + ":mailto:long@x.fr\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
write("directives.md", "visiolint: " * (300_000 * scale) + "https://zoom.us/j/123456789\n"
      + "<!-- visiolint: ignore[VL999] --> " * (75_000 * scale) + "\n")
