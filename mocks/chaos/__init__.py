"""The chaos run: kiosk submissions through the real outbox and client under injected faults.

* :mod:`.schedule`: the seeded fault schedule (fault phases, timeout bursts, restarts, kills).
* :mod:`.reconcile`: what citizens were told against the backend's dossiers (pure).
* :mod:`.backend_proc`: the backend under uvicorn as a process that can be killed and restarted.
* :mod:`.worker`: one headless kiosk process (outbox + sender + HttpProvincialBackend).
* :mod:`.run`: the coordinator tying them together.
"""
