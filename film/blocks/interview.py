"""An interview with a filmmaker or subject."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .base import ExplainedStructBlock
from .video import VideoBlock


class QuestionAnswerBlock(ExplainedStructBlock):
    """One question put to the interviewee and their answer."""

    question = blocks.CharBlock(max_length=500)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = "Question and answer"
        description = "A question and the interviewee's answer."
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

    class Meta:
        icon = "user"
        label = "Interview"
        template = "film/blocks/interview.html"
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
