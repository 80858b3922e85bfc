"""The chaos run: the real kiosk (``build_kiosk``, as ``kiosk run`` assembles it) under injected faults.

* :mod:`.schedule`: the seeded fault schedule (fault phases, timeout bursts, restarts, kills,
  power cuts inside an outbox write, a full disk, clock jumps and drift, the outage, damage).
* :mod:`.reconcile`: what citizens were told against the backend's dossiers (pure).
* the backend under uvicorn, killed and restarted: :class:`mocks.launcher.BackendProcess`.
* :mod:`.worker`: one headless kiosk process (the kiosk's own effects, executor and outbox).
* :mod:`.workers`: those processes as the coordinator drives them; :mod:`.disk`: disk faults.
* :mod:`.world`: citizens registered, dossiers described, the backend's dossiers counted.
* :mod:`.run`: the coordinator tying them together; :mod:`.render`: its tables and progress bar.
"""
