"""Plain text about sciagent's results, shared by every surface.

A leaf of the layers (beside ``errors``, ``config`` and ``records``): nothing
here imports the rest of sciagent, so the CLI, the notebook display and the
LangChain tools can all word a result's status the same way without one
surface importing another.

* :mod:`.status`: an agent result's status word, confidence, headline and
  competing answers.
"""
