"""Where a browser request goes: the tests allow our own machine and nothing else."""

from urllib.parse import urlsplit

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}  # never touch the network
PLAYER_HOSTS = {"www.youtube-nocookie.com", "player.vimeo.com"}


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOOPBACK_HOSTS


def is_player(url: str) -> bool:
    return urlsplit(url).hostname in PLAYER_HOSTS
