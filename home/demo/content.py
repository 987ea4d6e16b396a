"""The demo content: the home page, the film index, partners and films.

*Last Train Home* recreates the seed page. The other films, their makers, critics and
publications are invented for the demo. Text attributed to Lixin Fan (bio, statement,
interview answers) and the transcripts are placeholders written for the demo, not
quotations; replace them with the real material before showing the site to the public.

Images and documents are described by `ImageSpec` and `DocumentSpec`; the loader
finds them by title or draws them with Pillow, then swaps in their ids. `Html` is
rich text that needs those ids (e.g. a link to a document).
"""

import datetime
import zlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImageSpec:
    title: str  # identity: the loader reuses an image with this title
    kind: str  # "hero", "poster", "portrait", "logo" or "still"
    text: str = ""  # drawn on the image
    palette: str = ""
    motif: str = ""
    description: str = ""  # the image's default alt text
    seed: int = 0
    logo_lines: tuple[str, ...] = ()
    colours: tuple[str, str] = ("#333333", "#ffffff")


@dataclass(frozen=True)
class DocumentSpec:
    title: str  # identity: the loader reuses a document with this title
    filename: str
    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    stills: tuple[tuple[str, ImageSpec], ...] = ()  # (caption, still) pages for a contact sheet


@dataclass(frozen=True)
class Html:
    """Rich text whose {placeholders} are filled with the ids of images or documents."""

    template: str
    refs: dict = field(default_factory=dict, hash=False)


PALETTES = {
    "dusk": {
        "top": (24, 34, 58),
        "bottom": (214, 120, 52),
        "dark": (18, 20, 28),
        "light": (255, 214, 128),
        "accent": (170, 52, 48),
    },
    "river": {
        "top": (40, 78, 96),
        "bottom": (196, 170, 120),
        "dark": (28, 40, 44),
        "light": (226, 232, 214),
        "accent": (200, 96, 52),
    },
    "salt": {
        "top": (120, 170, 206),
        "bottom": (240, 228, 210),
        "dark": (70, 64, 60),
        "light": (250, 248, 240),
        "accent": (206, 180, 150),
    },
    "coal": {
        "top": (62, 66, 80),
        "bottom": (170, 150, 130),
        "dark": (30, 30, 34),
        "light": (250, 200, 110),
        "accent": (196, 72, 40),
    },
    "stage": {
        "top": (58, 20, 60),
        "bottom": (190, 90, 90),
        "dark": (30, 12, 30),
        "light": (250, 236, 200),
        "accent": (248, 196, 80),
    },
    "night": {
        "top": (8, 14, 40),
        "bottom": (50, 70, 110),
        "dark": (22, 28, 48),
        "light": (240, 236, 190),
        "accent": (200, 40, 50),
    },
}


def _logo(name: str, lines: tuple[str, ...], background: str, foreground: str = "#ffffff") -> ImageSpec:
    return ImageSpec(
        title=f"{name} logo",
        kind="logo",
        description=name,
        logo_lines=lines,
        colours=(background, foreground),
    )


PARTNERS = [
    {
        "name": "ITVS",
        "url": "https://itvs.org",
        "description": "The Independent Television Service (ITVS) funds, presents and promotes "
        "independent documentaries on public television and online.",
        "logo": _logo("ITVS", ("ITVS",), "#1d3f72"),
    },
    {
        "name": "CAAM",
        "url": "https://caamedia.org",
        "description": "The Center for Asian American Media (CAAM) funds, produces, distributes and "
        "exhibits films that convey the richness and diversity of Asian American experiences.",
        "logo": _logo("CAAM", ("CAAM",), "#c8362e"),
    },
    {
        "name": "Public Media Fund",
        "url": "",
        "description": "A (fictional, demo) fund supporting independent nonfiction films about work, "
        "community and the environment for public broadcast.",
        "logo": _logo("Public Media Fund", ("PUBLIC MEDIA", "FUND"), "#2f6b4f"),
    },
    {
        "name": "Northern Lights Documentary Fund",
        "url": "",
        "description": "A (fictional, demo) foundation giving development and completion grants to "
        "first- and second-time documentary directors.",
        "logo": _logo(
            "Northern Lights Documentary Fund", ("NORTHERN LIGHTS", "DOCUMENTARY FUND"), "#13294b", "#7fe0c8"
        ),
    },
]

HOME = {
    "title": "Home",
    "slug": "home",
    "intro": "<p>Independent documentaries for public television: stories of work, family and "
    "home from around the world. Watch what is <b>streaming now</b>, see what premieres next, "
    "and read the latest news about the films.</p>",
    "featured": ["last-train-home", "after-the-seam", "the-night-ward"],
}

