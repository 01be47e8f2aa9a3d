"""Demo volunteers and exhibitions, made through the same services the pages use.

Assumes the network and lending demo (patron cards `<agency>1001`…) and, when present, the
events demo: shifts are put on the demo occurrences of cafés and events when they exist, and
otherwise on standing weekly cafés. Deterministic (random.Random(2026)); loads only once.
"""

import io
import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from reol.circulation.models import Patron
from reol.events.models import Occurrence, Partner
from reol.libraries.models import Branch, Library

from . import exhibitions, volunteers
from .models import Shift, Volunteer, VolunteerRole

LOCAL = ZoneInfo("Europe/Copenhagen")
ROLES = {
    "it-cafe": "IT-café-hjælper", "knitting": "Strikkecafé-vært",
    "reading-dog": "Læsehundefører", "event-crew": "Arrangementshjælper",
    "repair": "Reparatør",
}
# Which role a café or event of the events demo needs (matched on the series title).
ROLE_FOR_TITLE = {"it-café": "it-cafe", "strik": "knitting", "læsehund": "reading-dog",
                  "reparation": "repair", "repair": "repair"}
# Standing cafés when there are no demo occurrences: weekday, hour, hours, role, title.
STANDING = [(1, 14, 2, "it-cafe", "IT-café"), (2, 15, 1, "reading-dog", "Læs for en hund"),
            (3, 13, 2, "knitting", "Strikkecafé")]
FIRST = ["Inge", "Jørgen", "Bente", "Ole", "Hanne", "Poul", "Kirsten", "Niels", "Lone",
         "Henrik", "Susanne", "Erik", "Aisha", "Mehmet", "Grethe", "Bjarne"]
LAST = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
        "Sørensen", "Rasmussen", "Kaya", "Holm", "Madsen"]
LIBRARIES = ["716100", "773000"]  # Glostrup and Randers: the two with many volunteers


def load_demo(console=None, now: datetime | None = None) -> dict[str, int]:
    """Volunteers with shifts (a past season logged, the coming weeks partly taken) and
    exhibitions with an open call and accepted works. Returns what it made."""
    if Volunteer.objects.exists() or VolunteerRole.objects.exists():
        return {}
    now = now or timezone.now()
    rng = random.Random(2026)
    made = {"volunteers": 0, "shifts": 0, "signups": 0, "exhibitions": 0, "submissions": 0}
    with transaction.atomic():
        roles = {slug: VolunteerRole.objects.create(slug=slug, name=name)
                 for slug, name in ROLES.items()}
        for agency in LIBRARIES:
            library = Library.objects.filter(agency=agency).first()
            main = library and library.branches.filter(kind=Branch.Kind.MAIN).first()
            if main is None:
                continue
            crew = _volunteers(library, roles, rng, made)
            for shift in _shifts(main, roles, now, made):
                _fill(shift, crew, rng, now, made)
        _exhibitions(now, rng, made)
    if console is not None:
        console.print(f"community: {made}")
    return made


def _volunteers(library: Library, roles: dict, rng: random.Random, made: dict) -> list:
    crew = []
    for n in range(12):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        card = f"{library.agency}{1001 + n}" if n < 4 else ""
        if card and not Patron.objects.filter(card=card, library=library).exists():
            card = ""
        chosen = rng.sample(sorted(roles), k=rng.choice([1, 1, 2, 3]))
        if n < 4:
            chosen = sorted({*chosen, "it-cafe", "event-crew"})  # the log-in demo cards see shifts
        email = f"frivillig{n + 1}.{library.agency}@example.dk"
        volunteer = volunteers.save_volunteer(library, volunteers.VolunteerData(
            name=name, email=email, phone=f"2{rng.randrange(10**7):07d}", roles=tuple(chosen),
            card=card))
        volunteer.role_ids = {roles[slug].pk for slug in chosen}
        crew.append(volunteer)
    made["volunteers"] += len(crew)
    return crew


def _shifts(main: Branch, roles: dict, now: datetime, made: dict) -> list[Shift]:
    """Shifts for the weeks around now: on the events demo's occurrences if there are any."""
    made_here = []
    past = now - timedelta(weeks=10)
    ahead = now + timedelta(weeks=6)
    occurrences = list(Occurrence.objects.filter(
        series__library=main.library, start__gte=past, start__lt=ahead, status="scheduled")
        .select_related("series", "branch", "series__branch"))
    for occurrence in occurrences:
        title = occurrence.series.title.lower()
        slug = next((r for key, r in ROLE_FOR_TITLE.items() if key in title), None)
        if slug is None and occurrence.series.category not in ("festival", "talk", "children"):
            continue
        before = min(occurrence.setup_start, occurrence.start) - timedelta(days=30)
        made_here.append(volunteers.shift_for_occurrence(
            occurrence, roles[slug or "event-crew"], before, needed=2 if slug else 3,
            branch=occurrence.branch or occurrence.series.branch or main))
    if not made_here:
        day = timezone.localdate(past)
        while day < timezone.localdate(ahead):
            for weekday, hour, hours, slug, title in STANDING:
                if day.weekday() == weekday:
                    start = datetime.combine(day, time(hour), LOCAL)
                    made_here.append(volunteers.create_shift(volunteers.ShiftData(
                        branch=main, role=roles[slug], title=title, start=start,
                        end=start + timedelta(hours=hours), needed=2,
                        signup_opens=start - timedelta(days=30)), start - timedelta(days=30)))
            day += timedelta(days=1)
    made["shifts"] += len(made_here)
    return made_here


