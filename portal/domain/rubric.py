"""The interview rubric the portal ships with, and how administrators' wording
replaces it level by level."""

from __future__ import annotations

from collections.abc import Mapping

from portal.domain.selection import CRITERIA, MAX_SCORE, MIN_SCORE

#: What each score means on each criterion, until an administrator rewords it.
#: Written for interviews of students and recent graduates applying to a programme
#: on migration policy, law and practice.
DEFAULT_RUBRIC: dict[str, dict[int, str]] = {
    "worldview": {
        1: "Little awareness of migration or of public affairs beyond their own "
        "experience; relies on slogans or stereotypes about migrants.",
        2: "Knows some facts about migration in Azerbaijan or abroad, but cannot "
        "connect them or explain why they matter; views stay one-sided.",
        3: "Describes the main kinds of migration and why people move; sees more than "
        "one side of an issue and shows respect for migrants' rights and dignity.",
        4: "Places migration in its economic, legal and human context with examples; "
        "weighs the state's and the person's interests and can say where they differ.",
        5: "A broad, informed and balanced view: links national, regional and "
        "international developments, questions their own assumptions and explains "
        "how the programme fits their aims in public service.",
    },
    "logical_thinking": {
        1: "Answers do not follow from the question; no reasons are given, or they "
        "contradict each other.",
        2: "Gives reasons, but jumps to conclusions, mixes facts with opinions or "
        "loses the thread when asked a follow-up question.",
        3: "Structures an answer with a clear claim and reasons; handles a simple case "
        "step by step and notices an obvious gap when it is pointed out.",
        4: "Analyses a case methodically: separates the facts that matter, considers "
        "alternatives and their consequences, and reaches a justified conclusion.",
        5: "Reasons precisely and quickly under questioning: finds the hidden "
        "assumption, tests their own conclusion against counter-examples and "
        "proposes a workable, well-argued solution.",
    },
    "foreign_languages": {
        1: "Cannot hold the conversation in the foreign language; single words or "
        "memorised phrases only (below A2).",
        2: "Understands and answers simple, familiar questions slowly with frequent "
        "errors that sometimes block meaning (about A2).",
        3: "Talks about studies, plans and everyday topics with reasonable ease; "
        "errors do not block meaning; struggles with abstract subjects (about B1).",
        4: "Discusses migration topics and reads professional texts with confidence; "
        "explains a viewpoint with few errors (about B2).",
        5: "Fluent and precise, including on legal or policy questions; follows fast "
        "speech and switches register as needed (C1 or above), possibly in more than "
        "one foreign language.",
    },
}


def rubric_levels(
    stored: Mapping[tuple[str, int], str],
) -> dict[str, dict[int, str]]:
    """Each criterion's descriptor per score: the administrators' wording where
    they saved one, the shipped one elsewhere (a blank saved text falls back too,
    so interviewers never score bare numbers).

    :param stored: descriptors saved by administrators, by (criterion, level).
    """
    return {
        criterion: {
            level: (stored.get((criterion, level)) or "").strip()
            or DEFAULT_RUBRIC[criterion][level]
            for level in range(MIN_SCORE, MAX_SCORE + 1)
        }
        for criterion in CRITERIA
    }