INDEX = {
    "title": "Films",
    "slug": "films",
    "intro": "<p>Every film in the strand, newest first. Filter by topic, year or season to find a film, "
    "its broadcast dates, clips, interviews with the filmmakers and press materials.</p>",
}


def youtube(code: str) -> str:
    """A watch URL with a made-up, syntactically valid 11-character id (no real video)."""
    assert len(code) == 11, code
    return f"https://www.youtube.com/watch?v={code}"


def broadcast(date: datetime.date, kind: str = "encore", at: str = "", **extra) -> dict:
    """A broadcast row: `at` is the "HH:MM" wall clock (blank: not announced), in the strand's
    zone unless `time_zone` is given."""
    time = datetime.time.fromisoformat(at) if at else None
    return {"date": date, "kind": kind, "time": time, **extra}


LOCAL_LISTINGS = "Check local listings"


def heading(text: str, level: str = "h2") -> tuple:
    return ("heading", {"text": text, "level": level})


def quote(text: str, critic: str, publication: str = "", **extra) -> tuple:
    return ("quote", {"text": text, "critic": critic, "publication": publication, **extra})


class Film:
    """Helpers that give a film's clips consistent ids, posters and artwork."""

    def __init__(self, title: str, code: str, palette: str, motif: str):
        self.title, self.code, self.palette, self.motif = title, code, palette, motif

    def image(self, kind: str, label: str, seed: int, description: str = "", text: str = "") -> ImageSpec:
        return ImageSpec(
            title=f"{self.title} — {label}",
            kind=kind,
            text=text or label,
            palette=self.palette,
            motif=self.motif,
            description=description,
            seed=seed,
        )

    def hero(self, description: str) -> ImageSpec:
        return self.image("hero", "hero image", 0, description, text=self.title)

    def video_value(self, n, title, caption="", duration="", transcript="", poster=True) -> dict:
        code = f"demo-{self.code}-{n:02d}" if isinstance(n, int) else f"demo-{self.code}-{n}"
        value = {"title": title, "caption": caption, "duration": duration, "url": youtube(code)}
        if poster:
            value["poster"] = self.image(
                "poster", f"clip: {title}", seed=zlib.crc32(code.encode()) % 10_000, text=title
            )
        if transcript:
            value["transcript"] = transcript
        return value

    def video(self, *args, **kwargs) -> tuple:
        return ("video", self.video_value(*args, **kwargs))


def portrait(name: str, colour: str, description: str = "") -> ImageSpec:
    return ImageSpec(
        title=f"{name} — portrait",
        kind="portrait",
        text=name,
        description=description or f"Portrait of {name}",
        colours=(colour, "#f4efe6"),
    )


def text_document(film: str, label: str, paragraphs: list[str]) -> DocumentSpec:
    slug = "-".join(f"{film} {label}".lower().replace("—", " ").split())
    return DocumentSpec(
        title=f"{film} — {label}",
        filename=f"{slug}.pdf",
        heading=label,
        paragraphs=tuple(paragraphs),
    )


# Last Train Home (the seed page)

LTH = Film("Last Train Home", "lth", "dusk", "train")
LIXIN_FAN_PORTRAIT = portrait("Lixin Fan", "#7a3b2e", "Portrait placeholder for director Lixin Fan")

LTH_QUOTES = [
    quote(
        "It's one of those extraordinary films, like 'Hoop Dreams,' that tells a story the makers could "
        "not possibly have anticipated in advance. It works like stunning, grieving fiction.",
        "Roger Ebert",
        "Chicago Sun Times",
    ),
    quote(
        "It tells the story of a family caught, and possibly crushed, between the past and the future — "
        "a story that, on its own, is moving, even heartbreaking. Multiplied by 130 million, it becomes "
        "a terrifying and sobering panorama of the present....",
        "A.O. Scott",
        "The New York Times",
    ),
    quote("A miniature masterpiece of documentary observation....", "Ty Burr", "The Boston Globe"),
]
LTH_PULL_QUOTE = (
    "Remarkable... Fan has visual panache — Last Train Home has some gorgeously composed shots — but he "
    "also has something that can’t be taught: The patience and understanding to allow a family to tell "
    "their heartbreaking story in their own way..."
)

