"""Placeholder artwork for the demo content, drawn locally with Pillow.

Nothing is downloaded: heroes, video posters and portraits are gradients and simple
shapes with no lettering (pages carry titles and controls themselves), logos are words on
a colour, and the press documents are PDFs rendered from text.
Every function returns the encoded file as bytes.
"""

import io
import math
import random
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_FILES = {
    False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}

Colour = tuple[int, int, int]


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu if the system has it, otherwise the font bundled with Pillow."""
    try:
        return ImageFont.truetype(FONT_FILES[bold], size)
    except OSError:
        return ImageFont.load_default(size=size)


def hex_colour(value: str) -> Colour:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    """A vertical gradient, built as a 1-pixel column and stretched (fast)."""
    width, height = size
    column = Image.new("RGB", (1, height))
    column.putdata([mix(top, bottom, y / max(height - 1, 1)) for y in range(height)])
    return column.resize(size)


def to_bytes(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def fit_text(draw: ImageDraw.ImageDraw, text: str, max_width: int, size: int, bold: bool = True):
    """The largest font (from `size` down) at which `text` fits on one line."""
    while size > 10:
        face = font(size, bold)
        if draw.textlength(text, font=face) <= max_width:
            return face
        size -= 2
    return font(size, bold)


# Motifs: a few shapes that suggest each film's subject behind the title.


def _train(draw: ImageDraw.ImageDraw, w: int, h: int, palette: dict, rng: random.Random) -> None:
    # Platform crowd: many small heads and shoulders in silhouette.
    for _ in range(260):
        x = rng.randint(0, w)
        y = rng.randint(int(h * 0.70), h)
        r = int(h * 0.012 + (y - h * 0.7) / h * 30)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=palette["dark"])
        draw.rectangle((x - r * 1.6, y + r * 0.8, x + r * 1.6, y + r * 4), fill=palette["dark"])
    # The train: a long dark band with lit windows, receding slightly.
    top, bottom = int(h * 0.46), int(h * 0.66)
    draw.rectangle((0, top, w, bottom), fill=palette["dark"])
    draw.rectangle((0, top - 8, w, top), fill=palette["accent"])
    window_w, gap = int(w * 0.035), int(w * 0.014)
    for x in range(gap, w, window_w + gap):
        lit = rng.random() > 0.25
        fill = palette["light"] if lit else mix(palette["dark"], palette["light"], 0.2)
        draw.rectangle((x, top + 22, x + window_w, top + 22 + int((bottom - top) * 0.38)), fill=fill)
    draw.rectangle((0, bottom, w, bottom + 6), fill=palette["accent"])


def _water(draw: ImageDraw.ImageDraw, w: int, h: int, palette: dict, rng: random.Random) -> None:
    for i in range(18):
        y0 = int(h * 0.55) + i * int(h * 0.026)
        amp = 6 + i
        pts = [(x, y0 + amp * math.sin(x / (60 + i * 4) + i)) for x in range(0, w + 20, 20)]
        draw.line(pts, fill=mix(palette["light"], palette["dark"], i / 18), width=3)
    # A small boat with a net.
    bx, by = int(w * 0.62), int(h * 0.58)
    draw.polygon([(bx, by), (bx + 220, by), (bx + 180, by + 40), (bx + 30, by + 40)], fill=palette["dark"])
    draw.line([(bx + 110, by), (bx + 110, by - 150)], fill=palette["dark"], width=6)
    for k in range(8):
        draw.line([(bx + 110, by - 150), (bx - 120 + k * 20, by + 60)], fill=palette["dark"], width=2)


def _salt(draw: ImageDraw.ImageDraw, w: int, h: int, palette: dict, rng: random.Random) -> None:
    horizon = int(h * 0.5)
    rows = 8
    for r in range(rows):
        y0 = horizon + int((h - horizon) * (r / rows) ** 1.3)
        y1 = horizon + int((h - horizon) * ((r + 1) / rows) ** 1.3) - 4
        cells = 6 + r
        for c in range(cells):
            x0 = int(w * c / cells) + 4
            x1 = int(w * (c + 1) / cells) - 4
            draw.rectangle(
                (x0, y0, x1, y1), fill=mix(palette["light"], palette["accent"], rng.random() * 0.4)
            )
    for _ in range(5):
        x = rng.randint(int(w * 0.1), int(w * 0.9))
        draw.polygon(
            [(x - 60, horizon + 40), (x + 60, horizon + 40), (x, horizon - 50)], fill=(250, 250, 245)
        )


def _mine(draw: ImageDraw.ImageDraw, w: int, h: int, palette: dict, rng: random.Random) -> None:
    ridge = [(0, h)]
    for x in range(0, w + 80, 80):
        ridge.append((x, int(h * 0.45 + rng.randint(-60, 60))))
    ridge.append((w, h))
    draw.polygon(ridge, fill=palette["dark"])
    # Headframe of a mine shaft.
    hx, hy = int(w * 0.7), int(h * 0.62)
    draw.line([(hx - 90, hy), (hx, hy - 280), (hx + 90, hy)], fill=palette["accent"], width=10)
    draw.line([(hx - 45, hy - 140), (hx + 45, hy - 140)], fill=palette["accent"], width=8)
    draw.ellipse((hx - 36, hy - 316, hx + 36, hy - 244), outline=palette["accent"], width=8)
    for i in range(12):
        x = int(w * 0.08) + i * 40
        draw.rectangle((x, int(h * 0.72), x + 28, int(h * 0.72) + 22), fill=palette["light"])


def _music(draw: ImageDraw.ImageDraw, w: int, h: int, palette: dict, rng: random.Random) -> None:
    for staff in range(3):
        y0 = int(h * 0.5) + staff * int(h * 0.14)
        for line in range(5):
            y = y0 + line * 14
            draw.line([(0, y), (w, y)], fill=palette["light"], width=2)
        for _ in range(14):
            x = rng.randint(20, w - 20)
            y = y0 + rng.randint(-1, 8) * 7
            draw.ellipse((x - 11, y - 8, x + 11, y + 8), fill=palette["accent"])
            draw.line([(x + 10, y), (x + 10, y - 52)], fill=palette["accent"], width=3)


def _ward(draw: ImageDraw.ImageDraw, w: int, h: int, palette: dict, rng: random.Random) -> None:
    # A hospital facade at night: a grid of windows, a few lit.
    x0, x1, y0 = int(w * 0.08), int(w * 0.92), int(h * 0.40)
    draw.rectangle((x0, y0, x1, h), fill=palette["dark"])
    for row in range(6):
        for col in range(16):
            x = x0 + 20 + col * int((x1 - x0 - 20) / 16)
            y = y0 + 24 + row * 78
            lit = rng.random() > 0.7
            fill = palette["light"] if lit else mix(palette["dark"], (0, 0, 0), 0.3)
            draw.rectangle((x, y, x + 44, y + 50), fill=fill)
    cx, cy = int(w * 0.5), y0 - 60
    draw.rectangle((cx - 14, cy - 44, cx + 14, cy + 44), fill=palette["accent"])
    draw.rectangle((cx - 44, cy - 14, cx + 44, cy + 14), fill=palette["accent"])


MOTIFS = {"train": _train, "water": _water, "salt": _salt, "mine": _mine, "music": _music, "ward": _ward}


def scene(
    size: tuple[int, int], palette: dict, motif: str, title: str = "", subtitle: str = "", seed: int = 0
) -> Image.Image:
    """A gradient sky, a motif and optional title text: a stand-in for a film still."""
    w, h = size
    rng = random.Random(seed)
    image = gradient(size, palette["top"], palette["bottom"])
    # Soft glow near the horizon.
    glow = Image.new("L", size, 0)
    ImageDraw.Draw(glow).ellipse((w * 0.15, h * 0.1, w * 0.85, h * 0.75), fill=110)
    glow = glow.filter(ImageFilter.GaussianBlur(radius=w // 12))
    image = Image.composite(Image.new("RGB", size, palette["light"]), image, glow)
    draw = ImageDraw.Draw(image)
    MOTIFS[motif](draw, w, h, palette, rng)
    if title:
        face = fit_text(draw, title, int(w * 0.84), size=int(h * 0.11))
        x, y = int(w * 0.06), int(h * 0.08)
        draw.text((x + 3, y + 3), title, font=face, fill=(0, 0, 0))
        draw.text((x, y), title, font=face, fill=(255, 255, 255))
        if subtitle:
            sub = font(max(int(h * 0.035), 12))
            draw.text((x, y + face.size + int(h * 0.03)), subtitle, font=sub, fill=(240, 240, 240))
    return image


def hero_jpeg(palette: dict, motif: str, seed: int = 0) -> bytes:
    """A still without lettering: the page's own heading carries the title, and crops stay clean."""
    return to_bytes(scene((1600, 900), palette, motif, seed=seed), "JPEG", quality=84, optimize=True)


