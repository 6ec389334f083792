"""Settings package: ``base`` holds everything, one module per environment adjusts it.

``DJANGO_SETTINGS_MODULE`` picks the module: ``makerhub.settings.dev`` (default for
``manage.py``), ``makerhub.settings.test`` (pytest) or ``makerhub.settings.prod``.
"""