LTH_AWARD_RELEASE = text_document(
    "Last Train Home",
    "2012 Emmy Winner Press Release",
    [
        "FOR IMMEDIATE RELEASE — October 2012",
        "Last Train Home, Lixin Fan's portrait of a migrant family separated by China's economic boom, "
        "has won a News and Documentary Emmy Award. The award was presented at the annual News and "
        "Documentary Emmy Awards ceremony in New York on October 1, 2012.",
        "The film follows the Zhangs, who left their infant children in their home village to work in "
        "factories in Guangzhou, on their annual journey home for the New Year holiday — a journey they "
        "share with some 130 million other migrant workers.",
        "Last Train Home was broadcast in 2011 in association with ITVS and as a co-presentation with the "
        "Center for Asian American Media (CAAM).",
        "This is placeholder text written for the demo site.",
    ],
)

LTH_STILLS = [
    ("Travellers crowd the forecourt of Guangzhou railway station before the New Year.", 101),
    ("A crowded carriage on the long journey home to Sichuan.", 102),
    ("Fields outside the Zhangs' home village in Huilong.", 103),
    ("Evening light over the factory district where the Zhangs work.", 104),
]


def qa(question: str, *paragraphs: str) -> dict:
    return {"question": question, "answer": "".join(f"<p>{p}</p>" for p in paragraphs)}


# Placeholder answers written for the demo (see the module docstring), not quotations.
LTH_INTERVIEW = [
    qa(
        "How did you come to make a film about China's migrant workers?",
        "As a journalist I travelled all over China, and everywhere I went I met people who had left "
        "their villages to work in the cities. Every New Year some 130 million of them try to go home "
        "at the same time. It is the largest migration on earth, but each journey is one family's "
        "story, and I wanted to tell one of those stories from the inside.",
    ),
    qa(
        "How did you come to know the Zhang family?",
        "We met many families before we met the Zhangs. What moved me was that they had made this "
        "sacrifice for their children, and yet their daughter Qin did not see it that way. We spent a "
        "long time with them before filming anything, and over the years the camera simply became part "
        "of their lives.",
    ),
    qa(
        "What was it like to film in the stations and on the trains?",
        "Physically it was very hard. Hundreds of thousands of people wait outside the station in "
        "Guangzhou, sometimes for days, and inside a train there is no room to move. We used small "
        "cameras and tried to stay close to the family without adding to the pressure they were under.",
    ),
    qa(
        "What do you hope audiences take away from the film?",
        "That the things we buy carry the lives of the people who make them. China's growth has a human "
        "cost, and much of it is paid by families like the Zhangs, who live apart from their children "
        "for years.",
    ),
]


