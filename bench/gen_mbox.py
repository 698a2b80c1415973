#!/usr/bin/env python3
"""Write a large, realistic mailbox (mboxrd) for benchmarks.

usage: gen_mbox.py MESSAGES [SEED] > archive.mbox

Deterministic for a given MESSAGES and SEED (Python 3.11 standard library
only, no clock). The mailbox looks like a research lab's: about 70% ordinary
mail (plain text, multipart/alternative with HTML, quoted-printable with soft
line breaks, French accents, some 8-bit Latin-1 and base64 bodies, mailing
list traffic with long Received/DKIM chains, replies quoting earlier mail,
a few PDF attachments) and about 30% meeting invitations: Zoom (French and
English templates, "ID de réunion", "Code secret", pwd= links), Teams
(meetup-join and /meet/ links), Google Meet (with dial-in PIN), Webex,
BigBlueButton and RENATER Rendez-vous. Many invitations carry a base64
text/calendar part (METHOD:REQUEST, ATTENDEE lines, folded at 75 octets,
CRLF), as Exchange, Google Calendar, Zimbra and Thunderbird send them.

Messages are separated by "From " lines; body lines matching ^>*From  are
quoted with one more ">" (mboxrd). Lines end with LF, as in mbox files on
Unix; the decoded calendar parts use CRLF, as RFC 5545 requires.
20,000 messages make about 94 MB (4.7 KB a message on average).
"""
import base64
import datetime
import html
import quopri
import random
import re
import sys
from email.header import Header

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

FR_WORDS = ("réunion équipe séminaire budget thèse doctorat financement analyse "
            "résultats planning conseil laboratoire campagne mesure instrument "
            "données article revue soutenance comité pilotage expérience protocole "
            "étudiant stagiaire créneau salle bâtiment sécurité évaluation modèle "
            "simulation calcul cluster serveur manuscrit figure relecture rapport "
            "mission déplacement congrès poster présentation échantillon spectre "
            "détecteur étalonnage prélèvement collègues prochaine semaine déjà très "
            "prévu été après où ça le la les des une un pour avec sur dans nous vous "
            "est sont a été pas plus aussi donc mais et ou").split()
EN_WORDS = ("meeting team seminar budget thesis funding analysis results schedule "
            "board laboratory campaign measurement instrument data paper review "
            "defense committee steering experiment protocol student intern slot "
            "room building safety evaluation model simulation cluster server "
            "manuscript figure draft report travel conference poster talk sample "
            "spectrum detector calibration colleagues next week already the a of "
            "to and for with on in we you is are was not more also so but or").split()
FIRST = ("Claire Julien Sophie Thomas Agathe Xavier Hélène Rémi Fabrice Mathieu "
         "Amandine Hugo Laura Marcus Priya Stefan Marta Camille Élodie Benoît "
         "François Céline Gaëlle Jérôme Loïc Maëlle Noémie Raphaël Sébastien "
         "Yasmine Karim Chloé Antoine Inès Lucas Léa Olivier Aurélie Nicolas").split()
LAST = ("Fontaine Marchetti Lambert Lefèvre Lemoine Weber Garnier Carpentier "
        "Nguyen Roux Royer Renaud Jensen Okafor Raman Kessler Oliveira Dubois "
        "Bérard Mercier Girard Bonnet Dupré Faure Rousseau Blanc Guérin Muller "
        "Henry Perrin Morel Fournier Giraud Chevalier François Legrand Gauthier").split()
DOMAINS = ("labo-exemple.fr", "cnrs.fr", "univ-exemple.fr", "obs-exemple.fr",
           "inserm-exemple.fr", "physics.example.ac.uk", "example.de", "example.dk",
           "ens-exemple.fr", "gmail.com")
LISTS = ("equipe-bio", "seminaires", "doctorants", "labo-all", "cluster-users",
         "conseil-labo", "hpc-announce", "openbmc")
SENSITIVE = ("le brevet en cours de dépôt", "les données de santé des patients",
             "le contrat industriel confidentiel", "l'activité ZRR du laboratoire",
             "un document Diffusion Restreinte", "le secret des affaires du partenaire",
             "the confidential industrial contract", "patient health data")
