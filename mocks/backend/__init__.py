"""The simulated Provincial Administrative Procedure Information System (FastAPI + SQLite).

Served by ``kiosk-twin backend``; built by ``app.create_app(settings)``. Importing this package
does nothing; every module is imported by name.

    app.py               create_app: routes, error handlers (Problem bodies), fault middleware
    settings.py          BackendSettings, load_settings (config file under command-line options)
    state.py             Backend: everything one running backend holds
    store.py             SQLite (WAL), schema;  clock.py  the world clock (persisted offset)
    auth.py              kiosk key and citizen bearer dependencies;  tokens.py  ES256 JWTs, JWKS
    citizens_registry.py population records and citizen tokens (used by the CCCD login too)
    vneid.py             the VNeID login mock
    dossiers.py          submission, idempotency, access;  forms.py, attachments.py  validation
    decoding.py          uploads must decode within bounds (JPEG via Pillow, PDF via pypdf)
    lifecycle.py         status changes with history;  officials.py  the simulated officials
    payments.py          fee requests with VietQR;  ratings.py  satisfaction ratings
    faults.py            fault injection (ASGI middleware);  lookups.py  look-up rate limit
    routes/              one router per resource, control.py only with the control API on
    openapi.py           exports openapi.json (``python -m mocks.backend.openapi``)
    catalogue.py, search.py, calendar.py, sites.py, vietqr.py, data/   reference data
"""
