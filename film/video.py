"""Recognise YouTube and Vimeo links without asking either service (no oEmbed)."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{6,12}")
YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "youtube-nocookie.com", "music.youtube.com"}


@dataclass(frozen=True)
class VideoLink:
    provider: str
    video_id: str

    @property
    def provider_name(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}[self.provider]

    @property
    def watch_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def embed_url(self) -> str:
        # Privacy-enhanced players; autoplay because the visitor has just pressed play.
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1&rel=0"
        return f"https://player.vimeo.com/video/{self.video_id}?autoplay=1&dnt=1"


def parse_video_url(url: str) -> VideoLink | None:
    """Return the provider and id of a YouTube or Vimeo URL, or None if it is neither."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]

    candidate = None
    if host == "youtu.be" and segments:
        candidate = segments[0]
    elif host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = segments[1]
    if candidate is not None:
        return VideoLink("youtube", candidate) if YOUTUBE_ID.fullmatch(candidate) else None

    if host == "vimeo.com" and len(segments) == 1:
        candidate = segments[0]
    elif host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        candidate = segments[1]
    if candidate is not None:
        return VideoLink("vimeo", candidate) if VIMEO_ID.fullmatch(candidate) else None
    return None