def last_train_home(today: datetime.date) -> dict:
    interview_video = LTH.video_value("iv", "Lixin Fan on Last Train Home", duration="6:42", poster=True) | {
        "caption": "Director Lixin Fan discusses the making of Last Train Home."
    }
    return {
        "slug": "last-train-home",
        "title": "Last Train Home",
        "year": 2009,
        "synopsis": "Last Train Home takes viewers on a heart-stopping journey with the Zhangs, a couple "
        "who left infant children behind for factory jobs 16 years ago, hoping their wages would lift "
        "their children to a better life.",
        "runtime": 90,
        "premiere_date": datetime.date(2011, 9, 27),
        "broadcasts": [
            broadcast(datetime.date(2011, 9, 27), "premiere", "22:00", note=LOCAL_LISTINGS),
            broadcast(datetime.date(2013, 8, 5)),
            broadcast(
                today + datetime.timedelta(days=3), at="21:00", programme_code="STR-2411", note=LOCAL_LISTINGS
            ),
        ],
        "streaming_start": datetime.date(2011, 9, 28),
        "streaming_end": datetime.date(2011, 10, 27),
        "updated_on": datetime.date(2014, 4, 23),
        "topics": ["China", "Migration", "Labor", "Family"],
        "hero_image": LTH.hero("A crowded railway platform at dusk beside a long train (illustration)"),
        "hero_alt": "Passengers crowd a platform at Guangzhou train station",
        "filmmakers": [
            {
                "name": "Lixin Fan",
                "role": "Director",
                "photo": LIXIN_FAN_PORTRAIT,
                "bio": "<p>Lixin Fan is a Chinese-Canadian filmmaker born in Wuhan, China. He worked as a "
                "documentary journalist at China Central Television (CCTV), travelling across the country "
                "to report on the lives of ordinary people, before turning to independent film. "
                "<i>Last Train Home</i> is his feature directorial debut.</p>",
                "statement": "<p>Every year, on the eve of the Lunar New Year, I watched the railway "
                "stations fill with people trying to go home. I come from a city that many of them pass "
                "through, and I wanted to understand what that journey costs a family: the years apart, "
                "the children raised by grandparents, the hope that all of it will be worth it. I spent "
                "years with the Zhangs so that they could tell their story in their own way, and I hope "
                "that audiences who buy the things made in these factories will see the people who make "
                "them.</p>",
                "interview_url": "",
            }
        ],
        "trailer": {
            "title": "Last Train Home trailer",
            "url": youtube("demo-lth-tr"),
            "duration": "2:11",
            "caption": "The official trailer for Last Train Home, directed by Lixin Fan.",
            "poster": LTH.image("poster", "trailer poster", 7, text="Last Train Home — trailer"),
        },
        "pull_quote": {
            "text": LTH_PULL_QUOTE,
            "critic": "G. Allen Johnson",
            "publication": "San Francisco Chronicle",
        },
        "resources": [
            {
                "kind": "photos",
                "label": "Download Here",
                "document": DocumentSpec(
                    title="Last Train Home — production stills",
                    filename="last-train-home-stills.pdf",
                    stills=tuple(
                        (caption, LTH.image("still", f"still {i}", seed, caption))
                        for i, (caption, seed) in enumerate(LTH_STILLS, start=1)
                    ),
                ),
            },
            {
                "kind": "press_release",
                "label": "Press Release",
                "document": text_document(
                    "Last Train Home",
                    "Press Release",
                    [
                        "Last Train Home, a film by Lixin Fan, premieres on public television on "
                        "Tuesday, September 27, 2011, and streams online from September 28 to "
                        "October 27, 2011.",
                        "Every spring, China's railways are overwhelmed by an exodus of 130 million migrant "
                        "workers travelling home for the New Year. Last Train Home follows one couple, the "
                        "Zhangs, on that journey, and the daughter they left behind as an infant.",
                        "Last Train Home is presented in association with ITVS and as a co-presentation "
                        "with the Center for Asian American Media (CAAM).",
                        "This is placeholder text written for the demo site.",
                    ],
                ),
            },
            {
                "kind": "critical_acclaim",
                "label": "Critical Acclaim",
                "document": text_document(
                    "Last Train Home",
                    "Critical Acclaim",
                    [f"“{LTH_PULL_QUOTE}” — G. Allen Johnson, San Francisco Chronicle"]
                    + [f"“{q['text']}” — {q['critic']}, {q['publication']}" for _, q in LTH_QUOTES],
                ),
            },
            {
                "kind": "fact_sheet",
                "label": "Fact Sheet",
                "document": text_document(
                    "Last Train Home",
                    "Fact Sheet",
                    [
                        "Title: Last Train Home",
                        "Director: Lixin Fan",
                        "Year of release: 2009",
                        "Running time: 90 minutes",
                        "Broadcast premiere: September 27, 2011; encore broadcast: August 5, 2013",
                        "Streaming: September 28 – October 27, 2011",
                        "Language: Chinese, with English subtitles",
                        "Topics: China, migration, labor, family",
                        "Partners: in association with ITVS; a co-presentation with CAAM",
                    ],
                ),
            },
            {"kind": "award", "label": "2012 Emmy Winner Press Release", "document": LTH_AWARD_RELEASE},
        ],
        "partners": [("ITVS", "in_association"), ("CAAM", "co_presentation")],
        "body": [
            heading("Additional Video"),
            LTH.video(
                1,
                "Waiting at Guangzhou station",
                "Workers waiting at China's Guangzhou train station express their disappointments with "
                "factory life and traveling home for the New Year.",
                "2:35",
                transcript="<p>[Demo transcript. Crowds fill the square outside Guangzhou railway station "
                "at night; loudspeaker announcements echo over the noise.]</p><p>[Workers sitting on their "
                "luggage talk about long hours on the factory floor, the money they send home, and how many "
                "days they have already waited for a ticket.]</p>",
            ),
            LTH.video(
                2,
                "Tempers rise on the platform",
                "The Zhangs as well as other migrant workers become annoyed police officers at Guangzhou "
                "train station.",
                "1:48",
            ),
            LTH.video(
                3,
                "New Year in Huilong",
                "New Year celebrations in Huilong bring vibrant costumes, music and parades to the village.",
                "2:12",
            ),
            LTH.video(
                4,
                "Qin's frustrations",
                "In this clip from Last Train Home, Qin expresses her frustrations with the lives and "
                "occupations that her parents have chosen.",
                "3:05",
            ),
            LTH.video(
                5,
                "A mother remembers",
                "In this clip from Last Train Home, a mother remembers how it felt to leave her 8-month-old "
                "in the care of her family in order to seek a better life in the city.",
                "2:41",
            ),
            LTH.video(
                6,
                "The journey home",
                "In this clip from Last Train Home, a Chinese worker travels home for New Year celebrations.",
                "1:57",
            ),
            LTH.video(
                7,
                "The great migration",
                "Millions of migrant workers make their way home for Chinese New Year celebrations.",
                "2:20",
                transcript="<p>[Demo transcript. Aerial views of packed station forecourts and queues that "
                "stretch for blocks. Trains pull out, every seat and aisle full.]</p><p>[A caption explains "
                "that each year some 130 million migrant workers travel home for the New Year, the largest "
                "human migration on earth.]</p>",
            ),
            heading("Filmmaker Interviews"),
            (
                "interview",
                {
                    "name": "Lixin Fan",
                    "role": "Director",
                    "photo": LIXIN_FAN_PORTRAIT,
                    "introduction": "<p>Lixin Fan talks about the lives of Chinese migrant workers that he "
                    "chronicled in Last Train Home.</p>",
                    "video": interview_video,
                    "questions": LTH_INTERVIEW,
                },
            ),
            heading("Film Update"),
            (
                "update",
                {
                    "date": datetime.date(2012, 10, 1),
                    "headline": "Last Train Home wins News and Documentary Emmy",
                    "body": Html(
                        "<p><i>Last Train Home</i> has won a News and Documentary Emmy Award, presented at "
                        "the annual ceremony in New York. Read the "
                        '<a linktype="document" id="{award}">2012 Emmy winner press release</a>.</p>',
                        {"award": LTH_AWARD_RELEASE},
                    ),
                },
            ),
            heading("Critical Acclaim"),
            *LTH_QUOTES,
        ],
    }


