"""The routes, one module per resource; :func:`citybackend.app.create_app` includes each
module's ``router``. Their collaborators come through :mod:`citybackend.dependencies`."""