def poster_jpeg(palette: dict, motif: str, seed: int = 0) -> bytes:
    """A 16:9 video poster: a still of the film's motif, with no lettering and no play symbol.

    The player facade draws the one play control and the caption carries the clip's title."""
    return to_bytes(scene((1280, 720), palette, motif, seed=seed), "JPEG", quality=80, optimize=True)


SKIN_TONES = [(241, 204, 170), (224, 172, 130), (198, 140, 98), (160, 106, 72), (112, 72, 48)]
HAIR = [(28, 22, 20), (58, 40, 30), (96, 70, 46), (150, 150, 150)]


def portrait_png(name: str, background: str, foreground: str = "#f4efe6") -> bytes:
    """A 600x600 head-and-shoulders picture, softly lit: a placeholder headshot, no lettering.

    The name picks skin, hair and clothing, so each person keeps the same picture."""
    rng = random.Random(name)
    bg, fg = hex_colour(background), hex_colour(foreground)
    image = gradient((600, 600), mix(bg, (255, 255, 255), 0.35), mix(bg, (0, 0, 0), 0.2))
    draw = ImageDraw.Draw(image)
    skin, hair = rng.choice(SKIN_TONES), rng.choice(HAIR)
    shade = mix(skin, (0, 0, 0), 0.18)
    cloth = mix(bg, (0, 0, 0), 0.55) if rng.random() < 0.5 else mix(fg, bg, 0.3)
    # Neck, shoulders and collar, then the head with hair behind and above it.
    draw.rectangle((258, 350, 342, 470), fill=shade)
    draw.ellipse((70, 430, 530, 820), fill=cloth)
    draw.polygon([(262, 436), (300, 500), (338, 436)], fill=shade)
    draw.ellipse((178, 100, 422, 330), fill=hair)
    draw.ellipse((196, 130, 404, 400), fill=skin)
    fringe = rng.choice([(186, 100, 414, 230), (180, 96, 420, 200)])
    draw.chord(fringe, 180, 360, fill=hair)
    draw.ellipse((184, 250, 206, 300), fill=shade)  # ears
    draw.ellipse((394, 250, 416, 300), fill=shade)
    # A quiet face: eyes, brows, nose shadow and mouth.
    for x in (252, 348):
        draw.ellipse((x - 13, 262, x + 13, 276), fill=(250, 246, 240))
        draw.ellipse((x - 7, 263, x + 7, 275), fill=(40, 30, 26))
        draw.line([(x - 20, 246), (x + 18, 242)], fill=mix(hair, skin, 0.2), width=6)
    draw.line([(300, 280), (292, 322), (306, 326)], fill=shade, width=4)
    draw.arc((262, 328, 338, 366), 20, 160, fill=mix(shade, (120, 40, 40), 0.4), width=5)
    image = image.filter(ImageFilter.GaussianBlur(radius=1.2))
    return to_bytes(image, "PNG", optimize=True)


