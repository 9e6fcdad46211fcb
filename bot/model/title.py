"""Find the job title in a posting or question and say which role it claims."""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLE_NOUN = (
    r"manager|management lead|lead|leader|coordinator|co-ordinator|director|owner|master|"
    r"engineer|developer|analyst|designer|scientist|specialist|consultant|officer|"
    r"administrator|architect|nurse|accountant|representative|associate|executive|"
    r"assistant|head|partner|strategist|advisor|adviser|technician|recruiter|writer"
)
_LABELLED = re.compile(
    r"^[ \t]*(?:job[ \t]*title|position(?:[ \t]*title)?|role(?:[ \t]*title)?|title|vacancy|opening)"
    r"[ \t]*[:\-–][ \t]*"
    r"(?P<title>[^\n]{3,90})$",
    re.IGNORECASE | re.MULTILINE,
)
_HIRING = re.compile(
    r"(?:hiring|looking for|seeking|recruiting|searching for|join us as|joining us as|"
    r"role of|position of|titled?|called|says|as (?:a|an|the)|offer(?:ed)? (?:a|an|the)?)"
    r"\s+(?:an?\s+|the\s+|our\s+(?:next|new|first)\s+|new\s+)?"
    r"(?P<title>(?:[\w/&().,'-]+\s+){0,5}?(?:" + ROLE_NOUN + r"|TPM|PgM|PM|APM|PMO)\b"
    r"(?:,\s*[A-Z][\w&/ -]{2,30}|\s+\((?:[^)]{1,30})\)|\s+(?:of|for|in)\s+[A-Z][\w&/ -]{2,30})?)",
    re.IGNORECASE,
)
_KNOWN = re.compile(
    r"(?P<title>(?:(?:senior|snr|sr\.?|junior|jr\.?|lead|principal|staff|associate|assistant|"
    r"global|regional|group|it|technical|technology|digital|clinical|engineering|software|"
    r"infrastructure|marketing|construction|delivery|program|programme|project|product)\s+){0,3}"
    r"(?:program|programme|project|product|portfolio|delivery|implementation)\s+"
    r"(?:manager|management lead|lead|coordinator|co-ordinator|director|owner|officer|"
    r"specialist|analyst)"
    r"|scrum\s+master|product\s+owner|\bTPM\b|\bPgM\b|\bAPM\b|\bPMs?\b)",
    re.IGNORECASE,
)
_SHORT_HEADLINE = re.compile(r"^[^.!?:;]{3,80}$")
_ROLE_WORD = re.compile(
    r"\b(?:" + ROLE_NOUN + r"|TPM|PgM|PM|chef|cheffe|responsable|directeur|directrice|jefe|jefa|"
    r"gerente|directora|coordinador|coordinadora)\b|(?:manager|leiter|managerin|leiterin)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^(?:is|are|was|should|would|could|can|does|do|what|which|how|why|when|who)\b",
    re.IGNORECASE,
)
_NOT_A_TITLE = re.compile(
    r"^(?:about|responsibilities|requirements|what|who|why|how|benefits|our|we|you|the role)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Title:
    text: str
    role: str | None  # project | program | product | other, or None when the title is ambiguous
    ambiguous_acronym: str | None = None  # "PM" or "PgM": the meanings are listed in the answer


def find_title(text: str) -> Title | None:
    """The title as written, from a labelled line, the headline, a hiring phrase or a known name."""
    head = text[:3000]
    for finder in (_labelled, _headline, _hiring, _known):
        found = finder(head)
        if found:
            cleaned = _clean(found)
            if cleaned:
                return Title(cleaned, *title_role(cleaned))
    return None


# The words a title uses to claim a role, in the languages the bot reads.
_CLAIM = re.compile(
    r"(?P<program>\bprogra(?:m|mme|mm|ma)s?\b|\bprogramm(?:manager|leiter|leitung|direktor)\w*"
    r"|\btpms?\b|\brelease train\b)"
    r"|(?P<product>\bproduct\b|\bproduit\b|\bproducto\b|\bprodukt\w*|\bapm\b)"
    r"|(?P<project>\bproje(?:ct|t|kt)s?\b|\bproyectos?\b|\bprojekt\w*)",
    re.IGNORECASE,
)
# A claim word bound to the title's head noun wins over one naming the team or the programme the
# job sits in: "Project Manager, Sustainable Livelihoods Program" claims project.
_HEAD_AFTER = re.compile(
    r" ?(?:manager|management|lead|leader|director|officer|coordinator|co-ordinator|owner|"
    r"specialist|analyst|head|administrator|assistant|consultant|leiter|manager)",
    re.IGNORECASE,
)
_HEAD_BEFORE = re.compile(
    r"(?:chef|cheffe|chef/fe|directeur|directrice|responsable|jefe|jefa|gerente|director|"
    r"directora|coordinador|coordinadora|coordinateur|coordinatrice|leiter|leiterin)"
    r"\s+(?:de|du|des|del|der|d')\s*$",
    re.IGNORECASE,
)


def title_role(title: str) -> tuple[str | None, str | None]:
    """Which role a title claims, and the ambiguous acronym when it claims none for sure.

    None with no acronym means the title names no management role for sure (a Scrum Master, a
    Delivery Manager, a Portfolio Manager): its claims are not held against the duties."""
    claims = [(m.lastgroup, m) for m in _CLAIM.finditer(title)]
    for role, m in claims:
        if "manager" in m.group(0).lower() or "leit" in m.group(0).lower():
            return role, None
        if _HEAD_AFTER.match(title, m.end()) or _HEAD_BEFORE.search(
            title[max(0, m.start() - 24) : m.start()]
        ):
            return role, None
    if claims:
        return claims[0][0], None
    t = title.lower()
    if re.search(r"\bpgm\b", t):
        return None, "PgM"
    if re.search(r"\bpms?\b", t):
        return None, "PM"
    if re.search(r"\bscrum master\b|\bdelivery (?:manager|lead)\b|\bportfolio\b", t):
        return None, None
    return "other", None


def _labelled(text: str) -> str | None:
    m = _LABELLED.search(text)
    return m.group("title") if m else None


def _headline(text: str) -> str | None:
    for line in text.splitlines()[:3]:
        line = line.strip().strip("*#_ ")
        if not line:
            continue
        words = line.split()
        if (
            len(words) <= 9
            and _SHORT_HEADLINE.match(line)
            and _ROLE_WORD.search(line)
            and not _NOT_A_TITLE.match(line)
            and not _QUESTION.match(line)
            and not line.endswith("?")
        ):
            return line
        return None
    return None


def _hiring(text: str) -> str | None:
    m = _HIRING.search(text)
    if not m:
        return None
    title = m.group("title")
    known = _KNOWN.search(title)
    return known.group("title") if known and len(title.split()) > 4 else title


def _known(text: str) -> str | None:
    m = _KNOWN.search(text)
    return m.group("title") if m else None


_PRAISE = re.compile(
    r"^(?:(?:an?|the|our|highly|very|experienced|talented|motivated|passionate|driven|seasoned|"
    r"dynamic|skilled|proven|strong|great|exceptional|enthusiastic|organised|organized|detail-oriented)"
    r",?\s+)+",
    re.IGNORECASE,
)


def _clean(title: str) -> str:
    # Every kind of line break and space becomes one space: a title is shown inside a sentence,
    # and U+2028 or \r in it must not start a line of the reply's layout.
    title = _PRAISE.sub("", " ".join(title.split()))
    title = re.sub(r"\s*[(\[][^)\]]*[)\]]?\s*$", "", title.strip())  # "(m/w/d)", "[Remote]"
    title = re.split(r"\s+(?:[|–—]|-\s|@|at\s+[A-Z])\s*", title.strip())[0]
    title = title.strip(" .,:;!?\"'*_()[]")
    return title if 2 <= len(title) <= 90 else ""
