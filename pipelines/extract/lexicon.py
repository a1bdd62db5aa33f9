"""How documents name the metrics, the grounds of non-arrest and non-prosecution, and the
sub-populations (scope) a figure can be about.

Patterns run on the matching view (simplified characters, ASCII punctuation; English lower-cased).
Each label names the metric a count takes and the metric a rate takes; a label without one of the two
does not apply to figures of that kind. Labels with no metric at all mask phrases that contain a
metric word but are not that metric (审查起诉 is a stage, not "prosecuted").

Touches: nothing (patterns only). Imports: nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    pattern: re.Pattern
    count: str | None
    rate: str | None
    cases: str | None = None  # metric for the same label counted in cases (件)
    requires: re.Pattern | None = None  # the sentence must also say this
    share: re.Pattern | None = None  # a share construction that defines this label's rate


def _l(
    pattern: str,
    count: str | None = None,
    rate: str | None = None,
    cases: str | None = None,
    requires: str | None = None,
    share: str | None = None,
) -> Label:
    return Label(
        re.compile(pattern),
        count,
        rate,
        cases,
        re.compile(requires) if requires else None,
        re.compile(share) if share else None,
    )


CHINESE: tuple[Label, ...] = (
    # masks
    _l(r"审查起诉|移送(审查)?起诉|核准追诉|起诉书|起诉意见|不起诉决定书|审查逮捕(?!案件)"),
    _l(r"每(十)?万(人|人口)"),
    # arrest review
    _l(
        r"受理(审查)?(提请)?(批准)?逮捕|受理审查逮捕|提请(批准)?逮捕",
        "arrest_review_received",
        cases="arrest_review_cases",
    ),
    _l(r"审查逮捕案件", cases="arrest_review_cases"),
    _l(r"不(予)?批准(和|或|及)?(决定)?逮捕|不批捕|不捕(?!率)", "arrests_not_approved"),
    _l(r"不(批)?捕率", rate="non_arrest_rate"),
    _l(r"批准(和|或|及)?(决定)?逮捕|批捕|决定逮捕", "arrests_approved"),
    _l(r"追加逮捕|追捕|纠正漏捕|漏捕", "additional_arrests"),
    # review for prosecution
    _l(
        r"受理(审查起诉|移送审查起诉|移送起诉)",
        "prosecution_review_received",
        cases="prosecution_review_cases",
    ),
    _l(r"监察(机关|委员会|委)移送(审查)?起诉", "received_from_supervision_commissions"),
    _l(r"相对不起诉率|酌定不起诉率", rate="discretionary_non_prosecution_rate"),
    _l(r"附条件不起诉率", rate="conditional_non_prosecution_rate"),
    _l(r"不(起)?诉率", rate="non_prosecution_rate"),
    _l(r"附条件不起诉", "conditional_not_prosecuted"),
    _l(r"相对不起诉|酌定不起诉", "discretionary_not_prosecuted"),
    _l(r"法定不起诉|存疑不起诉|证据不足不起诉", "evidentiary_or_statutory_not_prosecuted"),
    _l(r"捕后不(起)?诉", "not_prosecuted_after_arrest"),
    _l(r"(决定|作出)?不(予)?起诉|不诉(?!率)", "not_prosecuted"),
    _l(r"追加起诉|纠正漏诉|漏诉|追诉", "additional_prosecutions"),
    _l(r"提起公诉|决定起诉|起诉|公诉", "prosecuted"),
    # plea leniency and sentencing recommendations
    _l(
        r"认罪认罚(从宽)?(制度)?(的)?(适用率|适用比例)|适用认罪认罚(从宽)?(制度)?的?(比例|比率)",
        rate="plea_leniency_rate",
    ),
    _l(
        r"适用认罪认罚(从宽)?(制度)?(审结|办结|处理)?|认罪认罚(从宽)?(制度)?(审结|办结)?(的)?",
        "plea_leniency_persons",
        "plea_leniency_rate",
        share=r"^(人数|的人数)?占(同期)?(全部)?(审结|办结|结案)",
    ),
    _l(r"适用率|适用比例", rate="plea_leniency_rate", requires=r"认罪认罚"),
    _l(r"(提出)?确定刑(量刑)?建议(的)?(占比|比例)", rate="determinate_recommendation_share"),
    _l(
        r"(提出)?确定刑(量刑)?建议",
        "determinate_recommendations",
        "determinate_recommendation_share",
    ),
    _l(
        r"(量刑建议)?(的)?采纳率|采纳(量刑建议)?(的)?(比例|比率)",
        rate="recommendation_adoption_rate",
    ),
    _l(r"(法院)?采纳(了)?量刑建议|量刑建议被(法院)?采纳", "recommendations_adopted"),
    _l(r"(提出)?量刑建议", "sentencing_recommendations"),
    _l(r"一审服判率|服判率", rate="first_instance_acceptance_rate"),
    _l(r"诉前羁押率", rate="pretrial_detention_rate"),
    _l(r"审前羁押率", rate="pretrial_custody_rate"),
    _l(r"未决羁押率", rate="unsentenced_custody_rate"),
    _l(
        r"释放或(者)?变更强制措施|变更强制措施|释放",
        "released_after_custody_review",
        requires=r"羁押",
    ),
    _l(
        r"对不(批准逮捕|批捕|捕)决定(要求)?复议(、?提请复核)?",
        "police_reconsideration_of_non_arrest",
    ),
    _l(r"对不(起)?诉决定(要求)?复议(、?提请复核)?", "police_reconsideration_of_non_prosecution"),
    _l(r"(要求)?复议、?提请复核|复议复核"),
)

ENGLISH: tuple[Label, ...] = (
    _l(r"per (10|100),?000|for every (10|100),?000|per capita"),
    _l(r"arrest[- ]review cases|arrest cases", cases="arrest_review_cases"),
    _l(
        r"(received|accepted)[\w\s,-]{0,30}?(for )?(review (of|for) )?arrest|arrest review requests?",
        "arrest_review_received",
    ),
    _l(
        r"(decided )?not to approve (the )?arrests?( of)?|not approved for arrest|refused to approve (the )?"
        r"arrests?( of)?|disapproved (the )?arrests?( of)?|(was|were) not arrested|decisions? not to "
        r"arrest|not to arrest|non-?arrests?",
        "arrests_not_approved",
    ),
    _l(r"non-?arrest rate|rate of non-?arrests?", rate="non_arrest_rate"),
    _l(
        r"approved (and decided (on |to )?)?(the )?arrests?( of)?|approved arrests?|arrests? (was |were )?"
        r"approved|approval of (the )?arrests?( of)?|arrested",
        "arrests_approved",
    ),
    _l(
        r"(received|accepted)[\w\s,-]{0,30}?review (for|of) prosecution",
        "prosecution_review_received",
    ),
    _l(r"non-?prosecution rate|rate of non-?prosecution", rate="non_prosecution_rate"),
    _l(
        r"conditional(ly)? non-?prosecution|conditionally (did )?not (to )?prosecute",
        "conditional_not_prosecuted",
    ),
    _l(
        r"(decided )?not to prosecute|(was|were) not prosecuted|not prosecuted|non-?prosecution "
        r"decisions?|declined to prosecute",
        "not_prosecuted",
    ),
    _l(
        r"decided to prosecute|(filed|initiated|brought) (public )?prosecutions? against|prosecuted|"
        r"indicted",
        "prosecuted",
    ),
    _l(
        r"(plea|leniency)[\w\s-]{0,60}?(application rate|rate of application)|application rate of the "
        r"(plea|leniency)[\w\s-]{0,60}",
        rate="plea_leniency_rate",
    ),
    _l(
        r"(plea|leniency)[\w\s-]{0,60}?applied (in|to)",
        "plea_leniency_persons",
        "plea_leniency_rate",
    ),
    _l(
        r"application rate|rate of application",
        rate="plea_leniency_rate",
        requires=r"plea|leniency|guilty",
    ),
    _l(
        r"determinate (sentencing )?(recommendations?|sentences?)[\w\s]{0,30}?(accounted for|share|"
        r"proportion)",
        rate="determinate_recommendation_share",
    ),
    _l(r"adoption rate|rate of adoption", rate="recommendation_adoption_rate"),
    _l(
        r"first[- ]instance (judgment )?acceptance rate|accepted the first[- ]instance",
        rate="first_instance_acceptance_rate",
    ),
    _l(
        r"pre-?prosecution detention rate|pre-?trial detention rate", rate="pretrial_detention_rate"
    ),
)

# Grounds that turn a not-arrested or not-prosecuted count into its sub-type.
GROUNDS: tuple[tuple[re.Pattern, dict[str, str]], ...] = (
    (
        re.compile(
            r"不构成犯罪或(者)?证据不足|证据不足|不构成犯罪|法定不起诉|存疑|insufficient evidence|"
            r"(did|does) not constitute a crime|no crime"
        ),
        {
            "arrests_not_approved": "evidentiary_or_statutory_not_arrested",
            "not_prosecuted": "evidentiary_or_statutory_not_prosecuted",
        },
    ),
    (
        re.compile(
            r"无逮捕必要|无社会危险性|没有社会危险性|不具有社会危险性|no (social )?danger|unnecessary"
        ),
        {"arrests_not_approved": "not_arrested_no_necessity"},
    ),
    (
        re.compile(
            r"犯罪情节轻微|情节轻微|不需要判处刑罚|可以不判处刑罚|免除刑罚|minor offen[cs]es?"
        ),
        {
            "arrests_not_approved": "not_arrested_minor_offence",
            "not_prosecuted": "discretionary_not_prosecuted",
        },
    ),
)

# Sub-populations. The first pattern that matches names the scope (so the more specific come first).
SCOPES: tuple[tuple[re.Pattern, str], ...] = (
    (
        re.compile(r"侵害未成年人|性侵(害)?未成年人|crimes? against (minors|children)"),
        "crimes against minors",
    ),
    (re.compile(r"未成年|minors?\b|juveniles?|underage"), "minors"),
    (re.compile(r"严重暴力|serious violent"), "serious violent crime"),
    (
        re.compile(r"涉黑涉恶|黑恶势力|黑社会性质|涉黑|涉恶|有组织犯罪|organi[sz]ed crime|gang"),
        "organised crime",
    ),
    (re.compile(r"危险驾驶|醉驾|dangerous driving|drunk driving"), "dangerous driving"),
    (
        re.compile(r"电信网络诈骗|电信诈骗|电诈|telecom(munications?)?( and online)? fraud"),
        "telecom fraud",
    ),
    (re.compile(r"帮助信息网络犯罪活动|帮信"), "aiding information network crime"),
    (
        re.compile(r"职务犯罪|贪污|贿赂|受贿|行贿|duty crimes?|official crimes?|corruption"),
        "duty crime",
    ),
    (re.compile(r"毒品|drug crimes?"), "drug crime"),
)
# A document about one population (the juvenile white paper) scopes every figure it does not scope
# itself; only titles that name the population as their subject count.
DOCUMENT_SCOPES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"未成年人检察|未检工作|juvenile procuratorial"), "minors"),
)
# A metric that by law concerns one population only: that population is not a sub-scope of it.
INHERENT_SCOPE = {"conditional_not_prosecuted": "minors"}
# Any other named crime type after the verb ("起诉破坏环境资源保护犯罪4.6万人") is a sub-population too.
CRIME_PHRASE = re.compile(
    r"([\u4e00-\u9fff、]{2,16}?)(犯罪|(?<![认谢获定有无免脱判问治得归论])罪)(?!嫌疑人|情节|分子)"
)
GENERIC_CRIME = re.compile(r"^(各类|刑事|各类刑事|一般|普通|涉嫌|新型|全部|所有)$")

# A share of a total or a subgroup: 占不捕人数的2.4%.
SHARE = re.compile(
    r"占[^,;:。]{0,20}?(的|比例|比重)?$|占比(为|达)?$|(accounting|accounted) for$|of (the )?total$"
)
# The designated share of a count, when a document gives "X人，占…的Y%" for that count.
SHARE_OF = {
    "plea_leniency_persons": "plea_leniency_rate",
    "determinate_recommendations": "determinate_recommendation_share",
}
