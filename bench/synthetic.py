"""Synthetic documents in the styles of the committed fixtures (an SPP case-data release as plain
text, in simplified and in traditional characters, and as an HTML page), each with figures drawn at
random and returned as the statements the extractor must find. The figures are invented for the
benchmark and every document says so in its first line; they never enter raw/ or the warehouse."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

MARK = "【procstats 合成基准文档】本文件由 procstats 基准程序生成，数字为随机合成，不是真实统计。"
PERIODS = {  # period id → (title words, opening words)
    "Q1": ("一季度", "1至3月"),
    "H1": ("上半年", "1至6月"),
    "Jan-Sep": ("前三季度", "1至9月"),
    "FY": ("全年", "{year}年"),
}
STYLES = ("text-hans", "text-hant", "html")
# Sentences without figures, as releases have between their numbers; they make the documents about
# as long as real ones, so bytes per second means something.
FILLER = (
    "检察机关坚持依法能动履职，持续深化认罪认罚从宽制度适用，推动矛盾纠纷实质性化解。",
    "各级检察院加强与公安机关、审判机关的工作衔接，落实宽严相济刑事政策。",
    "下一步，检察机关将继续做优刑事检察工作，以高质效办案服务经济社会发展大局。",
)
_TRADITIONAL = str.maketrans(
    "检发布国机关数据批准逮捕为诉讼于与认罚从宽制度适时续动实质纠纷化解级院强审判衔宽严济刑事政策将继质效办务经济会展",
    "檢發佈國機關數據批準逮捕為訴訟於與認罰從寬制度適時續動實質糾紛化解級院強審判銜寬嚴濟刑事政策將繼質效辦務經濟會展",
)


@dataclass(frozen=True)
class Synthetic:
    name: str
    data: bytes
    expected: frozenset[tuple[str, float, int, str]]  # (metric, value, year, period)


def _wan(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), 1)


def document(index: int, rng: random.Random) -> Synthetic:
    """One synthetic release: figures, style and period drawn from `rng`."""
    year = rng.randint(2014, 2025)
    period = rng.choice(list(PERIODS))
    style = STYLES[index % len(STYLES)]
    title, lead = PERIODS[period]
    approved, refused = _wan(rng, 5, 90), _wan(rng, 1, 40)
    prosecuted, dropped = _wan(rng, 20, 190), _wan(rng, 1, 60)
    arrest_rate, prosecution_rate = round(rng.uniform(5, 50), 1), round(rng.uniform(3, 30), 1)
    body = (
        f"{lead.format(year=year)}，全国检察机关共批准逮捕各类犯罪嫌疑人{approved}万人，"
        f"不批准逮捕{refused}万人，不捕率为{arrest_rate}%。"
        f"起诉{prosecuted}万人；不起诉{dropped}万人，不诉率为{prosecution_rate}%。"
    )
    paragraphs = [MARK, f"最高检发布{year}年{title}全国检察机关主要办案数据", body, *FILLER]
    text = "\n\n".join(paragraphs) + "\n"
    if style == "text-hant":
        text = text.translate(_TRADITIONAL)
    if style == "html":
        inner = "".join(f"<p>{p}</p>" for p in paragraphs[2:])
        text = (
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{paragraphs[1]}</title>'
            f"</head><body><nav>首页 | 新闻发布</nav><p>{MARK}</p><h1>{paragraphs[1]}</h1>{inner}"
            "<footer>版权所有</footer></body></html>"
        )
    expected = frozenset(
        (metric, value, year, period)
        for metric, value in (
            ("arrests_approved", round(approved * 10_000)),
            ("arrests_not_approved", round(refused * 10_000)),
            ("non_arrest_rate", arrest_rate),
            ("prosecuted", round(prosecuted * 10_000)),
            ("not_prosecuted", round(dropped * 10_000)),
            ("non_prosecution_rate", prosecution_rate),
        )
    )
    suffix = "html" if style == "html" else "txt"
    return Synthetic(f"synthetic-{index:05d}.{suffix}", text.encode("utf-8"), expected)


def documents(n: int, seed: int = 20261124) -> list[Synthetic]:
    rng = random.Random(seed)
    return [document(i, rng) for i in range(n)]


def write(docs: list[Synthetic], directory: Path, as_fixtures: bool = False) -> None:
    """The documents as files; as fixtures they get the sidecar raw/fixtures requires."""
    directory.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (directory / doc.name).write_bytes(doc.data)
        if as_fixtures:
            sidecar = directory / (doc.name.rsplit(".", 1)[0] + ".meta.json")
            sidecar.write_text(
                '{"fixture": true, "written_by": "procstats bench (synthetic figures)", '
                '"fixture_of": []}',
                encoding="utf-8",
            )
