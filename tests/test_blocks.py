"""Every body block shows what the editor entered, escapes it, and validates what they paste."""

import re

import pytest

from wagtail.blocks import StructBlockValidationError

from film.blocks import (
    FilmBodyBlock,
    HeadingBlock,
    ImageWithCaptionBlock,
    InterviewBlock,
    QuoteBlock,
    RichTextBlock,
    UpdateBlock,
    VideoBlock,
)

from .html import soup, text_of

XSS = "<script>alert(1)</script>"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
THIRD_PARTY = re.compile(r"youtube|youtu\.be|vimeo|ytimg|googlevideo", re.I)


def render(block, raw):
    """Render a block from its stored (JSON) form, as a page would."""
    return block.render(block.to_python(raw))


def assert_escaped(html: str, payload: str = XSS):
    assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert soup(html).find("script") is None


@pytest.fixture
def video_file(make_document):
    return make_document("Clip", "clip.mp4", b"\x00\x00\x00\x18ftypmp42")


@pytest.fixture
def captions_file(make_document):
    return make_document("Clip captions", "clip.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")


class TestHeading:
    def test_section_heading_with_an_anchor(self):
        html = render(HeadingBlock(), {"text": "Critical Acclaim", "level": "h2"})
        (heading,) = soup(html).find_all(["h2", "h3"])
        assert heading.name == "h2"
        assert text_of(heading) == "Critical Acclaim"
        assert heading["id"] == "section-critical-acclaim"

    def test_subsection_heading(self):
        (heading,) = soup(render(HeadingBlock(), {"text": "Festivals", "level": "h3"})).find_all(["h2", "h3"])
        assert heading.name == "h3"
        assert text_of(heading) == "Festivals"

    def test_heading_text_is_escaped(self):
        assert_escaped(render(HeadingBlock(), {"text": XSS, "level": "h2"}))


class TestRichText:
    def test_paragraphs_lists_and_links_are_kept(self):
        html = render(
            RichTextBlock(),
            "<p>Every year <b>130 million</b> workers travel.</p><ul><li>One</li></ul>"
            '<p><a href="https://example.com/more">More</a></p>',
        )
        page = soup(html)
        assert "Every year 130 million workers travel." in text_of(page)
        assert page.find("b").get_text() == "130 million"
        assert page.find("li").get_text() == "One"
        assert page.find("a")["href"] == "https://example.com/more"

    def test_internal_page_links_are_expanded_to_urls(self, film_index):
        html = render(RichTextBlock(), f'<p><a linktype="page" id="{film_index.pk}">All films</a></p>')
        assert soup(html).find("a")["href"] == "/films/"


class TestQuote:
    RAW = {
        "text": "A miniature masterpiece of documentary observation.",
        "critic": "Ty Burr",
        "publication": "The Boston Globe",
        "url": "https://example.com/review",
        "date": "2010-09-10",
    }

    def test_every_field_is_shown(self):
        page = soup(render(QuoteBlock(), self.RAW))
        assert text_of(page.find("blockquote")) == self.RAW["text"]
        assert page.find("blockquote")["cite"] == self.RAW["url"]
        attribution = text_of(page.find("figcaption"))
        assert "Ty Burr" in attribution
        assert "The Boston Globe" in attribution
        assert "September 10, 2010" in attribution
        assert page.find("cite").get_text() == "The Boston Globe"
        assert page.find("a", href=self.RAW["url"]) is not None
        assert page.find("time")["datetime"] == "2010-09-10"

    def test_optional_fields_may_be_left_out(self):
        page = soup(render(QuoteBlock(), {"text": "Superb.", "critic": "Roger Ebert"}))
        assert text_of(page.find("figcaption")) == "Roger Ebert"
        assert page.find("a") is None
        assert page.find("time") is None

    def test_review_link_without_a_publication(self):
        page = soup(render(QuoteBlock(), {"text": "Superb.", "critic": "R", "url": "https://e.com/r"}))
        assert page.find("a", href="https://e.com/r") is not None

    @pytest.mark.parametrize("field", ["text", "critic", "publication"])
    def test_text_fields_are_escaped(self, field):
        assert_escaped(render(QuoteBlock(), {**self.RAW, field: XSS}))