# The invented films


def where_the_sea_leaves_salt(today: datetime.date) -> dict:
    f = Film("Where the Sea Leaves Salt", "slt", "salt", "salt")
    return {
        "slug": "where-the-sea-leaves-salt",
        "title": f.title,
        "year": 2019,
        "synopsis": "On a tidal flat where the monsoon floods the land for half the year, three "
        "generations of a salt-farming family race the weather to raise one last harvest before rising "
        "seas take their fields.",
        "runtime": 84,
        "premiere_date": datetime.date(2020, 5, 11),
        "broadcasts": [
            broadcast(datetime.date(2020, 5, 11), "premiere", "21:00", note=LOCAL_LISTINGS),
            broadcast(datetime.date(2021, 1, 4)),
        ],
        "streaming_start": datetime.date(2020, 5, 12),
        "streaming_end": datetime.date(2020, 6, 10),
        "updated_on": None,
        "topics": ["India", "Climate", "Agriculture"],
        "hero_image": f.hero("Salt pans glittering under a pale sky, with white salt mounds (illustration)"),
        "hero_alt": "",
        "filmmakers": [
            {
                "name": "Meera Kulkarni",
                "role": "Director",
                "photo": portrait("Meera Kulkarni", "#8a6d3b"),
                "bio": "<p>Meera Kulkarni (a fictional demo filmmaker) is a cinematographer and director "
                "whose short films about coastal communities have screened at festivals worldwide. "
                "<i>Where the Sea Leaves Salt</i> is her first feature.</p>",
                "statement": "<p>I spent four seasons on the salt flats, living with the family between "
                "harvests. I wanted the film to move at the pace of their work: slow, patient and "
                "completely at the mercy of the weather.</p>",
                "interview_url": "",
            }
        ],
        "trailer": f.video_value("tr", f"{f.title} trailer", "The trailer.", "1:52"),
        "pull_quote": {
            "text": "Patient, luminous and quietly furious about what a warming world is taking away.",
            "critic": "Dana Whitlock",
            "publication": "Documentary Quarterly (demo)",
        },
        "resources": [
            {
                "kind": "press_release",
                "label": "Press Release",
                "document": text_document(
                    f.title,
                    "Press Release",
                    [
                        f"{f.title}, a film by Meera Kulkarni, premieres on public television on "
                        "May 11, 2020.",
                        "This is placeholder text written for the demo site.",
                    ],
                ),
            },
            {"kind": "other", "label": "Filmmaker website (demo)", "link": "https://example.org/salt"},
        ],
        "partners": [("Public Media Fund", "funded_by"), ("ITVS", "in_association")],
        "body": [
            heading("Clips"),
            f.video(
                1, "Raking the pans", "Before dawn, the family rakes the brine into ridges to dry.", "2:05"
            ),
            f.video(2, "The tide comes in", "A storm surge reaches the outer pans weeks early.", "1:34"),
            (
                "image",
                {
                    "image": {
                        "image": f.image("still", "still: harvest", 21, "Salt heaped in white mounds"),
                        "decorative": False,
                        "alt_text": "Salt heaped into white mounds across a flat, shining field",
                    },
                    "caption": "The last harvest of the season.",
                    "credit": "Demo image",
                },
            ),
            heading("Critical Acclaim"),
            quote(
                "A film of enormous patience that earns every minute of its quiet ending.",
                "Rafael Ortiz",
                "The Harbor Review (demo)",
            ),
        ],
    }


