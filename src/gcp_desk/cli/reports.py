"""``gcp-desk report`` and ``gcp-desk verify``: reports saved from the command line, and checked years later."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from uuid import UUID

from ..domain.errors import InvalidInput
from ..domain.labels import STATUS
from ..files import write_whole_file
from ..paths import AppPaths
from .signing_in import signed_in


def save_report(paths: AppPaths, assessment_id: str, output: Path | None, *, family: bool, acting_as: str | None,
                password_stdin: bool, draft: bool = False, sign_on_server: bool = False) -> int:
    wanted = _assessment_id(assessment_id)
    command = "report --family" if family else "report"
    with signed_in(paths, acting_as, password_stdin, command) as (backend, user):
        assessment = backend.assessments(user).get(wanted)
        reports = backend.reports(user)
        signer = None
        if sign_on_server and not family:
            from ..server.signing import server_signer
            from .signing_in import password_reader

            read = password_reader(password_stdin, command)
            signer = server_signer(backend, user, wanted,
                                   read(f"Server password for {user.name} (to sign on the team server): "))
        pdf = (reports.family_summary(wanted) if family
               else reports.assessment_report(wanted, draft_if_changed=draft, signer=signer))
        altered = backend.review(user).changed_after_signing([assessment])
        target = output or Path(reports.default_file_name(wanted, family=family))
    write_atomically(target, pdf)
    what = "the family summary" if family else "the report"
    print(f"Saved {what} to {target}")
    if altered:
        print(f"DRAFT, not signed: {altered[assessment.id]}")
    elif not assessment.status.is_signed:
        print(f"DRAFT: the assessment is {STATUS[assessment.status].lower()}, not countersigned, so {what} is "
              "marked DRAFT and is not digitally signed.")
    elif family:
        print("Countersigned. The family summary is not digitally signed; the full report is.")
    else:
        print(f"Countersigned and digitally signed: check it at any time with 'gcp-desk verify \"{target}\"'.")
    return 0


def verify_report(paths: AppPaths, file: Path, *, acting_as: str | None, password_stdin: bool,
                  trust: Path | None = None) -> int:
    """The file alone needs no sign-in (and opens no database); with ``--as`` the record is checked too."""
    from ..scoring.age import format_date

    try:
        pdf = file.read_bytes()
        certificate = trust.read_bytes() if trust is not None else None
    except OSError as error:
        raise InvalidInput(f"{error.filename} cannot be read: {error.strerror or error}") from None
    _require_database(paths)
    if acting_as:
        with signed_in(paths, acting_as, password_stdin, "verify") as (backend, user):
            result = backend.reports(user).verify(pdf, check_record=True, trust=certificate)
    else:
        from ..reports.verify import verify_pdf
        from ..services.reports import trusted_certificates_in
        from ..settings import Settings

        trusted = certificate or trusted_certificates_in(paths.signing_dir, Settings.load(paths.settings_file))
        result = verify_pdf(pdf, expected_hash=None, trust_self_signed_cert=trusted)
    if not result.ok:
        print(f"NOT VALID: {file}")
        for problem in result.problems:
            print(f"  - {problem}")
        _print_about(result)
        return 1
    print(f"{file}:")
    _print_about(result)
    print("Valid: the digital signature is intact and covers every byte of the file.")
    if result.signed_at is not None:
        signed = result.signed_at.astimezone(UTC)
        print(f"Valid: signed by {result.signer_name or 'an unnamed signer'} on {format_date(signed.date())} "
              f"at {signed:%H:%M} UTC.")
    if result.certificate_checked:
        print("Valid: the signing certificate is this organisation's.")
    if result.about:
        print("Valid: the signed content embedded in the report hashes to the verification hash printed in it.")
    if result.hash_checked and result.printed_hash:
        print(f"Valid: the verification hash printed in the report ({result.printed_hash[:12]}...) is the hash of "
              "the countersigned record in this database.")
    for note in result.notes:
        print(f"Note: {note}")
    return 0


def _print_about(result) -> None:
    """Whose report it is, from the signed content embedded in it, so another child's genuine report is seen for
    what it is; and the signing certificate's fingerprint, to compare with the one printed in the report."""
    about = result.about
    if about:
        print(f"Child: {about.get('child_name')}")
        print(f"Assessment: {about.get('assessment_id')}, dated {about.get('assessment_date') or 'with no visit'}")
        print(f"Practitioner: {about.get('practitioner') or '-'}; countersigned by {about.get('countersigner') or '-'}")
    if result.certificate_sha256:
        print(f"Signing certificate SHA-256: {result.certificate_sha256}")


def write_atomically(target: Path, data: bytes) -> None:
    """The whole file or nothing, readable by its owner only; a missing folder is said in words."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"The folder {folder} does not exist, so {target.name} cannot be saved there.")
    write_whole_file(target, data)


def _assessment_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not an assessment id (ids look like 3f2b9c1e-...; "
                           "'gcp-desk list assessments' shows them)") from None


def _require_database(paths: AppPaths) -> None:
    """Checking a report never creates a database: with none here, there is no record to compare it with."""
    from ..settings import Settings

    if Settings.load(paths.settings_file).database_url or paths.database.exists():
        return
    raise InvalidInput(f"There is no GCP Desk database in {paths.data_dir}, so the report cannot be compared with "
                       "its record. Give the folder that holds it with --data-dir.")
