"""PNG and SVG of every chart, rendered by vl-convert with a CJK font so that Chinese labels are
drawn as characters, not as empty boxes.

Touches: writes reports/charts/*.png and *.svg. Imports: common."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import vl_convert
from altair.utils._importers import vl_version_for_vl_convert

from pipelines.common.paths import write_atomically

log = logging.getLogger(__name__)

# Where Debian (fonts-wqy-microhei, fonts-noto-cjk) and other systems put CJK fonts.
CJK_FONT_DIRS = (
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto-cjk",
    "/System/Library/Fonts",
)
CJK_FAMILIES = "WenQuanYi Micro Hei, Noto Sans CJK SC, PingFang SC, sans-serif"
PNG_SCALE = 2


@cache
def register_cjk_fonts() -> list[str]:
    """Register every CJK font directory found with vl-convert; warn when there is none."""
    found = [d for d in CJK_FONT_DIRS if Path(d).is_dir()]
    for directory in found:
        vl_convert.register_font_directory(directory)
    if not found:
        log.warning(
            "no CJK font found (looked in %s): Chinese labels in PNG/SVG will not render; "
            "install fonts-wqy-microhei",
            ", ".join(CJK_FONT_DIRS),
        )
    return found


def write_images(specs: dict[str, dict], directory: Path) -> list[Path]:
    """reports/charts/<name>.png and .svg for each Vega-Lite spec, each replaced atomically."""
    register_cjk_fonts()
    directory.mkdir(parents=True, exist_ok=True)
    version = vl_version_for_vl_convert()
    written = []
    for name, spec in specs.items():
        svg = vl_convert.vegalite_to_svg(spec, vl_version=version)
        # The PNG is rasterised from the SVG: one Vega run per chart, and the two always agree.
        outputs = {"svg": svg.encode("utf-8"), "png": vl_convert.svg_to_png(svg, scale=PNG_SCALE)}
        for suffix, data in outputs.items():
            target = directory / f"{name}.{suffix}"
            write_atomically(target, data)
            written.append(target)
    return written
