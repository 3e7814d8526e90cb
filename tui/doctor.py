"""`python -m tui doctor`: what the terminal said, what was decided, and why.

The report is plain text or JSON (logical order, English: it is for bug reports and
scripts); the calibration screen it opens on a terminal is the browser's own
(`tui.screens.calibration`). Never imports textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.rtl.terminal import TerminalPlan

DECIDERS = {
    "--bidi": "the --bidi option",
    "TUI_BIDI": "the TUI_BIDI variable",
    "choice": "your choice for this terminal",
    "detected": "detection",
}

BDSM_STATES = {
    0: "0 (not known to it)",
    1: "1 (implicit: it reorders rows itself)",
    2: "2 (explicit: it leaves order to the app)",
    3: "3 (always implicit)",
    4: "4 (always explicit)",
}


def escaped(sequence: str) -> str:
    """Escape sequences written so a person can read them (`ESC [ 8 l` as `\\e[8l`)."""
    if not sequence:
        return "nothing"
    readable = sequence.replace("\x1b", "\\e").replace("\x07", "\\a")
    return "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in readable)


def report_fields(plan: TerminalPlan, problems: list[str], kept_in: Path | None) -> dict[str, Any]:
    """Everything the report says, as data (the JSON form)."""
    answers = plan.answers
    outer = plan.outer
    return {
        "terminal": {
            "name": plan.terminal.name,
            "label": plan.terminal.label,
            "version": plan.terminal.version,
            "known_from": plan.terminal.source,
            "fingerprint": plan.terminal.fingerprint,
            "choice_key": plan.terminal.key,
        },
        "answers": {
            "answered": answers.round_trip is not None,
            "round_trip_ms": None
            if answers.round_trip is None
            else round(answers.round_trip * 1000, 1),
            "rounds": answers.rounds,
            "elapsed_ms": round(answers.elapsed * 1000, 1),
            "xtversion": answers.xtversion,
            "da2": list(answers.da2) if answers.da2 else None,
            "bdsm": answers.bdsm,
            "mlterm_use_ctl": answers.mlterm_use_ctl,
        },
        "outer": None
        if outer is None
        else {
            "name": outer.terminal.name,
            "label": outer.terminal.label,
            "known_from": outer.terminal.fingerprint,
            "passthrough": outer.passthrough,
        },
        "mode": plan.mode,
        "decided_by": plan.decided_by,
        "detected_mode": plan.detected,
        "on_start": plan.enter,
        "on_exit": plan.leave,
        "notice": plan.notice_key,
        "english_only": plan.force_english,
        "choices_file": str(kept_in) if kept_in else None,
        "problems": problems,
    }


def report_text(plan: TerminalPlan, problems: list[str], kept_in: Path | None) -> str:
    """The report for people: one fact a line."""
    answers = plan.answers
    terminal = plan.terminal
    lines = [f"terminal:     {terminal.label} (known from {_known_from(plan)})"]
    if answers.round_trip is None:
        waited = f" (waited {answers.elapsed * 1000:.0f} ms)" if answers.rounds else ""
        lines.append(f"answers:      none: not asked, or no answer{waited}")
    else:
        lines.append(
            f"answers:      first in {answers.round_trip * 1000:.1f} ms; "
            f"{answers.rounds} rounds in {answers.elapsed * 1000:.1f} ms"
        )
        lines.append(f"  XTVERSION:  {answers.xtversion or '-'}")
        da2 = ";".join(map(str, answers.da2)) if answers.da2 else "-"
        lines.append(f"  DA2:        {da2}")
        state = "-" if answers.bdsm is None else BDSM_STATES.get(answers.bdsm, str(answers.bdsm))
        lines.append(f"  BDSM:       {state}")
        if answers.mlterm_use_ctl is not None:
            lines.append(f"  use_ctl:    {str(answers.mlterm_use_ctl).lower()} (mlterm)")
    if plan.outer is not None:
        outer = plan.outer
        passing = "on" if outer.passthrough else "off"
        lines.append(
            f"around it:    {outer.terminal.label} ({outer.terminal.fingerprint}); "
            f"passthrough {passing}"
        )
    lines.append(f"mode:         {plan.mode} (by {DECIDERS[plan.decided_by]})")
    if plan.decided_by != "detected":
        lines.append(f"detected:     {plan.detected}")
    lines.append(f"on start:     {escaped(plan.enter)}")
    lines.append(f"on exit:      {escaped(plan.leave)}")
    if plan.force_english:
        lines.append("language:     English only (Arabic cannot show here)")
    if plan.notice_key:
        lines.append(f"notice:       {plan.notice_key}")
    if kept_in is not None:
        lines.append(f"choices file: {kept_in}")
    lines.extend(f"problem:      {problem}" for problem in problems)
    return "\n".join(lines)


def _known_from(plan: TerminalPlan) -> str:
    terminal = plan.terminal
    if terminal.source == "answers":
        return f"its answers: {terminal.fingerprint}"
    if terminal.source == "environment":
        return f"the environment only: {terminal.fingerprint}"
    return f"nothing: {terminal.fingerprint}"