def _fill(shift: Shift, crew: list, rng: random.Random, now: datetime, made: dict) -> None:
    """Past shifts fully staffed and logged; coming ones partly taken."""
    able = [v for v in crew if shift.role_id in v.role_ids]
    rng.shuffle(able)
    wanted = shift.needed if shift.start < now else rng.randrange(shift.needed + 1)
    when = min(shift.signup_opens + timedelta(days=1), shift.start - timedelta(hours=1))
    for volunteer in able:
        if wanted == 0:
            break
        try:
            signup = volunteers.sign_up(volunteer, shift.pk, when)
        except Exception:  # overlaps another of their shifts: the next one takes it
            continue
        wanted -= 1
        made["signups"] += 1
        if shift.end < now:
            hours = Decimal((shift.end - shift.start).seconds) / 3600
            volunteers.log_work(volunteer, signup.pk, hours.quantize(Decimal("0.01")),
                                rng.randrange(2, 9), shift.end)


def _picture(rng: random.Random, title: str) -> SimpleUploadedFile:
    """A small generated 'painting': stripes and circles in a seeded palette."""
    image = Image.new("RGB", (480, 360), tuple(rng.randrange(150, 256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(7):
        x, y, r = rng.randrange(480), rng.randrange(360), rng.randrange(20, 120)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=tuple(rng.randrange(30, 230) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"{title}.png", buffer.getvalue(), content_type="image/png")


WORKS = [("Havnen i morgenlys", "Akvarel", True), ("Min mormors have", "Olie på lærred", True),
         ("Stationen", "Fotografi", True), ("Uden titel", "Collage", False),
         ("Regnvejr på torvet", "Tusch og blæk", None)]


def _exhibitions(now: datetime, rng: random.Random, made: dict) -> None:
    from django.contrib.auth import get_user_model

    today = timezone.localdate(now)
    glostrup = Branch.objects.filter(library__agency="716100", kind=Branch.Kind.MAIN).first()
    randers = Branch.objects.filter(library__agency="773000", kind=Branch.Kind.MAIN).first()
    staff = get_user_model().objects.filter(is_superuser=True).first()
    if randers is not None:
        exhibitions.create_exhibition(exhibitions.ExhibitionData(
            title="Verdensmål i billeder", branch=randers, starts=today - timedelta(days=20),
            ends=today + timedelta(days=40), partner_id=_partner_id(),
            description="Skoleelever fra Randers viser, hvad FN's 17 verdensmål betyder for "
                        "dem. En udstilling i samarbejde med byens skoler."))
        made["exhibitions"] += 1
    if glostrup is None:
        return
    show = exhibitions.create_exhibition(exhibitions.ExhibitionData(
        title="Borgernes udstilling: Mit Glostrup", branch=glostrup,
        starts=today - timedelta(days=7), ends=today + timedelta(days=60), open_call=True,
        call_deadline=datetime.combine(today + timedelta(days=21), time(23, 59), LOCAL),
        description="Borgere i Glostrup viser deres egne værker: malerier, fotografier og "
                    "tegninger af byen. Indsend dit eget værk inden fristen."))
    made["exhibitions"] += 1
    for n, (title, technique, accepted) in enumerate(WORKS):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        submission = exhibitions.submit(show, exhibitions.SubmissionData(
            name=name, email=f"kunstner{n + 1}@example.dk", title=title, description=technique,
            images=[_picture(rng, title)]), now - timedelta(days=10 - n))
        made["submissions"] += 1
        if accepted is not None and staff is not None:
            exhibitions.decide(submission.pk, accepted, staff, now - timedelta(days=8 - n))
    # A themed exhibition coming up, to show "coming up".
    exhibitions.create_exhibition(exhibitions.ExhibitionData(
        title="Vinterens bøger", branch=glostrup, starts=today + timedelta(days=45),
        ends=today + timedelta(days=100),
        description="Bibliotekarernes bud på lange læsninger til de mørke måneder."))
    made["exhibitions"] += 1


def _partner_id() -> int | None:
    partner = Partner.objects.order_by("name").first()
    return partner.pk if partner else None