def the_night_ward(today: datetime.date) -> dict:
    f = Film("The Night Ward", "nwd", "night", "ward")
    premiere = today + datetime.timedelta(days=14)
    return {
        "slug": "the-night-ward",
        "title": f.title,
        "year": today.year,
        "synopsis": "Between midnight and morning, a veteran nurse holds together an understaffed "
        "emergency ward in a city hospital, while deciding whether she can afford to keep doing the job "
        "she loves.",
        "runtime": 62,
        "premiere_date": premiere,
        "broadcasts": [
            broadcast(premiere, "premiere", "21:00", programme_code="STR-2412", note=LOCAL_LISTINGS),
            broadcast(
                premiere + datetime.timedelta(days=6),
                at="22:00",
                time_zone="America/Los_Angeles",
                duration=60,
                note="West coast encore; check local listings",
            ),
        ],
        "streaming_start": premiere + datetime.timedelta(days=1),
        "streaming_end": premiere + datetime.timedelta(days=31),
        "updated_on": None,
        "topics": ["Health Care", "Work", "Cities"],
        "hero_image": f.hero("A hospital building at night with a few lit windows (illustration)"),
        "hero_alt": "",
        "filmmakers": [
            {
                "name": "Jordan Ellery",
                "role": "Director",
                "photo": portrait("Jordan Ellery", "#2d4a6b"),
                "bio": "<p>Jordan Ellery (a fictional demo filmmaker) worked as a paramedic for a decade "
                "before making documentaries about people who work while the rest of us sleep.</p>",
                "statement": "<p>I know what three in the morning feels like on a ward. I wanted to make a "
                "film that sees night-shift nurses as the experts they are.</p>",
                "interview_url": "",
            }
        ],
        "trailer": f.video_value("tr", f"{f.title} trailer", "A first look at the film.", "1:30"),
        "pull_quote": None,
        "resources": [],
        "partners": [("ITVS", "presented_by"), ("Northern Lights Documentary Fund", "supported_by")],
        "body": [
            heading("Film Update"),
            (
                "update",
                {
                    "date": today - datetime.timedelta(days=10),
                    "headline": "The Night Ward premieres soon",
                    "body": f"<p><i>The Night Ward</i> has its broadcast premiere on "
                    f"{premiere:%B} {premiere.day}, {premiere.year}, and streams for a month afterwards.</p>",
                },
            ),
            heading("Preview"),
            f.video(
                1,
                "Shift change",
                "At 11 p.m. the day team hands over twenty patients to four nurses.",
                "2:48",
            ),
        ],
    }


