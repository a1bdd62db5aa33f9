"""Statements: every figure of a known metric in a document, with its scope, period, year, change,
the interval its printing allows, and where it stands (character span and sentence).

Per sentence: find the printed quantities; mark which are changes (同比上升17.3%, up 0.3 percentage
points), comparisons with other groups (高出…36个百分点) or not figures at all (dates, ordinals);
give each remaining figure the metric named just before it (or, in English, just after), refined by
the ground of the decision (证据不足, 犯罪情节轻微 …) and by the sub-population it is about; attach
changes to the figures they follow ("同比分别上升47.1%、17.3%" pairs in order). Tables whose columns
are years give one statement per cell.

Touches: nothing (a document's text in, statements out). Imports: extract, common."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from pipelines.common.textnorm import matching_view
from pipelines.extract import lexicon
from pipelines.extract.documents import Document
from pipelines.extract.numbers import NumberFormatError, parse_quantity
from pipelines.extract.quantities import Token, find_quantities
from pipelines.extract.timeframe import (
    TimeFrame,
    document_timeframe,
    period_in,
    sentence_timeframe,
    year_next_to,
)

STATEMENT_FIELDS = [
    "metric",
    "scope",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "period",
    "year",
    "printed",
    "change_pct",
    "change_pp",
    "start",
    "end",
    "doc",
    "change_base",
    "change_printed",
    "sentence",
]


@dataclass
class Statement:
    doc: str
    metric: str
    scope: str  # "" = all criminal cases
    value: float | None  # None: only a change was printed
    unit: str
    qualifier: str | None
    low: float | None
    high: float | None
    period: str
    year: int | None
    printed: str | None
    start: int
    end: int
    sentence: str
    change_pct: float | None = None
    change_pp: float | None = None
    change_base: str | None = None
    change_printed: str | None = None

    def record(self) -> dict:
        data = asdict(self)
        return {k: data[k] for k in STATEMENT_FIELDS}


# ------------------------------------------------------------------ cue patterns

_CHANGE_VERB = re.compile(
    r"(上升|增长|增加|提高|提升|下降|减少|降低|回落|下滑|\bup|\bdown|\brose|\bfell|\bgrew|\bdropped|"
    r"\bdeclined?|\bincreased?( by)?|\bdecreased?( by)?|(an |a )?(increase|decrease|rise|drop|fall|growth) of)"
    r"\s*$",
    re.IGNORECASE,
)
_CHANGE_PHRASE = re.compile(
    r"(同比|比上年|较上年|比\d{4}年|较\d{4}年|较前五年|\bup\b|\bdown\b|\brose\b|\bfell\b|"
    r"\ban increase\b|\ba decrease\b|\bincreased?\b|\bdecreased?\b|year-on-year|"
    r"上升|下降|增加|减少|提高|降低|增长|[+\-−])[^。;]*$",
    re.IGNORECASE,
)
_DOWNWARD = re.compile(
    r"下降|减少|降低|回落|下滑|down|fell|dropped|declin|decrease|drop|fall", re.IGNORECASE
)
_FILLER = re.compile(
    r"(同比|分别|较上年|比上年|year[- ]on[- ]year|respectively|\s|,|、|和|与|及|\band\b|了|by)+$",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"(高出|高于|低于|超出|多出|higher than|lower than)[^\d]{0,24}$", re.IGNORECASE
)
_TRANSITION = re.compile(
    r"(降至|升至|增至|减至|降为|升为|下降到|上升到|提高到|提高至|提升至|降低到|降低至|"
    r"增加到|增加至|减少到|减少至|增长到|增长至|回落至|\bto)[^,;。]{0,12}$",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"^[\s,、和与及;]*(and)?[\s,]*$", re.IGNORECASE)
_BASE_YEAR = re.compile(r"(?:比|较|与|compared with |from )((?:19|20)\d\d)年?")
_FIVE_YEAR_BASE = re.compile(r"前五年|上一个五年|上个五年|previous five years")
_OF_WHICH = re.compile(r"其中|of which|of whom|including")
_PER_CAPITA = re.compile(
    r"每(十)?万人|万人口|per (10|100),?000|for every (10|100),?000|per capita", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s+[A-Z\[(\"“])|\.$")
_HEADING = re.compile(
    r"^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节部分]|"
    r"[IVX]+\.\s)"
)


# ------------------------------------------------------------------ labels


def _labels(language: str) -> tuple[lexicon.Label, ...]:
    return lexicon.ENGLISH if language == "en" else lexicon.CHINESE


def _matches(text: str, labels: tuple[lexicon.Label, ...], sentence: str):
    """Label matches in `text`, without those inside a longer match, in order of position."""
    found = []
    for label in labels:
        if label.requires and not label.requires.search(sentence):
            continue
        found.extend((m.start(), m.end(), label) for m in label.pattern.finditer(text))
    kept = [
        f
        for f in found
        if not any(
            o is not f and o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0])
            for o in found
        )
    ]
    return sorted(kept, key=lambda f: (f[0], -f[1]))


def _metric_of(label: lexicon.Label, unit_kind: str) -> str | None:
    return {"count": label.count, "rate": label.rate, "cases": label.cases}[unit_kind]


def _unit_kind(token: Token) -> str:
    unit = token.quantity.unit
    if unit == "pct" or token.printed.endswith("成"):
        return "rate"
    if unit == "cases":
        return "cases"
    return "count"


def _scope_in(text: str) -> str | None:
    for pattern, scope in lexicon.SCOPES:
        if pattern.search(text):
            return scope
    return None


def _crime_phrase(text: str) -> str | None:
    for match in lexicon.CRIME_PHRASE.finditer(text):
        head = match.group(1).lstrip("、")
        if not lexicon.GENERIC_CRIME.match(head) and not any(
            p.search(match.group(0)) for p, _ in lexicon.GROUNDS
        ):
            return head + match.group(2)
    return None


def _refine(metric: str, *texts: str) -> str:
    for pattern, refined in lexicon.GROUNDS:
        if metric in refined and any(pattern.search(t) for t in texts):
            return refined[metric]
    return metric


# ------------------------------------------------------------------ sentences


@dataclass
class _Context:
    document: Document
    view: str  # matching view of document.text (English lower-cased for label search)
    timeframe: TimeFrame
    section_scope: str | None
    cased: str = ""  # the matching view before lower-casing (sentence ends need capitals)


_VERBS_AND_FILLER = re.compile(
    r"同比|分别|较上年|比上年|较去年同期|比去年同期|year[- ]on[- ]year|上升|增长|增加|提高|"
    r"提升|下降|减少|降低|回落|下滑|\bup\b|\bdown\b|\brose\b|\bfell\b",
    re.IGNORECASE,
)


def _classify(tokens: list[Token], view: str, s_start: int, s_end: int) -> None:
    """Mark changes (their sign, base and 分别/respectively groups) and comparisons with other groups."""
    previous_end = s_start
    group: Token | None = None  # the change that opened the current 分别 / respectively group
    for token in tokens:
        gap = view[previous_end : token.start]
        sign_char = view[token.start - 1 : token.start] if token.start > s_start else ""
        verb = _CHANGE_VERB.search(_FILLER.sub("", gap))
        signed = sign_char in "+-−" and re.fullmatch(r"[\s,(（]*[+\-−]", gap or "")
        in_group = group is not None and bool(_CONNECTOR.match(_VERBS_AND_FILLER.sub("", gap)))
        if _COMPARISON.search(gap):
            token.kind = "skip"
        elif (
            token.quantity.unit == "pp"
            or verb
            or signed
            or (in_group and token.quantity.unit in ("pct", None))
        ):
            token.kind = "change"
            token.change_unit = "pp" if token.quantity.unit == "pp" else "pct"
            if verb or signed:
                token.sign = -1 if (_DOWNWARD.search(gap[-12:]) or sign_char in "-−") else 1
            elif group is not None:
                token.sign = group.sign
            token.base = _base(gap) or (group.base if in_group and group else None)
            later = view[token.end : min(s_end, token.end + 80)]
            opens = "分别" in gap or bool(re.match(r"[^;。]*respectively", later))
            token.respectively = in_group or opens
            group = group if in_group else (token if opens else None)
        else:
            group = None
        if token.kind != "skip":
            previous_end = token.end


def _base(gap: str) -> str | None:
    if _FIVE_YEAR_BASE.search(gap):
        return "previous five years"
    match = _BASE_YEAR.search(gap)
    return match.group(1) if match else None


def _kind(token: Token, after: str, language: str) -> str:
    kind = _unit_kind(token)
    if kind == "count" and language == "en" and re.match(r"[\w\s-]{0,30}\bcases\b", after):
        return "cases"  # "935,432 arrest review cases"
    return kind


def _assign(
    token: Token,
    kind: str,
    ctx_text: str,
    after: str,
    sentence: str,
    previous: Token | None,
    context: _Context,
) -> str | None:
    """The metric of a level figure, or None when the figure is not one we know."""
    language = context.document.language
    labels = _labels(language)
    matches = _matches(ctx_text, labels, sentence)
    if (
        matches
    ):  # the label nearest the figure decides; a mask or a label of the other kind: not ours
        _, end, label = matches[-1]
        metric = _metric_of(label, kind)
        tail = ctx_text[end:]
        defining_share = label.share is not None and kind == "rate" and label.share.search(tail)
        if metric and (defining_share or ("率" not in tail and not lexicon.SHARE.search(tail))):
            return metric  # (a 率 or 占 between label and figure: another, unnamed rate or a share)
    if lexicon.SHARE.search(
        ctx_text.rstrip()
    ):  # 占…的X%: a share of the figure before, if it has one
        if previous is not None and previous.metric in lexicon.SHARE_OF and kind == "rate":
            return lexicon.SHARE_OF[previous.metric]
        return None
    if (
        previous is not None
        and previous.metric
        and (_TRANSITION.search(ctx_text) or (_OF_WHICH.search(ctx_text) and _scope_in(ctx_text)))
    ):
        return previous.metric if _unit_kind(previous) == kind else None
    if not matches:
        if language == "en":
            following = _matches(after, labels, sentence)
            if following:
                metric = _metric_of(following[0][2], kind)
                return metric
        elif kind == "rate" and "认罪认罚" in after:
            return "plea_leniency_rate"
    return None


def _sentence_statements(context: _Context, s_start: int, s_end: int) -> list[Statement]:
    view, text, document = context.view, context.document.text, context.document
    sentence_view = view[s_start:s_end]
    if _PER_CAPITA.search(sentence_view):
        return []
    tokens = find_quantities(view, s_start, s_end, document.language)
    if not tokens:
        return []
    _classify(tokens, view, s_start, s_end)
    live = [t for t in tokens if t.kind != "skip"]
    first_level = next((t for t in live if t.kind == "level"), None)
    topic = view[s_start : first_level.start] if first_level else sentence_view
    head = view[s_start : s_start + 30]
    opening = head.split(",")[0] if "," in head else topic[:30]
    timeframe = sentence_timeframe(opening, context.timeframe)
    sentence = text[s_start:s_end].strip()

    statements: list[Statement] = []
    gaps: list[str] = []
    listed = _listed_labels(live, view, s_start, sentence_view, document.language)
    previous_end, previous_level = s_start, None
    for index, token in enumerate(live):
        ctx_text = view[previous_end : token.start]
        gaps.append(ctx_text)
        previous_end = token.end
        if token.kind != "level":
            continue
        following_start = live[index + 1].start if index + 1 < len(live) else s_end
        after = view[token.end : following_start]
        statement = _level(
            token,
            ctx_text,
            after,
            topic,
            sentence_view,
            sentence,
            previous_level,
            timeframe,
            context,
            listed.get(index),
        )
        if statement is not None:
            statements.append(statement)
            previous_level = token

    for token, target in _change_targets(live):
        value = token.sign * token.quantity.value
        gap = gaps[live.index(token)]
        verb = _CHANGE_PHRASE.search(gap)
        printed = text[token.start - (len(gap) - verb.start() if verb else 0) : token.end]
        if target is not None:
            if target.statement is not None:
                _set_change(target.statement, token, value, printed)
            continue
        # a change printed without its level: 不捕率同比增加7.9个百分点
        change_only = _change_only(
            token, gaps[live.index(token)], sentence_view, sentence, timeframe, context
        )
        if change_only is not None:
            _set_change(change_only, token, value, printed)
            statements.append(change_only)
    return statements


def _level(
    token: Token,
    ctx_text: str,
    after: str,
    topic: str,
    sentence_view: str,
    sentence: str,
    previous: Token | None,
    timeframe: TimeFrame,
    context: _Context,
    listed: lexicon.Label | None = None,
) -> Statement | None:
    document = context.document
    kind = _kind(token, after, document.language)
    if listed is not None:
        metric = _metric_of(listed, kind)
    else:
        metric = _assign(token, kind, ctx_text, after, sentence_view, previous, context)
    if metric is None:
        return None
    scope_text = ctx_text + (after if document.language == "en" else "")
    scope = (
        _scope_in(scope_text)
        or _scope_in(topic)
        or _crime_phrase(ctx_text)
        or context.section_scope
        or ""
    )
    if (
        not scope
        and _OF_WHICH.search(ctx_text)
        and previous is not None
        and metric in ("arrests_approved", "prosecuted", "arrests_not_approved", "not_prosecuted")
    ):
        return None  # "其中…X人" with no named group: a part we cannot name
    metric = _refine(metric, ctx_text, topic, after if document.language == "en" else "")
    if lexicon.INHERENT_SCOPE.get(metric) == scope:
        scope = ""
    year = year_next_to(ctx_text, after) or timeframe.year
    frame = timeframe if year == timeframe.year else TimeFrame(year, "FY")
    token.metric, token.scope = metric, scope
    token.statement = _statement(document, token, kind, metric, scope, frame, sentence)
    return token.statement


_RESPECTIVELY_IS = re.compile(r"分别(为|是|达到?|占|有)?\s*$")


def _listed_labels(
    live: list[Token], view: str, s_start: int, sentence_view: str, language: str
) -> dict[int, lexicon.Label]:
    """不捕率、不诉率分别为34.2%、19.7%: k labels listed, then k figures in the same order."""
    out: dict[int, lexicon.Label] = {}
    previous_end = s_start
    for index, token in enumerate(live):
        ctx = view[previous_end : token.start]
        previous_end = token.end
        if token.kind != "level" or not _RESPECTIVELY_IS.search(ctx):
            continue
        labels = [
            m[2]
            for m in _matches(ctx, _labels(language), sentence_view)
            if m[2].count or m[2].rate or m[2].cases
        ]
        figures = [index]
        for follower in range(index + 1, len(live)):
            gap = view[live[follower - 1].end : live[follower].start]
            if (
                live[follower].kind != "level"
                or not _CONNECTOR.match(gap)
                or len(figures) == len(labels)
            ):
                break
            figures.append(follower)
        if len(labels) >= 2 and len(figures) == len(labels):
            out.update(zip(figures, labels, strict=True))
    return out


def _change_targets(live: list[Token]) -> list[tuple[Token, Token | None]]:
    """Each change with the figure it belongs to (None: a change printed alone). The k changes of a
    "分别" group belong, in order, to the last k figures before the group."""
    pairs: list[tuple[Token, Token | None]] = []
    index = 0
    while index < len(live):
        token = live[index]
        if token.kind != "change":
            index += 1
            continue
        group = [token]
        if token.respectively:
            while (
                index + len(group) < len(live)
                and live[index + len(group)].kind == "change"
                and live[index + len(group)].respectively
            ):
                group.append(live[index + len(group)])
        levels = [t for t in live[:index] if t.kind == "level"]
        changed = {id(target) for _, target in pairs if target is not None}
        if len(group) > 1:
            targets = levels[-len(group) :] if len(levels) >= len(group) else [None] * len(group)
            pairs.extend(zip(group, targets, strict=True))
        else:
            last = levels[-1] if levels else None
            between = live[live.index(last) + 1 : index] if last is not None else []
            busy = last is not None and (
                id(last) in changed or any(t.kind == "change" for t in between)
            )
            pairs.append((token, None if busy else last))
        index += len(group)
    return pairs


def _set_change(statement: Statement, token: Token, value: float, printed: str) -> None:
    if token.change_unit == "pp":
        statement.change_pp = value
    else:
        statement.change_pct = value
    statement.change_base = token.base or _default_base(statement.period)
    statement.change_printed = statement.change_printed or printed


def _change_only(
    token: Token,
    gap: str,
    sentence_view: str,
    sentence: str,
    timeframe: TimeFrame,
    context: _Context,
) -> Statement | None:
    matches = _matches(gap, _labels(context.document.language), sentence_view)
    for _, _, label in reversed(matches):
        metric = label.rate if token.change_unit == "pp" else label.count
        if metric is None:
            return None
        return Statement(
            context.document.doc,
            metric,
            "",
            None,
            "pct" if token.change_unit == "pp" else "persons",
            None,
            None,
            None,
            timeframe.period,
            timeframe.year,
            None,
            token.start,
            token.end,
            sentence,
        )
    return None


def _statement(
    document: Document,
    token: Token,
    kind: str,
    metric: str,
    scope: str,
    frame: TimeFrame,
    sentence: str,
) -> Statement:
    q = token.quantity
    unit = {"rate": "pct", "cases": "cases"}.get(kind, "persons")
    return Statement(
        document.doc,
        metric,
        scope,
        q.value,
        unit,
        q.qualifier,
        q.low,
        q.high,
        frame.period,
        frame.year,
        document.text[token.start : token.end],
        token.start,
        token.end,
        sentence,
    )


def _default_base(period: str) -> str:
    return "previous year" if period == "FY" else "same period of previous year"


# ------------------------------------------------------------------ document


def _sentences(view: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _SENTENCE_END.finditer(view, start, end):
        if match.end() > cursor:
            spans.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return [(a, b) for a, b in spans if view[a:b].strip()]


def _table_statements(
    context: _Context, lines: list[tuple[int, int]], caption: str
) -> list[Statement]:
    """A table whose header names years: one statement per cell under a year."""
    view, text = context.view, context.document.text
    header = [c.strip() for c in view[lines[0][0] : lines[0][1]].split("|")]
    years = {
        i: int(m.group(0)) for i, c in enumerate(header) if (m := re.search(r"(19|20)\d\d", c))
    }
    unit_match = re.search(r"(万人|万件|人|件|%)", caption)
    caption_unit = unit_match.group(1) if unit_match else ""
    out = []
    for line_start, line_end in lines[1:]:
        cells, cursor = [], line_start
        for raw in view[line_start:line_end].split("|"):
            offset = len(raw) - len(raw.lstrip())
            cells.append((cursor + offset, cursor + len(raw.rstrip()), raw.strip()))
            cursor += len(raw) + 1
        label_text = cells[0][2]
        for i, (c_start, c_end, cell) in enumerate(cells[1:], start=1):
            if i not in years or not re.search(r"\d", cell):
                continue
            printed = cell if re.search(r"[万亿%人件]", cell) else cell + caption_unit
            try:
                quantity = parse_quantity(printed)
            except NumberFormatError:
                continue
            token = Token(c_start, c_end, quantity, printed)
            kind = _unit_kind(token)
            matches = _matches(label_text, _labels(context.document.language), label_text)
            metric = _metric_of(matches[-1][2], kind) if matches else None
            if metric is None:
                continue
            found = period_in(header[i])
            frame = TimeFrame(years[i], found[1] if found else "FY")
            scope = _scope_in(label_text) or context.section_scope or ""
            out.append(
                _statement(
                    context.document,
                    token,
                    kind,
                    metric,
                    scope,
                    frame,
                    text[line_start:line_end].strip(),
                )
            )
    return out


def extract_statements(document: Document) -> list[Statement]:
    """Every statement in a document, in the order they appear."""
    text = document.text
    cased = matching_view(text)
    view = cased.lower() if document.language == "en" else cased
    head = view[:600]
    timeframe = document_timeframe(
        matching_view(document.title or ""), head, document.meta.get("published_on")
    )
    title_view = matching_view(document.title or "").lower()
    document_scope = next(
        (scope for pattern, scope in lexicon.DOCUMENT_SCOPES if pattern.search(title_view)), None
    )
    context = _Context(document, view, timeframe, document_scope, cased)
    statements: list[Statement] = []
    lines = []
    cursor = 0
    for line in view.split("\n"):
        lines.append((cursor, cursor + len(line)))
        cursor += len(line) + 1
    index = 0
    while index < len(lines):
        start, end = lines[index]
        line = view[start:end]
        if "|" in line:
            block = []
            while index < len(lines) and "|" in view[lines[index][0] : lines[index][1]]:
                block.append(lines[index])
                index += 1
            header = view[block[0][0] : block[0][1]]
            if re.search(r"(19|20)\d\d", header) and len(block) > 1:
                caption = view[lines[max(0, index - len(block) - 1)][0] : block[0][0]]
                statements += _table_statements(context, block, caption)
            else:
                for row_start, row_end in block:
                    statements += _sentence_statements(context, row_start, row_end)
            continue
        if _is_heading(line):
            context.section_scope = _scope_in(line) or document_scope
        for s_start, s_end in _sentences(cased, start, end):
            statements += _sentence_statements(context, s_start, s_end)
        index += 1
    return statements


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if _HEADING.match(stripped):
        return True
    return (
        len(stripped) <= 20
        and stripped[-1] not in "。！？；：.!?;:,"
        and not re.search(r"\d", stripped)
    )