def app_icon_png(size: int) -> bytes:
    """The site's icon (favicon, home-screen icon): a film frame with a play mark on the accent red.

    Drawn at 4x and scaled down for smooth edges. static/icons/icon-{32,180}.png are this
    drawing (tests/test_static_files.py checks it): redraw them with
    `images.app_icon_png(size)` after changing it."""
    big = size * 4
    image = Image.new("RGB", (big, big), hex_colour("#9c2a12"))
    draw = ImageDraw.Draw(image)
    frame = (big * 0.14, big * 0.24, big * 0.86, big * 0.76)
    draw.rounded_rectangle(frame, radius=big * 0.05, fill=hex_colour("#1b1b1f"))
    for i in range(6):  # sprocket holes along both edges of the strip
        x = big * (0.2 + i * 0.12)
        for y in (big * 0.27, big * 0.69):
            draw.rectangle((x, y, x + big * 0.06, y + big * 0.04), fill=hex_colour("#f3f1ec"))
    cx, cy = big * 0.52, big * 0.5
    draw.polygon(
        [(cx - big * 0.1, cy - big * 0.12), (cx - big * 0.1, cy + big * 0.12), (cx + big * 0.13, cy)],
        fill=hex_colour("#ffffff"),
    )
    return to_bytes(image.resize((size, size), Image.LANCZOS), "PNG", optimize=True)


