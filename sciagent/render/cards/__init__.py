"""Cards: the composed views of a search hit, a program run and an agent result.

Each card has an HTML form (a notebook's ``_repr_html_``) and a text form
(terminals, logs, ``_repr_pretty_``).  The records' own display methods, the
notebook surface and the other surfaces all call these functions, so a hit,
a run or a result looks the same wherever it is shown.

Cards are built from the leaf modules beside them (:mod:`..markup`,
:mod:`..values`, :mod:`..molecules`, :mod:`..status`) and read the records
through protocols: nothing outside :mod:`sciagent.render` is imported, so the
records can call their cards without an import cycle.

* :mod:`.hits`: signature cards of search hits;
* :mod:`.runs`: a sandboxed run (status, result, drawings, stdout, files);
* :mod:`.agent`: an agent result (verdict, answer, candidates, attempts, APIs);
* :mod:`.notices`: a short notice, an error with its fix.
"""
