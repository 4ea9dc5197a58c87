"""Draw the integration's brand icon (256x256 PNG) with Pillow.

Run: .venv/bin/python scripts/draw_icon.py  (writes custom_components/octoeverywhere/brand/)
The icon is our own drawing: a 3D printer frame printing a part, under a remote-access arc.
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
SCALE = 4  # draw large, then downsample for smooth edges
OUT = Path(__file__).parent.parent / "custom_components/octoeverywhere/brand"


def draw(size: int) -> Image.Image:
    """Return the icon drawn at ``size`` pixels."""
    s = size * SCALE / 256  # units: a 256-pixel grid
    image = Image.new("RGBA", (size * SCALE, size * SCALE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
        return (x0 * s, y0 * s, x1 * s, y1 * s)

    # Background: a rounded square in two shades of teal-blue.
    pen.rounded_rectangle(box(8, 8, 248, 248), radius=48 * s, fill=(16, 110, 190))
    pen.rounded_rectangle(box(8, 132, 248, 248), radius=48 * s, fill=(12, 92, 165))
    pen.rectangle(box(8, 132, 248, 180), fill=(12, 92, 165))
    white = (255, 255, 255)
    # Remote-access arcs above the printer.
    for radius, width in ((60, 11), (36, 11)):
        pen.arc(
            box(128 - radius, 90 - radius, 128 + radius, 90 + radius),
            start=215,
            end=325,
            fill=white,
            width=int(width * s),
        )
    pen.ellipse(box(119, 68, 137, 86), fill=white)
    # Printer frame: two uprights, a gantry and a bed.
    pen.rounded_rectangle(box(52, 96, 68, 214), radius=4 * s, fill=white)
    pen.rounded_rectangle(box(188, 96, 204, 214), radius=4 * s, fill=white)
    pen.rounded_rectangle(box(52, 96, 204, 112), radius=4 * s, fill=white)
    pen.rounded_rectangle(box(60, 198, 196, 214), radius=4 * s, fill=white)
    # Print head and nozzle on the gantry.
    pen.rounded_rectangle(box(110, 112, 146, 138), radius=5 * s, fill=white)
    pen.polygon(
        [(120 * s, 138 * s), (136 * s, 138 * s), (128 * s, 150 * s)], fill=white
    )
    # The part being printed, in orange layers.
    orange = (255, 152, 0)
    for index, (x0, x1) in enumerate(((98, 158), (102, 154), (106, 150), (110, 146))):
        top = 188 - index * 10
        pen.rounded_rectangle(box(x0, top, x1, top + 8), radius=2 * s, fill=orange)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write icon.png (256) and icon@2x.png (512)."""
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(OUT / "icon.png", optimize=True)
    draw(512).save(OUT / "icon@2x.png", optimize=True)


if __name__ == "__main__":
    main()
