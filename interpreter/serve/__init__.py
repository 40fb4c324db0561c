"""``plazo serve``: the HTTP service (an ASGI app on Starlette, run by uvicorn).

:mod:`.app` builds the app; :mod:`.store` holds the compiled policies of a folder
(reloaded when a file changes, the last good version kept when a change fails
``plazo check``); :mod:`.routes` the endpoints; :mod:`.bodies` reads requests within
:mod:`.limits`; :mod:`.problems` turns plazo's errors into HTTP answers; :mod:`.logs`
writes one JSON line per request; :mod:`.schema` and :mod:`.openapi` describe it all.

This package's ``__init__`` imports nothing: ``plazo serve``'s options come from
:mod:`.limits`, which must load where the ``serve`` extra (Starlette, uvicorn) is not
installed.
"""
