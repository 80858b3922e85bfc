"""Submit journey: case variant, e-form, (scan: ``flow.scan``), review, confirm, receipt.

The idempotency key is drawn when the citizen confirms, kept in the session, and reused by
every retry of the same submission, so the backend can never receive the dossier twice.
"""

from __future__ import annotations

from reference_kiosk import api
from reference_kiosk.domain.privacy import mask_id_number
from reference_kiosk.flow import events as ev
from reference_kiosk.flow.browse import can_submit, fee_online
from reference_kiosk.flow.effects import Effect, SubmitDossier
from reference_kiosk.flow.state import FlowState, SubmitState
from reference_kiosk.flow.validation import format_date, validate_form, wire_value
from reference_kiosk.flow.views import (
    FieldView,
    FormView,
    ReceiptView,
    ReviewDocument,
    ReviewField,
    ReviewView,
    Screen,
)

__all__ = [
    "documents",
    "form_view",
    "handle_form",
    "handle_procedure",
    "handle_receipt",
    "handle_review",
    "receipt_view",
    "review_view",
]


def documents(sub: SubmitState) -> list[api.DocumentRequirement]:
    proc = sub.procedure
    if proc is None:
        return []
    for case in proc.cases:
        if case.code == sub.case_code:
            return list(case.documents)
    return list(proc.documents)


def _case_name(sub: SubmitState) -> str:
    proc = sub.procedure
    return next((c.name for c in proc.cases if c.code == sub.case_code), "") if proc else ""


def _is_id(spec: api.FormField) -> bool:
    return spec.type == "id_number" or spec.prefill == "id_number"


def _prefill(st: FlowState, spec: api.FormField) -> str | None:
    citizen = st.s.citizen
    if citizen is None or spec.prefill is None:
        return None
    if spec.prefill == "address":  # the chip's place of residence, when the card was read
        return st.s.residence or None
    value = getattr(citizen, spec.prefill, None)
    if value is None:
        return None
    return format_date(value) if hasattr(value, "strftime") else str(value)


# ---------------------------------------------------------------------------- procedure -> form


def handle_procedure(st: FlowState, event: ev.Event) -> list[Effect] | None:
    sub = st.s.submit
    proc = sub.procedure
    match event:
        case ev.StartSubmission() if proc is not None and can_submit(st, proc):
            if len(proc.cases) > 1:
                sub.choosing_case = True
                return []
            return _open_form(st, proc.cases[0].code if proc.cases else "")
        case ev.CaseChosen(code=code) if sub.choosing_case and proc is not None:
            if code not in {c.code for c in proc.cases}:
                return []
            return _open_form(st, code)
    return None


def _open_form(st: FlowState, case_code: str) -> list[Effect]:
    proc = st.s.submit.procedure
    st.s.submit = SubmitState(procedure=proc, case_code=case_code)
    if proc is not None:
        for spec in proc.form:
            value = _prefill(st, spec)
            if value is not None:
                st.s.submit.values[spec.name] = value
    return st.go(Screen.FORM)


def _read_only(st: FlowState, spec: api.FormField) -> bool:
    # Identity comes from the card or VNeID; an address is only a suggestion (people move).
    return spec.prefill != "address" and _prefill(st, spec) is not None


def handle_form(st: FlowState, event: ev.Event) -> list[Effect] | None:
    sub = st.s.submit
    proc = sub.procedure
    if proc is None:
        return None
    specs = {spec.name: spec for spec in proc.form}
    match event:
        case ev.FormFieldEdited(name=name, value=value) if name in specs:
            if not _read_only(st, specs[name]):
                sub.values[name] = value
            return []
        case ev.Continue():
            sub.show_errors = True
            if validate_form(proc.form, sub.values, st.clock.now().date()):
                return []
            return st.go(Screen.SCAN)
        case ev.Back():
            sub.choosing_case = False
            return st.go(Screen.PROCEDURE)
    return None