def after_the_seam(today: datetime.date) -> dict:
    f = Film("After the Seam", "sem", "coal", "mine")
    premiere = today - datetime.timedelta(days=21)
    return {
        "slug": "after-the-seam",
        "title": f.title,
        "year": today.year - 2,
        "synopsis": "When the last coal mine in an Appalachian town closes, a union electrician, a "
        "high-school principal and a young mayor each try to imagine what the town can become.",
        "runtime": 96,
        "premiere_date": premiere,
        "broadcasts": [
            broadcast(premiere, "premiere", "21:00", note=LOCAL_LISTINGS),
            broadcast(premiere + datetime.timedelta(days=14), at="22:00"),
            broadcast(today + datetime.timedelta(days=2), at="23:00", note="Late-night encore"),
        ],
        "streaming_start": premiere + datetime.timedelta(days=1),
        "streaming_end": today + datetime.timedelta(days=70),
        "updated_on": None,
        "topics": ["Appalachia", "Economy", "Labor"],
        "hero_image": f.hero("A mine headframe against hills at sunset (illustration)"),
        "hero_alt": "",
        "filmmakers": [
            {
                "name": "Caleb Haskins",
                "role": "Director",
                "photo": portrait("Caleb Haskins", "#4a4a3a"),
                "bio": "<p>Caleb Haskins (a fictional demo filmmaker) grew up in a coal town and has made "
                "short documentaries about rural America.</p>",
                "statement": "<p>This is my hometown. I wanted to film it as it is, not as an elegy.</p>",
                "interview_url": "",
            },
            {
                "name": "Renée Okafor",
                "role": "Producer",
                "photo": portrait("Renée Okafor", "#6b3a52"),
                "bio": "<p>Renée Okafor (a fictional demo producer) produces independent documentaries "
                "about work and place.</p>",
                "statement": "",
                "interview_url": "",
            },
        ],
        "trailer": f.video_value("tr", f"{f.title} trailer", "The trailer.", "2:02"),
        "pull_quote": {
            "text": "Clear-eyed and generous, a portrait of a town refusing to be written off.",
            "critic": "Amos Pruitt",
            "publication": "Ridge Country Weekly (demo)",
        },
        "resources": [
            {
                "kind": "fact_sheet",
                "label": "Fact Sheet",
                "document": text_document(
                    f.title,
                    "Fact Sheet",
                    [
                        f"Title: {f.title}",
                        "Director: Caleb Haskins; Producer: Renée Okafor",
                        "Running time: 96 minutes",
                        "This is placeholder text written for the demo site.",
                    ],
                ),
            }
        ],
        "partners": [
            ("Northern Lights Documentary Fund", "funded_by"),
            ("ITVS", "in_association"),
            ("Public Media Fund", "supported_by"),
        ],
        "body": [
            heading("Additional Video"),
            f.video(1, "Last shift", "Miners come up from the last shift before the closure.", "3:12"),
            f.video(2, "Town meeting", "Residents argue about what should replace the mine.", "2:27"),
            heading("Filmmaker Interviews"),
            (
                "interview",
                {
                    "name": "Caleb Haskins",
                    "role": "Director",
                    "photo": portrait("Caleb Haskins", "#4a4a3a"),
                    "introduction": "<p>Director Caleb Haskins on filming in his hometown.</p>",
                    "questions": [
                        {
                            "question": "Was it hard to film people you grew up with?",
                            "answer": "<p>It made it easier to be trusted and harder to be objective.</p>",
                        },
                        {
                            "question": "What surprised you most?",
                            "answer": "<p>How many people were already building something new.</p>",
                        },
                    ],
                },
            ),
            heading("Critical Acclaim"),
            quote(
                "Never sentimental and never hopeless: the rare film about decline that looks forward.",
                "Nadia Brooks",
                "The Valley Ledger (demo)",
            ),
        ],
    }


def second_chair(today: datetime.date) -> dict:
    f = Film("Second Chair", "sch", "stage", "music")
    premiere = today + datetime.timedelta(days=45)
    return {
        "slug": "second-chair",
        "title": f.title,
        "year": today.year - 1,
        "synopsis": "A youth orchestra of the children of immigrants spends a year preparing for its "
        "first tour abroad, as its members juggle auditions, part-time jobs and their families' hopes.",
        "runtime": 88,
        "premiere_date": premiere,
        "broadcasts": [broadcast(premiere, "premiere", note="Time to be announced; check local listings")],
        "streaming_start": premiere + datetime.timedelta(days=1),
        "streaming_end": premiere + datetime.timedelta(days=60),
        "updated_on": None,
        "topics": ["Music", "Youth", "Education"],
        "hero_image": f.hero("Musical staves and notes over a warm stage-lit gradient (illustration)"),
        "hero_alt": "",
        "filmmakers": [
            {
                "name": "Hana Sato",
                "role": "Director",
                "photo": portrait("Hana Sato", "#5b2d5e"),
                "bio": "<p>Hana Sato (a fictional demo filmmaker) played viola in a youth orchestra before "
                "studying film.</p>",
                "statement": "<p>Second chair is where most musicians spend their lives. I wanted to film "
                "the kids who are not the soloists.</p>",
                "interview_url": "",
            }
        ],
        "trailer": None,
        "pull_quote": {
            "text": "Joyful, funny and unexpectedly moving.",
            "critic": "Lena Morrow",
            "publication": "Festival Daily (demo)",
        },
        "resources": [],
        "partners": [("CAAM", "co_presentation"), ("Public Media Fund", "funded_by")],
        "body": [
            heading("Film Update"),
            (
                "update",
                {
                    "date": today - datetime.timedelta(days=3),
                    "headline": "Second Chair broadcast premiere announced",
                    "body": f"<p><i>Second Chair</i> premieres on "
                    f"{premiere:%B} {premiere.day}, {premiere.year}.</p>",
                },
            ),
            heading("Clips"),
            f.video(1, "Sectionals", "The violas rehearse a passage they cannot yet play.", "1:41"),
            quote(
                "Every teenager in it deserves a standing ovation.",
                "Paul Varga",
                "The Metro Arts Review (demo)",
            ),
        ],
    }


