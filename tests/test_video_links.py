"""Editors paste YouTube and Vimeo addresses; only genuine video links are accepted."""

import pytest

from film.video import VideoLink, parse_video_url

YT = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT}",
        f"https://youtube.com/watch?v={YT}",
        f"http://www.youtube.com/watch?v={YT}",
        f"https://m.youtube.com/watch?v={YT}",
        f"https://music.youtube.com/watch?v={YT}",
        f"https://www.youtube.com/watch?feature=share&v={YT}&t=42",
        f"https://WWW.YouTube.com/watch?v={YT}",
        f"  https://www.youtube.com/watch?v={YT}  ",
        f"https://youtu.be/{YT}",
        f"https://youtu.be/{YT}?t=10",
        f"https://www.youtube.com/embed/{YT}",
        f"https://www.youtube.com/embed/{YT}?rel=0",
        f"https://www.youtube.com/shorts/{YT}",
        f"https://www.youtube.com/live/{YT}",
        f"https://www.youtube-nocookie.com/embed/{YT}",
        f"https://youtube-nocookie.com/embed/{YT}",
    ],
)
def test_youtube_links_are_recognised_with_their_id(url):
    assert parse_video_url(url) == VideoLink("youtube", YT)


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        ("https://vimeo.com/123456789", "123456789"),
        ("https://www.vimeo.com/76979871", "76979871"),
        ("http://vimeo.com/123456", "123456"),
        ("https://player.vimeo.com/video/123456789", "123456789"),
        ("https://player.vimeo.com/video/123456789?h=abc123", "123456789"),
        ("https://vimeo.com/123456789#t=30s", "123456789"),
    ],
)
def test_vimeo_links_are_recognised_with_their_id(url, video_id):
    assert parse_video_url(url) == VideoLink("vimeo", video_id)


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "   ",
        "not a url",
        "youtube.com/watch?v=dQw4w9WgXcQ",  # no scheme
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",  # scheme-relative
        "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "JavaScript:alert('https://youtu.be/dQw4w9WgXcQ')",
        "data:text/html,https://youtu.be/dQw4w9WgXcQ",
        "http://[::1",  # malformed: urlsplit raises ValueError
        "https://www.youtube.com/",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/watch?list=PL1234567890",
        "https://www.youtube.com/channel/UC1234567890",
        "https://www.youtube.com/embed/",
        "https://www.youtube.com/embed/dQw4w9WgXcQ/extra",
        "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12 characters
        "https://youtu.be/dQw4w9WgXc",
        "https://youtu.be/dQw4w9WgXcQQ",
        "https://youtu.be/",
        "https://www.youtube.com/watch?v=dQw4w9W%3CXcQ",  # '<' is not an id character
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://example.com/embed/dQw4w9WgXcQ",
        "https://dailymotion.com/video/x7tgad0",
        "https://vimeo.com/",
        "https://vimeo.com/12345",  # too short
        "https://vimeo.com/1234567890123",  # too long
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/channels/staffpicks/123456789",
        "https://vimeo.com/abcdefghi",
        "https://player.vimeo.com/123456789",
        "https://player.vimeo.com/video/abc",
        "https://vimeo.com.evil.example/123456789",
    ],
)
def test_other_addresses_are_rejected(url):
    assert parse_video_url(url) is None


def test_a_trailing_newline_smuggled_into_the_youtube_id_is_rejected():
    """`$` in a regex also matches before a final newline; %0A must not become part of an id."""
    assert parse_video_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ%0A") is None
    assert parse_video_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ").video_id == "dQw4w9WgXcQ"


def test_recognised_links_give_privacy_enhanced_players_and_canonical_watch_pages():
    youtube = parse_video_url(f"https://youtu.be/{YT}")
    assert youtube.provider_name == "YouTube"
    assert youtube.watch_url == f"https://www.youtube.com/watch?v={YT}"
    assert youtube.embed_url.startswith(f"https://www.youtube-nocookie.com/embed/{YT}?")

    vimeo = parse_video_url("https://vimeo.com/123456789")
    assert vimeo.provider_name == "Vimeo"
    assert vimeo.watch_url == "https://vimeo.com/123456789"
    assert vimeo.embed_url.startswith("https://player.vimeo.com/video/123456789?")
    assert "dnt=1" in vimeo.embed_url
