"""How sciagent's results look, as text and HTML, shared by every surface.

A leaf of the layers (beside ``errors``, ``config`` and ``records``): nothing
here imports the rest of sciagent, so the records' own displays
(``Hit._repr_html_``, ``RunResult``, ``AgentResult``), the CLI, the notebook
and the LangChain tools can all show a result the same way without the core
importing a surface or one surface importing another.  Results are read
through protocols that the records satisfy.

* :mod:`.progress`: one line for what the agent is doing right now;
* :mod:`.status`: an agent result's status word, confidence, headline and
  competing answers;
* :mod:`.markup`: the HTML pieces cards are made of (marks, boxes, code);
* :mod:`.values`: a program's data (quantities, tables, figures, JSON);
* :mod:`.molecules`: SMILES in an answer, drawn as SVG;
* :mod:`.cards`: the cards of a hit, a run, an agent result and a notice.
"""
