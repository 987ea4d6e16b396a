"""A film page that uses every block, option and relation: for checks that must see them all
(HTML validity, accessibility), since the demo content leaves some out."""

from film.models import FilmIndexPage, FilmPage

from .factories import create_document, create_film, create_image, create_partner


def every_block_film() -> FilmPage:
    """A film using every block, option and relation the demo content leaves out."""
    still = create_image("still", description="A train at dusk", size=(1600, 900))
    video_file = create_document("Clip", "clip.mp4", b"\x00\x00\x00\x18ftypmp42")
    captions = create_document("Clip captions", "clip.vtt", b"WEBVTT\n")
    press = create_document("Press kit", "press.pdf")
    clip = {
        "title": "Uploaded clip",
        "caption": "An uploaded file with captions.",
        "duration": "1:02:03",
        "file": video_file.pk,
        "captions": captions.pk,
        "poster": create_image("poster", size=(640, 360)).pk,
        "transcript": "<p>Every word, <i>said</i>.</p>",
    }
    return create_film(
        FilmIndexPage.objects.get(),
        "Every Block",
        slug="every-block",
        runtime=75,
        hero_image=create_image("hero", description="A hero", size=(1600, 686)),
        filmmakers=[
            {
                "name": "Ana Ruiz",
                "role": "Director",
                "photo": create_image("portrait", size=(200, 200)),
                "bio": "<p>Born by the sea.</p>",
                "statement": "<p>Why I made it.</p>",
                "interview_url": "https://example.com/interview",
            }
        ],
        partners=[
            (
                create_partner(
                    "Logo Fund", logo=create_image("logo", size=(480, 192)), url="https://example.com"
                ),
                "funded_by",
            ),
            (create_partner("Plain Partner"), "supported_by"),
        ],
        resources=[
            {"kind": "photos", "label": "Photos", "document": press},
            {"kind": "other", "label": "Site", "link": "https://example.com"},
        ],
        body=[
            ("heading", {"text": "Stills", "level": "h2"}),
            ("heading", {"text": "Closer", "level": "h3"}),
            (
                "rich_text",
                f'<h3>Notes</h3><ul><li>One</li></ul><p><a linktype="document" id="{press.pk}">Press</a></p>',
            ),
            (
                "image",
                {
                    "image": {"image": still.pk, "alt_text": "A train", "decorative": False},
                    "caption": "Dusk",
                    "credit": "A. Ruiz",
                },
            ),
            (
                "image",
                {
                    "image": {"image": still.pk, "alt_text": "", "decorative": True},
                    "caption": "",
                    "credit": "",
                },
            ),
            ("video", clip),
            (
                "interview",
                {
                    "name": "Ana Ruiz",
                    "role": "Director",
                    "photo": create_image("interview portrait", size=(200, 200)).pk,
                    "introduction": "<p>We spoke in March.</p>",
                    "video": {**clip, "title": "Interview clip"},
                    "questions": [{"question": "Why?", "answer": "<p>Because.</p>"}],
                },
            ),
            ("update", {"date": "2024-01-02", "headline": "Award", "body": "<p>Won.</p>"}),
            (
                "quote",
                {
                    "text": "Superb.",
                    "critic": "C. Critic",
                    "publication": "Daily",
                    "url": "https://example.com/r",
                    "date": "2024-01-01",
                },
            ),
            ("quote", {"text": "Fine.", "critic": "D. Critic", "url": "https://example.com/s"}),
        ],
    )