def the_long_water(today: datetime.date) -> dict:
    f = Film("The Long Water", "lwt", "river", "water")
    return {
        "slug": "the-long-water",
        "title": f.title,
        "year": 2016,
        "synopsis": "On a great lake that swells and shrinks with the seasons, a family of river "
        "fishermen follows the fish that feed a country, and finds fewer every year.",
        "runtime": 78,
        "premiere_date": datetime.date(2017, 3, 20),
        "broadcasts": [broadcast(datetime.date(2017, 8, 14)), broadcast(datetime.date(2018, 1, 8))],
        "streaming_start": datetime.date(2017, 3, 21),
        "streaming_end": datetime.date(2017, 4, 19),
        "updated_on": datetime.date(2018, 2, 1),
        "topics": ["Cambodia", "Environment", "Food"],
        "hero_image": f.hero("A fishing boat with a net on rippling water (illustration)"),
        "hero_alt": "",
        "filmmakers": [
            {
                "name": "Sopheap Chan",
                "role": "Director",
                "photo": portrait("Sopheap Chan", "#2f5d62"),
                "bio": "<p>Sopheap Chan (a fictional demo filmmaker) is a director and editor.</p>",
                "statement": "<p>The lake is the heart of the country, and it is getting weaker.</p>",
                "interview_url": "",
            }
        ],
        "trailer": f.video_value("tr", f"{f.title} trailer", "The trailer.", "2:16"),
        "pull_quote": None,
        "resources": [
            {
                "kind": "press_release",
                "label": "Press Release",
                "document": text_document(
                    f.title,
                    "Press Release",
                    [
                        f"{f.title}, directed by Sopheap Chan, premieres on March 20, 2017.",
                        "This is placeholder text written for the demo site.",
                    ],
                ),
            }
        ],
        "partners": [
            ("CAAM", "presented_by"),
            ("ITVS", "in_association"),
            ("Northern Lights Documentary Fund", "supported_by"),
        ],
        "body": [
            heading("Additional Video"),
            f.video(1, "Casting the nets", "Before sunrise, the family sets its nets.", "2:33"),
            f.video(2, "The dry season", "When the water falls, the floating village moves.", "1:59"),
            heading("Film Update"),
            (
                "update",
                {
                    "date": datetime.date(2017, 12, 15),
                    "headline": "The Long Water returns for an encore broadcast",
                    "body": "<p>The film returns to public television on January 8, 2018.</p>",
                },
            ),
            heading("Critical Acclaim"),
            quote("Gorgeous and unhurried.", "Iris Calder", "The Northern Screen (demo)"),
            quote("A quiet warning about what we eat.", "Tom Reyes", "Field Notes Magazine (demo)"),
        ],
    }


FILMS = [
    last_train_home,
    where_the_sea_leaves_salt,
    the_night_ward,
    after_the_seam,
    second_chair,
    the_long_water,
]


# The strand's first season aired in 1988, so Last Train Home (premiered 2011) is in Season 24.
FIRST_SEASON_YEAR = 1988
SEASON_INTROS = {
    24: "<p>The strand's twenty-fourth season, broadcast in 2011: films about work and the families "
    "it separates, from the factories of southern China to the coalfields of Appalachia.</p>",
}


def season(year: int) -> dict:
    """The season of films premiered in ``year``: its page's number, slug, title and intro."""
    number = year - FIRST_SEASON_YEAR + 1
    return {
        "number": number,
        "year": year,
        "slug": f"season-{number}",
        "title": f"Season {number} ({year})",
        "intro": SEASON_INTROS.get(
            number,
            f"<p>The films the strand premiered in {year}, in the order they were first broadcast.</p>",
        ),
    }


COLLECTIONS = [
    {
        "title": "Stories of migration",
        "intro": "<p>Leaving home for work, and the journeys back: three films about people who move "
        "so that their families can stay afloat.</p>",
        "feature_on_home": True,
        "films": ["last-train-home", "the-long-water", "where-the-sea-leaves-salt"],
    },
]


def films(today: datetime.date) -> list[dict]:
    """Every demo film, each in the season of its premiere."""
    specs = [build(today) for build in FILMS]
    for spec in specs:
        spec["season"] = season(spec["premiere_date"].year)
    return specs