def wordmark_png(lines: list[str], background: str, foreground: str = "#ffffff") -> bytes:
    """A 400x160 logo: the partner's name (one or two lines) on a solid colour."""
    image = Image.new("RGB", (400, 160), hex_colour(background))
    draw = ImageDraw.Draw(image)
    size = 72 if len(lines) == 1 else 34
    faces = [fit_text(draw, line, 340, size=size) for line in lines]
    heights = [draw.textbbox((0, 0), line, font=f)[3] for line, f in zip(lines, faces, strict=True)]
    y = (160 - sum(heights) - 8 * (len(lines) - 1)) / 2
    for line, face, height in zip(lines, faces, heights, strict=True):
        width = draw.textlength(line, font=face)
        draw.text(((400 - width) / 2, y), line, font=face, fill=hex_colour(foreground))
        y += height + 8
    return to_bytes(image, "PNG", optimize=True)


def wrap(draw: ImageDraw.ImageDraw, text: str, face, max_width: int) -> list[str]:
    """Break text into lines no wider than max_width pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=face) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def text_pages(title: str, paragraphs: list[str], heading: str = "") -> list[Image.Image]:
    """US Letter pages at 100 dpi: a heading, the title, then paragraphs flowing onto new pages."""
    width, height, margin, bottom = 850, 1100, 70, 1000
    title_face, body_face = font(30, bold=True), font(17)

    def new_page():
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        draw.text(
            (margin, 1040), "Demo document generated locally for the Strand site.", font=font(12), fill=130
        )
        pages.append(page)
        return draw

    pages: list[Image.Image] = []
    draw = new_page()
    y = margin
    if heading:
        draw.text((margin, y), heading.upper(), font=font(16, bold=True), fill=110)
        y += 34
    for line in wrap(draw, title, title_face, width - 2 * margin):
        draw.text((margin, y), line, font=title_face, fill=0)
        y += 40
    draw.line([(margin, y + 6), (width - margin, y + 6)], fill=0, width=2)
    y += 30
    for paragraph in paragraphs:
        for line in wrap(draw, paragraph, body_face, width - 2 * margin):
            if y > bottom:
                draw, y = new_page(), margin
            draw.text((margin, y), line, font=body_face, fill=30)
            y += 25
        y += 14
    return pages


def pdf(pages: list[Image.Image]) -> bytes:
    first, *rest = [p if p.mode in {"L", "RGB"} else p.convert("RGB") for p in pages]
    return to_bytes(first, "PDF", resolution=100.0, save_all=True, append_images=rest)


def text_pdf(title: str, paragraphs: list[str], heading: str = "") -> bytes:
    return pdf(text_pages(title, paragraphs, heading))


def stills_pdf(title: str, stills: list[tuple[str, Image.Image]]) -> bytes:
    """A contact sheet: a cover page, then one still per page with its caption."""
    pages = text_pages(title, [caption for caption, _ in stills], heading="Production stills")
    for caption, still in stills:
        page = Image.new("RGB", (850, 1100), (255, 255, 255))
        frame = still.copy()
        frame.thumbnail((710, 710))
        page.paste(frame, (70, 120))
        draw = ImageDraw.Draw(page)
        for i, line in enumerate(wrap(draw, caption, font(17), 710)):
            draw.text((70, 140 + frame.height + i * 24), line, font=font(17), fill=(30, 30, 30))
        pages.append(page)
    return pdf(pages)