def form_view(st: FlowState) -> FormView:
    sub = st.s.submit
    proc = sub.procedure
    specs = proc.form if proc else []
    problems = validate_form(specs, sub.values, st.clock.now().date()) if sub.show_errors else {}
    fields = []
    for spec in specs:
        value = sub.values.get(spec.name, "")
        problem = problems.get(spec.name)
        fields.append(
            FieldView(
                name=spec.name,
                label=spec.label,
                label_en=spec.label_en,
                type=spec.type,
                # A whole ID number never shows, typed or prefilled (a partial one does, to check it).
                value=mask_id_number(value)
                if _is_id(spec) and (_read_only(st, spec) or len(value) >= 12)
                else value,
                required=spec.required,
                read_only=_read_only(st, spec),
                options=tuple(spec.options),
                error_vi=problem.message_vi if problem else None,
                error_en=problem.message_en if problem else None,
            )
        )
    return FormView(
        frame=st.frame(),
        procedure_name=proc.name if proc else "",
        case_name=_case_name(sub),
        fields=tuple(fields),
        show_errors=sub.show_errors,
        procedure_name_en=proc.name_en if proc else "",
    )


# ---------------------------------------------------------------------------- review -> receipt


def handle_review(st: FlowState, event: ev.Event) -> list[Effect] | None:
    sub = st.s.submit
    proc = sub.procedure
    submitting = isinstance(st.s.pending, SubmitDossier)
    match event:
        case ev.ReviewConfirmed() if proc is not None and st.s.token is not None and not submitting:
            if sub.key is None:
                sub.key = st.new_key()
            return st.request(
                SubmitDossier(
                    idempotency_key=sub.key,
                    token=st.s.token,
                    procedure_code=proc.code,
                    case_code=sub.case_code or "",
                    form=_wire_values(proc.form, sub.values),
                    document_codes=tuple(code for code in sub.built),
                )
            )
        case ev.SubmissionAcknowledged(idempotency_key=key, dossier=dossier) if key == sub.key:
            st.s.pending = None
            sub.dossier = dossier
            st.s.submitted += 1
            return st.go(Screen.RECEIPT)
        case ev.SubmissionQueued(idempotency_key=key) if key == sub.key:
            st.s.pending = None
            sub.queued = True
            st.s.queued += 1
            return st.go(Screen.RECEIPT)
        case ev.Back() if not submitting:
            return st.go(Screen.SCAN)
    return None


def _wire_values(specs: list[api.FormField], values: dict[str, str]) -> dict[str, str]:
    """The citizen types dates as dd/mm/yyyy; the backend takes ISO dates."""
    return {spec.name: wire_value(spec, values.get(spec.name, "")) for spec in specs}


def review_view(st: FlowState) -> ReviewView:
    sub = st.s.submit
    proc = sub.procedure
    fields = tuple(
        ReviewField(
            spec.label,
            spec.label_en,
            mask_id_number(sub.values.get(spec.name, "")) if _is_id(spec) else sub.values.get(spec.name, ""),
        )
        for spec in (proc.form if proc else [])
    )
    docs = tuple(
        ReviewDocument(d.code, d.name, *sub.built[d.code]) for d in documents(sub) if d.code in sub.built
    )
    return ReviewView(
        frame=st.frame(),
        procedure_name=proc.name if proc else "",
        case_name=_case_name(sub),
        fields=fields,
        documents=docs,
        fee_online=fee_online(proc) if proc else 0,
        submitting=isinstance(st.s.pending, SubmitDossier),
        procedure_name_en=proc.name_en if proc else "",
    )


def handle_receipt(st: FlowState, event: ev.Event) -> list[Effect] | None:
    match event:
        case ev.Continue() | ev.Back():
            st.s.submit = SubmitState()  # done: the form values are not needed any more
            return st.go(Screen.HOME)
    return None


def receipt_view(st: FlowState) -> ReceiptView:
    sub = st.s.submit
    dossier = sub.dossier
    return ReceiptView(
        frame=st.frame(),
        offline=dossier is None,
        local_reference=(sub.key or "")[:8].upper(),
        procedure_name=sub.procedure.name if sub.procedure else "",
        dossier_code=dossier.code if dossier else None,
        appointment_date=dossier.appointment_date if dossier else None,
        tracking_qr=st.config.tracking_payload(dossier.code) if dossier else None,
        fee_due=dossier.fee_due if dossier else 0,
        procedure_name_en=sub.procedure.name_en if sub.procedure else "",
    )
