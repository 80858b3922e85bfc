"""One scene per screen; ``SCENES`` maps each flow ``Screen`` to the scene class that renders it."""

from __future__ import annotations

from reference_kiosk.flow.views import Screen
from reference_kiosk.ui.scenes.account import AccountScene
from reference_kiosk.ui.scenes.base import Scene, SceneEnv
from reference_kiosk.ui.scenes.error import ErrorScene
from reference_kiosk.ui.scenes.form import FormScene
from reference_kiosk.ui.scenes.goodbye import GoodbyeScene
from reference_kiosk.ui.scenes.home import HomeScene
from reference_kiosk.ui.scenes.login import LoginScene
from reference_kiosk.ui.scenes.lookup import LookupScene
from reference_kiosk.ui.scenes.pay import PayScene
from reference_kiosk.ui.scenes.procedure import ProcedureScene
from reference_kiosk.ui.scenes.rate import RateScene
from reference_kiosk.ui.scenes.receipt import ReceiptScene
from reference_kiosk.ui.scenes.review import ReviewScene
from reference_kiosk.ui.scenes.scan import ScanScene
from reference_kiosk.ui.scenes.search import SearchScene
from reference_kiosk.ui.scenes.timeout import TimeoutScene
from reference_kiosk.ui.scenes.welcome import WelcomeScene

__all__ = ["SCENES", "Scene", "SceneEnv"]

SCENES: dict[Screen, type[Scene]] = {
    cls.screen: cls
    for cls in (
        WelcomeScene,
        LoginScene,
        AccountScene,
        HomeScene,
        SearchScene,
        ProcedureScene,
        FormScene,
        ScanScene,
        ReviewScene,
        ReceiptScene,
        PayScene,
        LookupScene,
        RateScene,
        GoodbyeScene,
        ErrorScene,
        TimeoutScene,
    )
}