SENDERS_AUTO = ("noreply@zoom.us", "calendar-notification@google.com",
                "no-reply@rendez-vous.renater.fr", "noreply@bbb.univ-exemple.fr")

FR_MONTHS = "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split()
EN_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
EN_DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


def pick(seq):
    return seq[rng.randrange(len(seq))]


def digits(n):
    return "".join(pick("0123456789") for _ in range(n))


def token(n, alphabet="abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"):
    return "".join(pick(alphabet) for _ in range(n))


def hexs(n):
    return token(n, "0123456789abcdef")


def sentence(lang, lo=6, hi=18):
    words = FR_WORDS if lang == "fr" else EN_WORDS
    s = " ".join(pick(words) for _ in range(rng.randint(lo, hi)))
    return s[0].upper() + s[1:] + pick(".....?!")


def paragraph(lang, lo=1, hi=4):
    return " ".join(sentence(lang) for _ in range(rng.randint(lo, hi)))


def wrap(text, width=72):
    """Greedy word wrap, keeping existing line breaks."""
    out = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            if line and len(line) + 1 + len(word) > width:
                out.append(line)
                line = word
            else:
                line = line + " " + word if line else word
        out.append(line)
    return "\n".join(out)


class Person:
    def __init__(self):
        self.first = pick(FIRST)
        self.last = pick(LAST)
        self.domain = pick(DOMAINS)
        ascii_name = (self.first + "." + self.last).lower()
        for a, b in (("é", "e"), ("è", "e"), ("ë", "e"), ("ï", "i"), ("ç", "c"),
                     ("ô", "o"), ("â", "a"), ("É", "e"), ("î", "i")):
            ascii_name = ascii_name.replace(a, b)
        self.addr = ascii_name + "@" + self.domain
        self.name = self.first + " " + self.last


def enc_header_value(text, charset="utf-8"):
    """RFC 2047 encoding when needed (what mail clients do)."""
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        return Header(text, charset, maxlinelen=76).encode()


def addr_header(people, charset="utf-8"):
    parts = []
    for p in people:
        name = enc_header_value(p.name, charset)
        parts.append("%s <%s>" % (name, p.addr))
    return ",\n ".join(parts)


# --------------------------------------------------------------------------
# MIME building (bytes, LF line ends)
# --------------------------------------------------------------------------

def encode_body(data, cte):
    if cte == "base64":
        return base64.encodebytes(data)
    if cte == "quoted-printable":
        return quopri.encodestring(data)
    return data if data.endswith(b"\n") else data + b"\n"


def leaf(ctype, data, cte, extra=()):
    """A single part: (header lines, encoded body bytes)."""
    headers = ["Content-Type: " + ctype]
    headers.extend(extra)
    headers.append("Content-Transfer-Encoding: " + cte)
    return headers, encode_body(data, cte)


