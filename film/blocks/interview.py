"""An interview with a filmmaker or subject."""

from collections.abc import Iterator

from django.utils.text import slugify

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from core.links import absolute_links, image_json
from core.streamfield import struct_words

from .base import ExplainedStructBlock, request_of
from .video import VideoBlock, VideoValue


class InterviewValue(blocks.StructValue):
    @property
    def interviewee_slug(self) -> str:
        """The interviewee's name as a slug: a filmmaker whose name gives the same slug is linked here."""
        return slugify(self.get("name") or "")

    @property
    def anchor(self) -> str:
        """The interview's id on the page, linked from the information box."""
        return f"interview-{self.interviewee_slug}"

    @property
    def clip(self) -> VideoValue | None:
        """The interview's video, if the editor added one (an empty optional video has no title)."""
        video = self.get("video")
        return video if video and video.get("title") else None


class QuestionAnswerBlock(ExplainedStructBlock):
    """One question put to the interviewee and their answer."""

    question = blocks.CharBlock(max_length=500)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        return {**data, "answer": absolute_links(data["answer"], request_of(context))}

    def search_words(self, raw: dict) -> Iterator[str]:
        return struct_words(self, raw, ["question", "answer"])

    class Meta:
        icon = "help"
        label = "Question and answer"
        template = "film/blocks/question_answer.html"
        description = "A question and the interviewee's answer."
        preview_value = {
            "question": "Why this story?",
            "answer": "<p>Because every Chinese family knows this journey.</p>",
        }
        required_messages = {
            "question": "Write the question, or delete this question and answer.",
            "answer": "Write the answer, or delete this question and answer.",
        }


class InterviewBlock(ExplainedStructBlock):
    """A conversation with a filmmaker or subject: who, an introduction, Q&A."""

    name = blocks.CharBlock(
        max_length=120,
        label="Interviewee",
        help_text="When it matches a filmmaker's name, the information box links to this interview.",
    )
    role = blocks.CharBlock(required=False, max_length=120, help_text="e.g. Director")
    photo = ImageChooserBlock(
        required=False,
        help_text="A portrait, shown small beside the name. Decorative: the name says who it is.",
    )
    introduction = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link"], help_text="One or two sentences of context."
    )
    video = VideoBlock(
        required=False,
        label="Interview video",
        help_text="Optional. Leave every field empty for a text-only interview.",
    )
    questions = blocks.ListBlock(
        QuestionAnswerBlock(),
        min_num=1,
        label="Questions and answers",
        help_text="At least one question and answer.",
    )

    def get_api_representation(self, value, context=None):
        request = request_of(context)
        data = super().get_api_representation(value, context)
        return {
            **data,
            # The portrait is decorative beside the interviewee's name.
            "photo": image_json(value.get("photo"), "portrait.api", request, alt=""),
            "introduction": absolute_links(data["introduction"], request),
        }

    def image_variants(self, value) -> Iterator[tuple]:
        """The portrait and the clip's poster (core/renditions.py)."""
        if value.get("photo"):
            yield value["photo"], "portrait.page"
        yield from self.child_blocks["video"].image_variants(value.get("video"))

    def json_ld(self, value: InterviewValue, request) -> dict | None:
        """The interview's clip as a schema.org VideoObject; None for a text-only interview."""
        return self.child_blocks["video"].json_ld(value.clip, request) if value.clip else None

    def search_words(self, raw: dict) -> Iterator[str]:
        """Who, their role, the introduction, the clip's words and the questions and answers."""
        return struct_words(self, raw, ["name", "role", "introduction", "video", "questions"])

    class Meta:
        icon = "user"
        label = "Interview"
        template = "film/blocks/interview.html"
        value_class = InterviewValue
        description = "An interview: interviewee, introduction, optional video and Q&A."
        required_messages = {"name": "Name the person interviewed."}
        preview_value = {
            "name": "Lixin Fan",
            "role": "Director",
            "introduction": "<p>Lixin Fan followed one family for three years of journeys home.</p>",
            "questions": [
                {
                    "question": "Why this story?",
                    "answer": "<p>Because every Chinese family knows this journey.</p>",
                },
                {
                    "question": "How did the family feel about the camera?",
                    "answer": "<p>After a year they stopped noticing it.</p>",
                },
            ],
        }
