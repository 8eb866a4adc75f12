"""The guard that cuts a model reply stuck in a loop (no model needed)."""

from __future__ import annotations


def test_loop_guard_cuts_a_repeating_reply_and_spares_real_code():
    from sciagent.llm._llamacpp import LoopGuard

    looping = "```python\nfrom rdkit import Chem\n" + "from rdkit.Chem.AtomPairs import Pairs\n" * 7
    guard = LoopGuard()
    assert any(guard.feed(piece + "\n") for piece in looping.split("\n"))
    two_line_cycle = "x = 1\ny = 2\n" * 6
    assert LoopGuard().feed(two_line_cycle)
    program = "\n".join(f"print({i})" for i in range(40)) + "\n" + "\n".join([")"] * 3) + "\n"
    assert not LoopGuard().feed(program)