def boundary(style):
    if style == "outlook":
        return "_000_" + token(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "_"
    if style == "google":
        return "0000000000" + hexs(18)
    return "------------" + token(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def multipart(subtype, parts, style):
    b = boundary(style)
    headers = ['Content-Type: multipart/%s;\n\tboundary="%s"' % (subtype, b)]
    body = [b"This is a multi-part message in MIME format.\n"] if style == "thunderbird" else []
    for ph, pb in parts:
        body.append(b"--" + b.encode() + b"\n")
        body.append("\n".join(ph).encode() + b"\n\n")
        body.append(pb)
        if not pb.endswith(b"\n"):
            body.append(b"\n")
        body.append(b"\n")
    body.append(b"--" + b.encode() + b"--\n")
    return headers, b"".join(body)


def text_to_html(text, style):
    lines = []
    for line in text.split("\n"):
        esc = html.escape(line, quote=False)
        esc = re.sub(r"(https?://[^\s<>&]+)", r'<a href="\1">\1</a>', esc)
        lines.append(esc)
    font = ("Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif"
            if style == "outlook" else "arial, sans-serif")
    return ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\n'
            '</head>\n<body dir="ltr">\n<div class="elementToProof" style="font-family: %s; '
            'font-size: 12pt; color: rgb(0, 0, 0);">\n%s\n</div>\n</body>\n</html>\n'
            % (font, "<br>\n".join(lines)))


# --------------------------------------------------------------------------
# iCalendar (METHOD:REQUEST), folded at 75 octets with CRLF
# --------------------------------------------------------------------------

def fold(line):
    data = line.encode("utf-8")
    out, start = [], 0
    # 75 octets per line, the leading space of a continuation line included
    while len(data) - start > (75 if start == 0 else 74):
        end = start + (75 if start == 0 else 74)
        while (data[end] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            end -= 1
        out.append(data[start:end])
        start = end
    out.append(data[start:])
    return b"\r\n ".join(out)


def ics_esc(text):
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar(style, organizer, attendees, summary, desc, location, start, uid):
    prodid = {"outlook": "Microsoft Exchange Server 2010", "google": "-//Google Inc//Google Calendar 70.9054//EN",
              "thunderbird": "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN"}[style]
    end = start + datetime.timedelta(minutes=pick((30, 60, 60, 90, 120)))
    tzid = "Romance Standard Time" if style == "outlook" else "Europe/Paris"
    lines = ["BEGIN:VCALENDAR", "METHOD:REQUEST", "PRODID:" + prodid, "VERSION:2.0",
             "BEGIN:VTIMEZONE", "TZID:" + tzid, "BEGIN:STANDARD", "DTSTART:16010101T030000",
             "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
             "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100",
             "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT",
             "END:VTIMEZONE", "BEGIN:VEVENT",
             'ORGANIZER;CN="%s":mailto:%s' % (organizer.name, organizer.addr)]
    for i, a in enumerate(attendees):
        role = "OPT-PARTICIPANT" if i % 9 == 8 else "REQ-PARTICIPANT"
        lines.append('ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=%s;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="%s":mailto:%s'
                     % (role, a.name, a.addr))
    lines += ["DESCRIPTION;LANGUAGE=fr-FR:" + ics_esc(desc),
              "UID:" + uid, "SUMMARY;LANGUAGE=fr-FR:" + ics_esc(summary),
              "DTSTART;TZID=%s:%s" % (tzid, start.strftime("%Y%m%dT%H%M%S")),
              "DTEND;TZID=%s:%s" % (tzid, end.strftime("%Y%m%dT%H%M%S")),
              "CLASS:PUBLIC", "PRIORITY:5", "DTSTAMP:" + start.strftime("%Y%m%dT080000Z"),
              "TRANSP:OPAQUE", "STATUS:CONFIRMED", "SEQUENCE:0",
              "LOCATION;LANGUAGE=fr-FR:" + ics_esc(location)]
    if style == "outlook":
        lines += ["X-MICROSOFT-CDO-APPT-SEQUENCE:0", "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
                  "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY", "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
                  "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-CDO-INSTTYPE:0",
                  "X-MICROSOFT-DONOTFORWARDMEETING:FALSE", "X-MICROSOFT-DISALLOW-COUNTER:FALSE"]
    if rng.random() < 0.15:
        lines.append("RRULE:FREQ=WEEKLY;COUNT=%d" % rng.randint(2, 12))
    lines += ["BEGIN:VALARM", "DESCRIPTION:REMINDER", "TRIGGER;RELATED=START:-PT15M",
              "ACTION:DISPLAY", "END:VALARM", "END:VEVENT", "END:VCALENDAR"]
    return b"".join(fold(l) + b"\r\n" for l in lines)


# --------------------------------------------------------------------------
# Invitation templates
# --------------------------------------------------------------------------

def fr_date(d):
    return "%d %s %d %02d:%02d %s Paris" % (d.day, FR_MONTHS[d.month - 1], d.year,
                                             (d.hour - 1) % 12 + 1, d.minute, "AM" if d.hour < 12 else "PM")


def en_date(d):
    return "%s %d, %d %02d:%02d %s Paris" % (EN_MONTHS[d.month - 1], d.day, d.year,
                                              (d.hour - 1) % 12 + 1, d.minute, "AM" if d.hour < 12 else "PM")


def invitation(org, topic, start):
    """Return (kind, language, text block, location url)."""
    kind = rng.choices(["zoom-fr", "zoom-en", "teams-legacy", "teams-meet", "meet",
                        "webex", "bbb", "rdv"], [22, 10, 12, 10, 12, 4, 15, 15])[0]
    mid = digits(11)
    spaced = "%s %s %s" % (mid[:3], mid[3:7], mid[7:])
    if kind == "zoom-fr":
        host = pick(["cnrs.zoom.us", "zoom.us", "us02web.zoom.us", "univ-exemple.zoom.us"])
        pwd = token(32) if rng.random() < 0.85 else None
        code = digits(6) if rng.random() < 0.8 else None
        url = "https://%s/j/%s" % (host, mid) + ("?pwd=" + pwd if pwd else "")
        t = ("%s vous invite à une réunion Zoom planifiée.\n\nSujet : %s\nHeure : %s\n\n"
             "Participer à la réunion Zoom\n%s\n\nID de réunion : %s\n"
             % (org.name, topic, fr_date(start), url, spaced))
        if code:
            t += "Code secret : %s\n" % code
        t += ("\n---\n\nUne seule touche sur l'appareil mobile\n+33170372246,,%s#%s France\n"
              "+33170379581,,%s#%s France\n\n---\n\nComposez un numéro en fonction de votre emplacement\n"
              "• +33 1 7037 2246 France\n• +33 1 7037 9581 France\n• +33 1 7095 0103 France\n\n"
              "ID de réunion : %s\n%s\nTrouvez votre numéro local : https://%s/u/%s\n"
              % (mid, ",,,,*%s" % code if code else "", mid, ",,,,*%s" % code if code else "",
                 spaced, "Code secret : %s\n" % code if code else "", host, token(10)))
        return kind, "fr", t, url
    if kind == "zoom-en":
        host = pick(["zoom.us", "us02web.zoom.us", "us06web.zoom.us", "cnrs.zoom.us"])
        pwd = token(32) if rng.random() < 0.85 else None
        url = "https://%s/j/%s" % (host, mid) + ("?pwd=" + pwd if pwd else "")
        code = digits(6) if pwd else None
        tap = ",,,,*%s#" % code if code else ""
        pc = "Passcode: %s\n" % code if code else ""
        t = ("%s is inviting you to a scheduled Zoom meeting.\n\nTopic: %s\nTime: %s\n\n"
             "Join Zoom Meeting\n%s\n\nMeeting ID: %s\n%s\n---\n\nOne tap mobile\n"
             "+33170372246,,%s#%s France\n+33186995831,,%s#%s France\n\n---\n\n"
             "Dial by your location\n• +33 1 7037 2246 France\n• +44 203 481 5240 United Kingdom\n"
             "• +1 646 876 9923 US (New York)\n\nMeeting ID: %s\n%s\n"
             "Find your local number: https://%s/u/%s\n"
             % (org.name, topic, en_date(start), url, spaced, pc, mid, tap, mid, tap, spaced, pc,
                host, token(10)))
        return kind, "en", t, url
    if kind == "teams-legacy":
        url = ("https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + token(48)
               + "%40thread.v2/0?context=%7b%22Tid%22%3a%22" + hexs(8) + "-" + hexs(4) + "-" + hexs(4)
               + "-" + hexs(4) + "-" + hexs(12) + "%22%2c%22Oid%22%3a%22" + hexs(8) + "-" + hexs(4)
               + "-" + hexs(4) + "-" + hexs(4) + "-" + hexs(12) + "%22%7d")
        fr = rng.random() < 0.6
        if fr:
            t = ("_" * 80 + "\nRéunion Microsoft Teams\nRejoindre sur votre ordinateur, "
                 "une application mobile ou un appareil de salle\nCliquez ici pour participer à la "
                 "réunion<%s>\nID de la réunion : %s %s %s %s\nCode secret : %s\n"
                 "En savoir plus<https://aka.ms/JoinTeamsMeeting> | Options de réunion"
                 "<https://teams.microsoft.com/meetingOptions/?organizerId=%s&tenantId=%s>\n" + "_" * 80 + "\n"
                 ) % (url, digits(3), digits(3), digits(3), digits(3), token(6), hexs(32), hexs(32))
        else:
            t = ("_" * 80 + "\nMicrosoft Teams meeting\nJoin on your computer, mobile app or room "
                 "device\nClick here to join the meeting<%s>\nMeeting ID: %s %s %s %s\nPasscode: %s\n"
                 "Learn More<https://aka.ms/JoinTeamsMeeting> | Meeting options"
                 "<https://teams.microsoft.com/meetingOptions/?organizerId=%s&tenantId=%s>\n" + "_" * 80 + "\n"
                 ) % (url, digits(3), digits(3), digits(3), digits(3), token(6), hexs(32), hexs(32))
        return kind, "fr" if fr else "en", t, "Réunion Microsoft Teams"
    if kind == "teams-meet":
        tid = digits(14)
        url = "https://teams.microsoft.com/meet/%s?p=%s" % (tid, token(16))
        t = ("_" * 80 + "\nMicrosoft Teams Need help?<https://aka.ms/JoinTeamsMeeting?omkt=en-US>\n"
             "Join the meeting now<%s>\nMeeting ID: %s %s %s %s %s\nPasscode: %s\n" + "_" * 32 + "\n"
             "Dial in by phone\n+33 1 70 91 86 46,,%s#<tel:+33170918646,,%s#> France, Paris\n"
             "Phone conference ID: %s#\n" + "_" * 80 + "\n"
             ) % (url, tid[:3], tid[3:6], tid[6:9], tid[9:12], tid[12:], token(8),
                  digits(9), digits(9), digits(9))
        return kind, "en", t, "Microsoft Teams Meeting"
    if kind == "meet":
        code = "%s-%s-%s" % (token(3, "abcdefghijklmnopqrstuvwxyz"), token(4, "abcdefghijklmnopqrstuvwxyz"),
                             token(3, "abcdefghijklmnopqrstuvwxyz"))
        url = "https://meet.google.com/" + code
        pin = "%s %s %s" % (digits(3), digits(3), digits(3))
        if rng.random() < 0.6:
            t = ("Participer à la réunion Google Meet\n%s\n\nRejoindre par téléphone\n"
                 "(FR) +33 1 87 40 00 00 PIN : %s#\n\nAutres numéros de téléphone\n"
                 "https://tel.meet/%s?pin=%s\n" % (url, pin, code, pin.replace(" ", "")))
            return kind, "fr", t, url
        t = ("Join with Google Meet\n%s\n\nJoin by phone\n(FR) +33 1 87 40 00 00 PIN: %s#\n\n"
             "More phone numbers\nhttps://tel.meet/%s?pin=%s\n" % (url, pin, code, pin.replace(" ", "")))
        return kind, "en", t, url
    if kind == "webex":
        url = "https://cnrs.webex.com/cnrs/j.php?MTID=m" + hexs(32)
        t = ("Rejoindre la réunion\n%s\nNuméro de la réunion : %s %s %s\nMot de passe : %s\n"
             % (url, digits(4), digits(3), digits(4), token(11)))
        return kind, "fr", t, url
    if kind == "bbb":
        host = pick(["bbb.univ-exemple.fr", "visio.labo-exemple.cnrs.fr", "webconf.numerique.gouv.fr"])
        url = "https://%s/b/%s-%s-%s" % (host, token(3, "abcdefghijklmnopqrstuvwxyz"),
                                         token(3, "abcdefghijklmnopqrstuvwxyz"),
                                         token(3, "abcdefghijklmnopqrstuvwxyz"))
        t = "Salle BigBlueButton : %s\n" % url
        if rng.random() < 0.6:
            t += "Code d'accès : %s\n" % digits(6)
        return kind, "fr", t, url
    room = pick(["Seminaire", "Equipe", "Comite", "Reunion", "Point", "Projet"]) + token(8)
    url = "https://rendez-vous.renater.fr/" + room
    t = ("Rendez-vous RENATER\nRejoindre la conférence : %s\n\nPar téléphone : +33 1 87 21 00 05, "
         "code : %s#\n" % (url, digits(9)))
    return "rdv", "fr", t, url


# --------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------

def received_chain(sender, to_domain, when, mailing_list):
    hops = rng.randint(1, 2) + (2 if mailing_list else 0)
    lines = []
    t = when
    for h in range(hops):
        t = t + datetime.timedelta(seconds=rng.randint(0, 5))
        a, b = "mx%d.%s" % (rng.randint(1, 9), to_domain), "smtp%d.%s" % (rng.randint(1, 9), sender.domain)
        lines.append("Received: from %s (%s [%d.%d.%d.%d])\n\tby %s (Postfix) with ESMTPS id %s\n"
                     "\tfor <%s>; %s" % (b, b, rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255),
                                         rng.randint(1, 254), a, token(11, "0123456789ABCDEF"),
                                         "x@" + to_domain, t.strftime("%a, %d %b %Y %H:%M:%S +0100")))
    return list(reversed(lines))


def dkim(domain):
    sig = base64.b64encode(rng.randbytes(256)).decode()
    body = base64.b64encode(rng.randbytes(32)).decode()
    sig_lines = "\n\t ".join(sig[i:i + 64] for i in range(0, len(sig), 64))
    return ("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;\n\ts=selector%d; "
            "h=from:to:subject:date:message-id:content-type:mime-version;\n\tbh=%s;\n\tb=%s"
            % (domain, rng.randint(1, 2), body, sig_lines))


def rfc2822(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S +0100")


def from_line(sender, d):
    return "From %s %s %s %2d %02d:%02d:%02d %d" % (sender.addr, EN_DAYS[d.weekday()], EN_MONTHS[d.month - 1],
                                                  d.day, d.hour, d.minute, d.second, d.year)


# --------------------------------------------------------------------------
# Bodies
# --------------------------------------------------------------------------

def signature(p, lang):
    lab = pick(["UMR 5%03d CNRS" % rng.randint(0, 999), "UMR 7%03d CNRS" % rng.randint(0, 999),
                "Laboratoire d'exemple (LEX)", "Institut de physique, bâtiment %s" % pick("ABCDEFG")])
    return "\n-- \n%s\n%s\n%s +33 %d %s %s %s %s\n" % (p.name, lab, "Tél." if lang == "fr" else "Phone",
                                                      rng.randint(1, 9), digits(2), digits(2), digits(2), digits(2))


def ordinary_text(sender, lang, sens):
    greet = pick(["Bonjour,", "Bonjour à tous,", "Salut,", "Chers collègues,"]) if lang == "fr" else \
        pick(["Hi all,", "Dear colleagues,", "Hello,", "Hi,"])
    paras = [paragraph(lang, 1, 3) for _ in range(rng.randint(1, 3))]
    if sens:
        paras.insert(1, ("Attention, ce message concerne %s." if lang == "fr"
                         else "Please note this concerns %s.") % pick(SENSITIVE))
    r = rng.random()
    if r < 0.04:
        # a body line that starts with "From ": mboxrd quotes it as ">From "
        paras.append("From my point of view the %s can wait." % pick(EN_WORDS))
    elif r < 0.06:
        paras.append(">From the archive: %s" % sentence(lang))
    if rng.random() < 0.05:
        paras.append("Voir https://%s/%s/%s" % (pick(["gitlab.labo-exemple.fr", "wiki.cnrs.fr", "hal.science"]),
                                                token(6).lower(), token(8).lower()))
    text = greet + "\n\n" + "\n\n".join(wrap(p) for p in paras) + "\n" + signature(sender, lang)
    if rng.random() < 0.35:
        # a reply quoting the previous message
        other = Person()
        hdr = ("Le %d %s 2026 à %02d:%02d, %s a écrit :" % (rng.randint(1, 28), pick(FR_MONTHS),
                                                         rng.randint(8, 19), rng.randint(0, 59), other.name)
               if lang == "fr" else "On Mon, Nov %d, 2026 at 10:04 AM %s <%s> wrote:"
               % (rng.randint(1, 28), other.name, other.addr))
        quoted = "\n".join("> " + l if l else ">" for l in
                           wrap("\n\n".join(paragraph(lang, 1, 3) for _ in range(rng.randint(1, 2)))).split("\n"))
        if rng.random() < 0.2:
            quoted += "\n> From the minutes: " + sentence(lang)
        text += "\n" + hdr + "\n" + quoted + "\n"
    return text


# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

def message(i, when):
    is_invite = rng.random() < 0.30
    lang = "fr" if rng.random() < 0.7 else "en"
    sender = Person()
    mailing_list = rng.random() < 0.25
    n_to = rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 8, 12]) if not is_invite else \
        rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 15, 25, 40, 120])
    to = [Person() for _ in range(min(n_to, 40))]
    cc = [Person() for _ in range(rng.choice([0, 0, 0, 1, 2, 3]))]
    sens = rng.random() < 0.06
    latin1 = (not is_invite and rng.random() < 0.08) or (is_invite and rng.random() < 0.02)
    charset = "iso-8859-1" if latin1 else "utf-8"
    style = rng.choices(["outlook", "google", "thunderbird"], [45, 30, 25])[0]

    if is_invite:
        topic = sentence(lang, 2, 6).rstrip(".?!")
        if sens:
            topic = pick(["Brevet", "Contrat confidentiel", "Données de santé", "Projet ZRR"]) + " - " + topic
        start = when + datetime.timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
        start = start.replace(minute=pick((0, 0, 15, 30)), second=0)
        kind, ilang, block, location = invitation(sender, topic, start)
        intro = ordinary_text(sender, lang, sens) if rng.random() < 0.35 else \
            ("Bonjour,\n\nVoici le lien pour la réunion.\n" if lang == "fr" else "Hi,\n\nHere is the link.\n")
        text = intro + "\n" + block
        if latin1:
            text = text.replace("•", "*").replace("’", "'")
        subject = ("Invitation : %s" if lang == "fr" else "Invitation: %s") % topic
    else:
        text = ordinary_text(sender, lang, sens)
        subject = pick(["", "", "Re: ", "RE: ", "Fwd: ", "TR: "]) + sentence(lang, 2, 8).rstrip(".?!")
        kind = None

    data = text.encode(charset, "replace")
    # text/plain part
    r = rng.random()
    if latin1:
        cte = "8bit" if r < 0.7 else "quoted-printable"
    elif style == "outlook":
        cte = "quoted-printable"
    elif style == "google":
        cte = "quoted-printable" if r < 0.6 else "base64"
    else:
        cte = "8bit" if r < 0.8 else "quoted-printable"
    fmt = "; format=flowed" if style == "thunderbird" else ""
    plain = leaf('text/plain; charset="%s"%s' % (charset, fmt), data, cte)

    parts_alt = [plain]
    if style != "thunderbird" or (is_invite and rng.random() < 0.3):
        hdata = text_to_html(text, style).encode(charset, "replace")
        parts_alt.append(leaf('text/html; charset="%s"' % charset, hdata,
                              "base64" if cte == "base64" else "quoted-printable"))

    cal = None
    if is_invite and rng.random() < 0.40:
        cstyle = style
        n_att = min(250, len(to) + len(cc) + (rng.randint(0, 60) if rng.random() < 0.2 else 0))
        attendees = (to + cc + [Person() for _ in range(max(0, n_att - len(to) - len(cc)))])[:n_att]
        uid = ("040000008200E00074C5B7101A82E008" + token(56, "0123456789ABCDEF")) if cstyle == "outlook" \
            else hexs(26) + "@google.com" if cstyle == "google" else "%s-%s@%s" % (hexs(8), hexs(12), sender.domain)
        cal = calendar(cstyle, sender, attendees, subject, text, location, start, uid)

    if cal is not None:
        cal_part = leaf('text/calendar; charset="utf-8"; method=REQUEST', cal, "base64")
        if style == "google":
            alt = multipart("alternative", parts_alt + [cal_part], style)
            att = leaf('application/ics; name="invite.ics"', cal, "base64",
                       ['Content-Disposition: attachment; filename="invite.ics"'])
            body = multipart("mixed", [alt, att], style)
        elif style == "thunderbird":
            att = leaf('application/ics; name="invite.ics"', cal, "base64",
                       ['Content-Disposition: attachment; filename="invite.ics"'])
            body = multipart("mixed", [multipart("alternative", parts_alt + [cal_part], style)
                                       if len(parts_alt) > 1 else parts_alt[0], att], style)
        else:
            body = multipart("alternative", parts_alt + [cal_part], style)
    else:
        body = multipart("alternative", parts_alt, style) if len(parts_alt) > 1 else parts_alt[0]

    if not is_invite and rng.random() < 0.012:
        # a PDF attachment: ignored by a linter, but it has to be read through
        pdf = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(rng.randint(4000, 30000)) + b"\n%%EOF\n"
        att = leaf('application/pdf; name="%s.pdf"' % pick(["rapport", "budget", "poster", "draft"]), pdf,
                   "base64", ['Content-Disposition: attachment; filename="document.pdf"'])
        body = multipart("mixed", [body, att], style)

    bheaders, bbytes = body
    dom = to[0].domain
    h = ["Return-Path: <%s>" % (pick(SENDERS_AUTO) if is_invite and rng.random() < 0.1 else sender.addr)]
    if style == "thunderbird":
        h += ["X-Mozilla-Status: 0001", "X-Mozilla-Status2: 00000000"]
    h += received_chain(sender, dom, when, mailing_list)
    if rng.random() < 0.4:
        h.append(dkim(sender.domain))
    h.append("Message-ID: <%s.%d@%s>" % (hexs(16), i, sender.domain))
    h.append("Date: " + rfc2822(when))
    h.append("From: " + addr_header([sender], charset))
    if mailing_list and not is_invite:
        lst = pick(LISTS)
        h.append("To: %s@listes.labo-exemple.fr" % lst)
    else:
        h.append("To: " + addr_header(to, charset))
    if cc:
        h.append("Cc: " + addr_header(cc, charset))
    h.append("Subject: " + enc_header_value(subject, charset))
    if style == "outlook":
        h += ["Thread-Topic: " + enc_header_value(subject, charset),
              "Thread-Index: " + base64.b64encode(rng.randbytes(22)).decode(),
              "Accept-Language: fr-FR, en-US", "Content-Language: fr-FR"]
    elif style == "thunderbird":
        h.append("User-Agent: Mozilla Thunderbird")
    if mailing_list and not is_invite:
        h += ["List-Id: <%s.listes.labo-exemple.fr>" % lst,
              "List-Unsubscribe: <mailto:sympa@listes.labo-exemple.fr?subject=unsubscribe%%20%s>" % lst,
              "Precedence: list"]
    if sens and rng.random() < 0.3:
        h.append("Sensitivity: Company-Confidential")
    h.append("MIME-Version: 1.0")
    h += bheaders
    msg = "\n".join(h).encode() + b"\n\n" + bbytes
    # mboxrd: quote every line that matches ^>*From  with one more ">"
    msg = re.sub(rb"(?m)^(>*From )", rb">\1", msg)
    if not msg.endswith(b"\n"):
        msg += b"\n"
    return (from_line(sender, when) + "\n").encode() + msg + b"\n"


def main():
    out = sys.stdout.buffer
    when = datetime.datetime(2025, 1, 6, 8, 0, 0)
    buf = []
    size = 0
    for i in range(N):
        when += datetime.timedelta(seconds=rng.randint(30, 3000))
        m = message(i, when)
        buf.append(m)
        size += len(m)
        if size > 1 << 20:
            out.write(b"".join(buf))
            buf, size = [], 0
    out.write(b"".join(buf))
    out.flush()


if __name__ == "__main__":
    main()
