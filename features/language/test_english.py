"""The English feature uses only the shared vocabulary's English spellings."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("english.feature")
