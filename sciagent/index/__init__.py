"""The per-library indexes on disk: a read side and a write side.

Read side (never writes; the searcher, the checker, ``sciagent index status``
and the plugin health check use only this):

* :mod:`.state`: where one library's index stands (fresh, missing, stale, corrupt);
* :mod:`.loaded`: :func:`~.loaded.load_indexes`, every installed library's index loaded;
* :mod:`.names`: :class:`~.names.NameTable`, where each public name lives;
* :mod:`.store`: the on-disk format (read and written), :mod:`.lexical`, :mod:`.embedding`.

Write side: :mod:`.build` walks, embeds and writes an index under a
per-library lock; :func:`~.build.rebuilder` is what the read side is handed
when the caller's policy allows building (the default searcher and the CLI).
"""