class TestUpdate:
    RAW = {
        "date": "2012-10-01",
        "headline": "Last Train Home wins an Emmy",
        "body": '<p>The film won the <a href="https://example.com/emmy">Emmy</a>.</p>',
    }

    def test_every_field_is_shown(self):
        page = soup(render(UpdateBlock(), self.RAW))
        assert text_of(page.find(["h2", "h3", "h4"])) == "Last Train Home wins an Emmy"
        assert "October 1, 2012" in text_of(page)
        assert page.find("time")["datetime"] == "2012-10-01"
        assert "The film won the Emmy." in text_of(page)
        assert page.find("a")["href"] == "https://example.com/emmy"

    def test_headline_is_escaped(self):
        assert_escaped(render(UpdateBlock(), {**self.RAW, "headline": XSS}))


class TestImage:
    def test_image_with_alt_text_caption_and_credit(self, make_image):
        image = make_image("IMG_4411", description="Library description")
        raw = {
            "image": {"image": image.pk, "alt_text": "Qin Chen on a crowded train", "decorative": False},
            "caption": "The journey home takes three days.",
            "credit": "Lixin Fan",
        }
        page = soup(render(ImageWithCaptionBlock(), raw))
        img = page.find("img")
        assert img["alt"] == "Qin Chen on a crowded train"
        assert img["src"].startswith("/media/images/")
        caption = text_of(page.find("figcaption"))
        assert "The journey home takes three days." in caption
        assert "Lixin Fan" in caption

    def test_decorative_image_has_empty_alt_text(self, make_image):
        image = make_image("Texture", description="A texture")
        raw = {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": "", "credit": ""}
        page = soup(render(ImageWithCaptionBlock(), raw))
        assert page.find("img")["alt"] == ""
        assert page.find("figcaption") is None

    def test_caption_and_credit_are_escaped(self, make_image):
        image = make_image()
        raw = {
            "image": {"image": image.pk, "alt_text": XSS, "decorative": False},
            "caption": XSS,
            "credit": "",
        }
        html = render(ImageWithCaptionBlock(), raw)
        assert_escaped(html)
        assert soup(html).find("img")["alt"] == XSS  # an attribute value, not markup


class TestVideoRendering:
    def raw(self, **overrides):
        return {
            "title": "Guangzhou station",
            "caption": "Workers wait for the train on the eve of the New Year.",
            "duration": "1:02:03",
            "url": YOUTUBE,
            "transcript": "<p>Announcer: the train to Sichuan is delayed.</p>",
            **overrides,
        }

    def test_every_field_is_shown(self, make_image):
        poster = make_image("Station poster")
        page = soup(render(VideoBlock(), self.raw(poster=poster.pk)))
        text = text_of(page)
        assert "Guangzhou station" in text
        assert "Workers wait for the train on the eve of the New Year." in text
        assert page.find("time")["datetime"] == "PT1H2M3S"
        assert text_of(page.find("time")) == "1:02:03"
        assert "Announcer: the train to Sichuan is delayed." in text_of(page.find("details"))
        assert page.find("img")["src"].startswith("/media/images/")
        play = page.find("a", attrs={"data-video-play": True})
        assert "Guangzhou station" in text_of(play)
        assert play["href"] == YOUTUBE
        player = page.find(attrs={"data-video-facade": True})
        assert player["data-embed-url"].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")

    def test_vimeo_videos_play_from_vimeo(self):
        page = soup(render(VideoBlock(), self.raw(url="https://vimeo.com/76979871")))
        assert page.find("a", attrs={"data-video-play": True})["href"] == "https://vimeo.com/76979871"
        player = page.find(attrs={"data-video-facade": True})
        assert player["data-embed-url"].startswith("https://player.vimeo.com/video/76979871")
        assert "Vimeo" in text_of(page)

    def test_uploaded_files_play_with_their_captions(self, video_file, captions_file):
        page = soup(render(VideoBlock(), self.raw(url="", file=video_file.pk, captions=captions_file.pk)))
        player = page.find(attrs={"data-video-facade": True})
        assert player["data-video-src"] == video_file.url
        assert player["data-captions-src"] == captions_file.url
        assert page.find("a", attrs={"data-video-play": True})["href"] == video_file.url

    def test_nothing_third_party_loads_before_the_visitor_presses_play(self, make_image):
        poster = make_image("Poster")
        for url in (YOUTUBE, "https://vimeo.com/76979871"):
            page = soup(render(VideoBlock(), self.raw(url=url, poster=poster.pk)))
            assert page.find(["iframe", "script", "video", "audio", "object", "embed", "link"]) is None
            for element in page.find_all(True):
                for attribute, value in element.attrs.items():
                    if isinstance(value, list):
                        value = " ".join(value)
                    if THIRD_PARTY.search(value):
                        allowed = attribute.startswith("data-") or (
                            element.name == "a" and attribute == "href"
                        )
                        assert allowed, f"<{element.name} {attribute}={value!r}> contacts a third party"
            # The play control names the clip for screen-reader and keyboard users.
            assert "Guangzhou station" in text_of(page.find("a", attrs={"data-video-play": True}))

    @pytest.mark.parametrize("field", ["title", "caption"])
    def test_text_fields_are_escaped(self, field):
        html = render(VideoBlock(), self.raw(**{field: XSS}))
        assert XSS not in html
        assert soup(html).find("script") is None
        assert "&lt;script&gt;" in html


class TestInterview:
    RAW = {
        "name": "Lixin Fan",
        "role": "Director",
        "introduction": "<p>Lixin Fan talks about the lives of Chinese migrant workers.</p>",
        "video": {
            "title": "Lixin Fan on filming",
            "caption": "Recorded at the premiere.",
            "url": "https://youtu.be/dQw4w9WgXcQ",
        },
        "questions": [
            {"question": "Why this story?", "answer": "<p>Because it is everyone's story.</p>"},
            {"question": "How long did you film?", "answer": "<p>Three years.</p>"},
        ],
    }

    def test_every_field_is_shown(self, make_image):
        photo = make_image("Lixin Fan portrait")
        page = soup(render(InterviewBlock(), {**self.RAW, "photo": photo.pk}))
        text = text_of(page)
        assert "Lixin Fan" in text_of(page.find(["h2", "h3"]))
        assert "Director" in text
        assert page.find("img")["src"].startswith("/media/images/")
        assert "Lixin Fan talks about the lives of Chinese migrant workers." in text
        assert "Lixin Fan on filming" in text
        assert "Recorded at the premiere." in text
        assert page.find(attrs={"data-video-facade": True}) is not None
        assert [text_of(dt) for dt in page.find_all("dt")] == ["Why this story?", "How long did you film?"]
        assert [text_of(dd) for dd in page.find_all("dd")] == [
            "Because it is everyone's story.",
            "Three years.",
        ]

    def test_interview_without_a_video_shows_no_player(self):
        raw = {**self.RAW, "video": {"title": "", "caption": "", "url": ""}}
        page = soup(render(InterviewBlock(), raw))
        assert page.find(attrs={"data-video-facade": True}) is None
        assert "Why this story?" in text_of(page)

    @pytest.mark.parametrize(("field", "path"), [("name", None), ("role", None), ("question", "questions")])
    def test_text_fields_are_escaped(self, field, path):
        raw = dict(self.RAW)
        if path:
            raw[path] = [{"question": XSS, "answer": "<p>a</p>"}]
        else:
            raw[field] = XSS
        html = render(InterviewBlock(), raw)
        assert XSS not in html
        assert soup(html).find("script") is None
        assert XSS in text_of(soup(html))  # shown as the text it is


class TestVideoValidation:
    def clean(self, raw, block=None):
        block = block or VideoBlock()
        return block.clean(block.to_python(raw))

    def errors(self, raw, block=None) -> dict[str, str]:
        with pytest.raises(StructBlockValidationError) as excinfo:
            self.clean(raw, block)
        return {name: " ".join(error.messages) for name, error in excinfo.value.block_errors.items()}

    def test_a_youtube_link_is_accepted(self):
        value = self.clean({"title": "Clip", "url": YOUTUBE, "duration": "2:35"})
        assert value.link.video_id == "dQw4w9WgXcQ"

    @pytest.mark.parametrize(
        "url",
        [
            "https://www.youtube.com/watch?v=short",
            "https://example.com/video.mp4",
            "https://vimeo.com/channels/staffpicks",
            "not a url",
            "javascript:alert(1)",
        ],
    )
    def test_a_link_that_is_not_a_video_tells_the_editor_what_to_paste(self, url):
        errors = self.errors({"title": "Clip", "url": url})
        assert list(errors) == ["url"]
        assert "youtube.com/watch?v=" in errors["url"]
        assert "vimeo.com/" in errors["url"]

    def test_a_link_and_a_file_together_are_rejected(self, video_file):
        errors = self.errors({"title": "Clip", "url": YOUTUBE, "file": video_file.pk})
        assert "not both" in " ".join(errors.values())

    def test_a_video_needs_a_link_or_a_file(self):
        errors = self.errors({"title": "Clip", "caption": "No source"})
        assert "url" in errors
        assert "YouTube or Vimeo URL" in errors["url"]

    @pytest.mark.parametrize("duration", ["2:75", "abc", "235", "1:2:3:4", "2:3", "-2:35"])
    def test_a_malformed_duration_is_rejected(self, duration):
        errors = self.errors({"title": "Clip", "url": YOUTUBE, "duration": duration})
        assert list(errors) == ["duration"]
        assert "m:ss" in errors["duration"]

    @pytest.mark.parametrize("duration", ["0:45", "2:35", "12:05", "1:02:03"])
    def test_well_formed_durations_are_accepted(self, duration):
        self.clean({"title": "Clip", "url": YOUTUBE, "duration": duration})

    def test_an_uploaded_file_must_be_a_video(self, make_document):
        pdf = make_document("Press kit", "kit.pdf")
        errors = self.errors({"title": "Clip", "file": pdf.pk})
        assert "MP4 or WebM" in errors["file"]

    def test_captions_must_be_webvtt(self, video_file, make_document):
        srt = make_document("Captions", "captions.txt", b"1\n")
        errors = self.errors({"title": "Clip", "file": video_file.pk, "captions": srt.pk})
        assert "WebVTT" in errors["captions"]

    def test_a_file_with_captions_is_accepted(self, video_file, captions_file):
        self.clean({"title": "Clip", "file": video_file.pk, "captions": captions_file.pk})

    def test_a_title_is_required(self):
        assert "title" in self.errors({"title": "", "url": YOUTUBE})

    def test_an_optional_video_may_be_left_empty(self):
        block = VideoBlock(required=False)
        value = self.clean({"title": "", "caption": "", "url": "", "duration": ""}, block)
        assert not value.watch_url
        assert self.clean({"title": "Clip", "url": YOUTUBE}, block).watch_url

    def test_an_optional_video_once_started_must_be_complete(self):
        block = VideoBlock(required=False)
        assert "url" in self.errors({"title": "Half done", "url": ""}, block)

    @pytest.mark.parametrize(
        "partial",
        [{"duration": "2:35"}, {"transcript": "<p>What was said.</p>"}],
        ids=["duration", "transcript"],
    )
    def test_an_optional_video_with_only_some_details_is_not_silently_dropped(self, partial):
        """Otherwise the editor's input is saved but never shown (the template needs a title)."""
        block = VideoBlock(required=False)
        errors = self.errors({"title": "", "url": "", **partial}, block)
        assert {"title", "url"} & set(errors)

    def test_an_optional_video_marks_no_field_required_but_asks_for_a_title_once_started(self):
        optional, required = VideoBlock(required=False), VideoBlock()
        assert required.child_blocks["title"].required
        assert not any(child.required for child in optional.child_blocks.values())
        errors = self.errors({"title": "", "url": YOUTUBE}, optional)
        assert errors["title"] == "Give the video a title: it names the clip for every visitor."

    def test_an_interview_with_no_video_is_valid(self):
        block = InterviewBlock()
        raw = {**TestInterview.RAW, "video": {"title": "", "url": ""}}
        block.clean(block.to_python(raw))

    def test_an_interview_video_is_validated_like_any_other(self):
        block = InterviewBlock()
        raw = {**TestInterview.RAW, "video": {"title": "Clip", "url": "https://example.com/x"}}
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python(raw))
        assert "video" in excinfo.value.block_errors

    def test_an_interview_needs_at_least_one_question(self):
        block = InterviewBlock()
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean(block.to_python({**TestInterview.RAW, "questions": []}))
        assert list(excinfo.value.block_errors) == ["questions"]


def test_every_body_block_type_has_a_template():
    """A block without a template would render as a bare repr on the page."""
    for name, child in FilmBodyBlock().child_blocks.items():
        assert child.meta.template, name


def strand_blocks(block, found=None) -> dict:
    """Every block class of ours inside ``block`` (nested ones included), by class name."""
    found = {} if found is None else found
    children = getattr(block, "child_blocks", None) or {}
    if hasattr(block, "child_block"):
        children = {"item": block.child_block}
    for child in children.values():
        if type(child).__module__.startswith("film.blocks") and type(child).__name__ != "VideoURLBlock":
            found[type(child).__name__] = child
        strand_blocks(child, found)
    return found


def test_every_block_explains_itself_to_editors(db):
    """The picker and the preview panel show each block's icon, label, description and a preview."""
    blocks = strand_blocks(FilmBodyBlock())
    assert {"QuestionAnswerBlock", "VideoBlock", "InterviewBlock"} <= set(blocks)
    for name, block in blocks.items():
        assert type(block).__doc__, name
        for option in ("icon", "template", "label", "description"):
            assert getattr(block.meta, option), (name, option)
        assert block.get_preview_value(), name
