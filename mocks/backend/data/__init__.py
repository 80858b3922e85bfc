"""Reference data files of the simulated provincial backend (package only so they ship in wheels)."""
