"""The prompt: the request, signature cards of the installed APIs (``Hit.card``),
and a few recipes."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Hit

SYSTEM = """You are a careful scientific Python programmer.
Write ONE complete Python program that does what the user asks, using the libraries installed here.
Call only functions and methods shown on the API cards below, or ones you are certain exist in these versions.
The program must print the final answer (the last printed line is the answer) and also assign it to a variable named `result` (a number, string, list or dict).
Input files, if any, are in the current directory. Do not use the network.
Reply with a single ```python code block and nothing else."""

REPAIR_TAIL = "Reply with the corrected, complete program in a single ```python code block."
#: tokens kept free for the model's reply when fitting a prompt to its window
REPLY_ROOM = 1536


def cards_text(hits: Sequence[Hit], *, recipes: int = 2) -> str:
    api = [h.card() for h in hits if h.kind != "recipe"]
    recipe = [h.card() for h in hits if h.kind == "recipe" and h.example][:recipes]
    parts = ["API cards (the installed versions):", *api]
    if recipe:
        parts += ["", "Examples:", *recipe]
    return "\n".join(parts)


def user_prompt(
    request: str,
    hits: Sequence[Hit],
    inputs: Sequence[str] = (),
    *,
    prelude: str = "",
    form: str = "",
    budget: int | None = None,
) -> str:
    """The first message: request, the request's data already bound, cards, answer form.

    With a token ``budget`` (the model's window minus room for the reply and
    the system prompt), cards are dropped from the least relevant end until
    the prompt fits: a prompt cut by the runtime fails outright, one card fewer
    rarely matters.
    """
    cards = list(hits)
    while True:
        text = _user_prompt(request, cards, inputs, prelude, form)
        if budget is None or not cards or estimate_tokens(SYSTEM + text) <= budget:
            return text
        cards.pop()


def _user_prompt(
    request: str, hits: Sequence[Hit], inputs: Sequence[str], prelude: str, form: str
) -> str:
    parts = [f"Request: {request}"]
    if hits:
        parts += ["", cards_text(hits)]
    if inputs:
        parts += ["", "Input files in the current directory: " + ", ".join(inputs)]
    if prelude:
        parts += [
            "",
            "The request's data is already defined at the top of your program; use these "
            "variables and do not retype or redefine them:",
            "```python",
            prelude.rstrip(),
            "```",
        ]
    if form:
        parts += ["", f"Answer form: {form} The last printed line must be the answer alone."]
    return "\n".join(parts)


def repair_prompt(problem: str, details: str, extra_hits: Sequence[Hit] = ()) -> str:
    parts = [problem]
    if details:
        parts += ["", details.strip()]
    if extra_hits:
        parts += ["", "These installed APIs may help:", *[h.card() for h in extra_hits]]
    parts += ["", REPAIR_TAIL]
    return "\n".join(parts)


def estimate_tokens(text: str) -> int:
    """~4 characters per token: good enough to keep prompts small and comparable."""
    return max(1, len(text) // 4)
