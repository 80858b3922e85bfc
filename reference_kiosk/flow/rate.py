"""Rate journey (Decision 766/QD-TTg): indicators 1-7 scored 2/1/0, 8 and 9 on three levels.

Indicators 1 and 2 judge timeliness (total time against the limit, time at each agency): only a
finished dossier can be judged on them, so an unfinished one is asked the other seven.

LOADING --DossiersLoaded--> CHOOSE (unrated dossiers) --DossierChosen--> ANSWER
ANSWER --all nine answered, RatingSubmitted--> SENDING --RatingSaved--> DONE --Continue--> HOME
RatingRefused anywhere: back home without rating.
"""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.effects import Effect, ListDossiers, RateDossier
from reference_kiosk.flow.lookup import summary
from reference_kiosk.flow.state import FlowState, RateState
from reference_kiosk.flow.views import IndicatorView, RatePhase, RateView, Screen

__all__ = ["FINISHED", "INDICATORS", "TIMELINESS", "asked", "handle", "on_dismiss", "start", "view"]

P = RatePhase
INDICATORS = tuple(range(1, 10))
_SCORED = range(1, 8)
TIMELINESS = frozenset({1, 2})
FINISHED = frozenset({api.DossierStatus.DONE, api.DossierStatus.RETURNED})


def asked(rs: RateState) -> tuple[int, ...]:
    """The indicators this dossier is asked about: timeliness only once it is finished."""
    chosen = next((d for d in rs.dossiers if d.code == rs.code), None)
    if chosen is not None and chosen.status in FINISHED:
        return INDICATORS
    return tuple(i for i in INDICATORS if i not in TIMELINESS)


def start(st: FlowState) -> list[Effect]:
    if st.s.token is None:
        return []
    st.s.rate = RateState()
    return st.go(Screen.RATE) + st.request(ListDossiers(st.s.token))


def _valid(rs: RateState, indicator: int, value: int | api.Satisfaction) -> bool:
    if indicator not in asked(rs):
        return False
    if indicator in _SCORED:
        return not isinstance(value, api.Satisfaction) and value in (0, 1, 2)
    return indicator in (8, 9) and isinstance(value, api.Satisfaction)


def _complete(rs: RateState) -> bool:
    return set(rs.answers) == set(asked(rs))


def _rating(rs: RateState) -> api.RatingCreate:
    convenience, overall = rs.answers[8], rs.answers[9]
    assert isinstance(convenience, api.Satisfaction)
    assert isinstance(overall, api.Satisfaction)
    scores = {i: v for i, v in rs.answers.items() if i in _SCORED and isinstance(v, int)}
    return api.RatingCreate(indicators=scores, convenience=convenience, overall=overall)


def handle(st: FlowState, event: ev.Event) -> list[Effect] | None:
    rs = st.s.rate
    match event:
        case ev.DossiersLoaded(dossiers=dossiers) if rs.phase is P.LOADING:
            st.s.pending = None
            rs.dossiers = tuple(d for d in dossiers if not d.rated)  # once per dossier
            rs.phase = P.CHOOSE
            return []
        case ev.DossierChosen(code=code) if rs.phase is P.CHOOSE and code in {d.code for d in rs.dossiers}:
            rs.code = code
            rs.answers = {}
            rs.phase = P.ANSWER
            return []
        case ev.RatingAnswered(indicator=i, value=value) if rs.phase is P.ANSWER and _valid(rs, i, value):
            rs.answers[i] = value
            return []
        case ev.RatingSubmitted() if rs.phase is P.ANSWER and _complete(rs) and st.s.token is not None:
            rs.phase = P.SENDING
            return st.request(RateDossier(st.s.token, rs.code or "", _rating(rs)))
        case ev.RatingSaved() if rs.phase is P.SENDING:
            st.s.pending = None
            rs.phase = P.DONE
            st.s.rated += 1
            rs.dossiers = tuple(d for d in rs.dossiers if d.code != rs.code)
            return []
        case ev.Back() if rs.phase is P.ANSWER:
            rs.phase = P.CHOOSE
            rs.answers = {}
            return []
        case ev.RatingRefused() | ev.Continue() | ev.Back() if rs.phase is not P.SENDING:
            st.s.pending = None
            return st.go(Screen.HOME)
    return None


def on_dismiss(st: FlowState) -> None:
    """The error screen was closed without retrying: the answers stay, ready to send again."""
    if st.s.rate.phase is P.SENDING:
        st.s.rate.phase = P.ANSWER


def view(st: FlowState) -> RateView:
    rs = st.s.rate
    return RateView(
        frame=st.frame(),
        phase=rs.phase,
        dossiers=tuple(summary(d) for d in rs.dossiers),
        dossier_code=rs.code,
        indicators=tuple(IndicatorView(i, rs.answers.get(i)) for i in asked(rs))
        if rs.phase in (P.ANSWER, P.SENDING)
        else (),
        can_submit=rs.phase is P.ANSWER and _complete(rs),
    )
