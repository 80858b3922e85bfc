"""The kiosk's pygame touch UI: the only package that imports pygame.

    app.py       KioskApp: input + service answers -> KioskFlow -> view -> scene stack -> screen
    driver.py    KioskDriver: tap(label) / type(text) / screen_text() / scene / advance / screenshot
    input.py     the one caller of pygame.event.get(): touch, mouse, keys -> Tap / KeyPressed / TextTyped
    stack.py     one scene per screen; the inactivity warning and the error screen pushed on top
    scenes/      one module per screen, each rendering its flow view model (flow/views.py)
    widgets.py   buttons, tiles, chips, rows, text fields, countdown, QR, thumbnail, timeline
    keyboard.py  on-screen Vietnamese keyboard (Telex or no diacritics) and numeric keypad
    theme.py     palettes (normal, high contrast), sizes, touch targets; fonts.py: Be Vietnam Pro
    voice.py     espeak-ng voice guidance
    screenshot.py  PNGs that leave the kiosk: personal values masked (redaction.py), a "Screen-Text" layer

Nothing here runs at import time; pygame starts in ``KioskApp.start()``.
"""
