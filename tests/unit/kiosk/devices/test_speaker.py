"""Voice guidance: espeak-ng with the language's voice, non-blocking; silent when missing."""

from __future__ import annotations

from collections.abc import Sequence

from reference_kiosk.devices.speaker import EspeakSpeaker


class FakeProcess:
    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.terminated = False

    def poll(self) -> int | None:
        return None  # still speaking

    def terminate(self) -> None:
        self.terminated = True


def test_speaks_the_catalogue_text_in_the_vietnamese_voice() -> None:
    spawned: list[FakeProcess] = []

    def spawn(argv: Sequence[str]) -> FakeProcess:
        spawned.append(FakeProcess(argv))
        return spawned[-1]

    speaker = EspeakSpeaker(binary="sh", spawn=spawn)  # type: ignore[arg-type]
    speaker.say("voice.welcome", "vi")
    speaker.say("voice.home", "en")
    assert spawned[0].argv[1:] == ["-v", "vi", "Xin chào. Chạm vào màn hình để bắt đầu."]
    assert spawned[1].argv[1:] == ["-v", "en", "Please choose a service."]
    assert spawned[0].terminated  # the new prompt interrupted the old one


def test_missing_binary_or_unknown_prompt_is_silent() -> None:
    calls: list[Sequence[str]] = []

    def spawn(argv: Sequence[str]) -> FakeProcess:
        calls.append(argv)
        return FakeProcess(argv)

    missing = EspeakSpeaker(binary="no-such-espeak-binary", spawn=spawn)  # type: ignore[arg-type]
    missing.say("voice.welcome", "vi")
    assert not missing.available
    present = EspeakSpeaker(binary="sh", spawn=spawn)  # type: ignore[arg-type]
    present.say("voice.no_such_prompt", "vi")
    assert calls == []
    present.say("voice.welcome", "vi")
    assert len(calls) == 1


def test_a_spawn_failure_never_reaches_the_citizen() -> None:
    def broken(argv: Sequence[str]) -> FakeProcess:
        raise OSError("espeak-ng crashed")

    EspeakSpeaker(binary="sh", spawn=broken).say("voice.welcome", "vi")  # type: ignore[arg-type]
