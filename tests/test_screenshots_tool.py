"""tools/screenshots.py keeps the README's screenshots small without changing what they show."""

import io

from PIL import Image, ImageDraw

from tools.screenshots import MAX_BYTES, optimised_png


def test_a_screenshot_is_stored_as_a_palette_png_of_the_same_size_and_look():
    # A page-like picture: a smooth gradient (a hero image) under text-like dark bars.
    image = Image.linear_gradient("L").resize((1366, 900)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for row in range(20):
        draw.rectangle((120, 600 + row * 14, 120 + (row * 37) % 600, 608 + row * 14), fill=(20, 20, 30))
    raw = io.BytesIO()
    image.save(raw, format="PNG")

    optimised = optimised_png(raw.getvalue())

    stored = Image.open(io.BytesIO(optimised))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "P", (1366, 900))
    assert len(optimised) < min(len(raw.getvalue()), MAX_BYTES)
    # The text stays where it was, in its colour.
    assert stored.convert("RGB").getpixel((125, 618)) == (20, 20, 30)
    assert abs(stored.convert("L").getpixel((700, 450)) - image.convert("L").getpixel((700, 450))) <= 8
