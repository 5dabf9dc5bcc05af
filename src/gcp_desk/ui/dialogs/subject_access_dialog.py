"""Subject access… (administrators): find the child through a minimal view (name, date of birth, team), produce
everything held about them as a readable PDF and as the bundle into a chosen folder, then review every third party
the record names before release, marking each one reviewed. Producing the files and each mark are recorded in the
audit trail by the service, without names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.passphrase_pair import PassphrasePair
from ..widgets.problem_line import ProblemLine
from ..widgets.redaction_review import RedactionReview
from .records_common import FileRow, ProgressRelay, progress_bar, show_progress
from ...scoring.age import short_date

INTRO = ("For a subject access request: everything held about one child, as a readable PDF and as the bundle (the "
         "same records as data). Nothing about the child is shown here beyond name, date of birth and team. Every "
         "third party the record names is listed afterwards: review each one before anything is released.")
PLAIN_WARNING = ("The bundle will NOT be encrypted: anyone who gets it can read it. The PDF is never encrypted: "
                 "keep both files as you would a printed record.")


class SubjectAccessDialog(QDialog):
    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._session, self._runner = session, runner
        self._found: list = []
        self._made = None
        self._child_id = None
        self._last = None
        """The chosen child's last request, read back from the audit trail (``LastReview``), if there is one."""
        self.setWindowTitle("Subject access")
        self.setModal(True)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        finding = QGroupBox("1. The child", self)
        self.search = QLineEdit(finding)
        self.search.setPlaceholderText("Name or identifier")
        self.search.setAccessibleName("Find the child by name or identifier")
        self.find_button = QPushButton("&Find", finding)
        self.find_button.setAccessibleName("Find")
        self.matches = QTableWidget(0, 3, finding)
        self.matches.setHorizontalHeaderLabels(("Name", "Date of birth", "Team"))
        self.matches.setAccessibleName("Children found")
        self.matches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matches.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matches.verticalHeader().hide()
        self.matches.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matches.setMaximumHeight(self.matches.fontMetrics().lineSpacing() * 9)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.find_button)
        box = QVBoxLayout(finding)
        box.addLayout(row)
        box.addWidget(self.matches)
        files = QGroupBox("2. The files", self)
        self.folder = FileRow(files, name="Folder for the files")
        self.folder.path.setText(str(Path.home()))
        self.folder.choose.clicked.connect(self.choose_folder)
        self.sealed = QRadioButton("&Encrypt the bundle with a passphrase", files)
        self.sealed.setChecked(True)
        self.passphrase = PassphrasePair(files)
        self.plain = QRadioButton("Write the bundle as p&lain JSON (not encrypted)", files)
        self.warning = QLabel(PLAIN_WARNING, files)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a1c1c;")
        self.understood = QCheckBox("I understand that anyone who gets the bundle can read it", files)
        self.carry = QCheckBox(files)
        self.carry.setChecked(True)
        self.carry.setAccessibleName("Carry over the review marks of the last request")
        self.carry.hide()
        for button in (self.sealed, self.plain, self.understood):
            button.setAccessibleName(button.text().replace("&", ""))
        form = QFormLayout()
        form.addRow("F&older:", self.folder)
        box = QVBoxLayout(files)
        box.addLayout(form)
        for widget in (self.sealed, self.passphrase, self.plain, self.warning, self.understood, self.carry):
            box.addWidget(widget)
        self.produce_button = QPushButton("&Produce the files", files)
        self.produce_button.setAccessibleName("Produce the files")
        box.addWidget(self.produce_button, 0, Qt.AlignmentFlag.AlignRight)
        self.progress = progress_bar(self, "Subject access progress")
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What was written")
        self.problem = ProblemLine(self, name="subjectAccessProblem")
        self.review_box = QGroupBox("3. Third parties, for redaction review before release", self)
        self.review = RedactionReview(self.review_box)
        QVBoxLayout(self.review_box).addWidget(self.review)
        self.review_box.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(lambda done, total: show_progress(self.progress, done, total, "Reading the record…"))
        layout = QVBoxLayout(self)
        for widget in (intro, finding, files, self.progress, self.outcome, self.problem):
            layout.addWidget(widget)
        layout.addWidget(self.review_box, 1)  # the third parties take the room there is
        layout.addWidget(self.buttons)
        self.find_button.clicked.connect(self.find)
        self.matches.itemSelectionChanged.connect(self._child_chosen)
        self.search.returnPressed.connect(self.find)
        self.sealed.toggled.connect(lambda _on: self._protection_changed())
        self.produce_button.clicked.connect(self.produce)
        self.review.marked.connect(self._mark)
        self._protection_changed()
        self.resize(760, self.sizeHint().height())

    def _protection_changed(self) -> None:
        plain = self.plain.isChecked()
        self.passphrase.setVisible(not plain)
        self.warning.setVisible(plain)
        self.understood.setVisible(plain)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the subject access files", self.folder.path.text())
        if chosen:
            self.folder.path.setText(chosen)

    def find(self) -> None:
        self.problem.hide()
        text = self.search.text().strip()
        if len(text) < 2:
            return self.problem.say("Type at least two letters of the child's name, or an identifier.")
        service = self._service()
        self._runner.run(lambda: service.find(text), self._show_found,
                         lambda error: self.problem.say(f"The search did not run: {error_in_words(error)}"))

    def _show_found(self, found: list) -> None:
        self._found = found
        self.matches.setRowCount(len(found))
        for row, child in enumerate(found):
            born = short_date(child.date_of_birth) if child.date_of_birth else "not born yet"
            for column, value in enumerate((child.name, born, child.team)):
                self.matches.setItem(row, column, QTableWidgetItem(value))
        if len(found) == 1:
            self.matches.selectRow(0)
        if not found:
            self.problem.say(f"No child's name or identifier holds \"{self.search.text().strip()}\".")

    def _child_chosen(self) -> None:
        """Offer the review of the chosen child's last request, if there is one with marks to carry over."""
        self._last = None
        self.carry.hide()
        child = self.chosen_child()
        if child is None:
            return
        service = self._service()
        self._runner.run(lambda: (child.child_id, service.last_review(child.child_id)), self._show_last,
                         lambda error: self.problem.say(f"The last request could not be read: "
                                                        f"{error_in_words(error)}"))

    def _show_last(self, found) -> None:
        child_id, last = found
        chosen = self.chosen_child()
        if chosen is None or chosen.child_id != child_id or last is None or not last.reviewed:
            return
        self._last = last
        local = last.produced_at.astimezone()
        when = f"{short_date(local.date())} at {local:%H:%M}"
        self.carry.setText(f"Carry over the review of the files produced on {when}: {len(last.reviewed)} of "
                           f"{last.of} third parties were marked reviewed (kept for each one unchanged since)")
        self.carry.setChecked(True)
        self.carry.show()

    def chosen_child(self):
        rows = self.matches.selectionModel().selectedRows()
        return self._found[rows[0].row()] if rows else None

    def produce(self) -> None:
        self.problem.hide()
        child = self.chosen_child()
        if child is None:
            return self.problem.say("Find the child and choose them in the list first.")
        folder = Path(self.folder.path.text().strip() or ".")
        if not folder.is_dir():
            return self.problem.say(f"There is no folder {folder}: choose one that exists.")
        passphrase = None
        if self.sealed.isChecked():
            problem = self.passphrase.problem()
            if problem:
                return self.problem.say(problem)
            passphrase = self.passphrase.text()
        elif not self.understood.isChecked():
            return self.problem.say("Read the warning about a plain bundle and tick the box under it, or encrypt it.")
        self.produce_button.setEnabled(False)
        self.review_box.hide()
        show_progress(self.progress, 0, 0, "Reading the record…")
        service, relay = self._service(), self.relay
        self._child_id = child.child_id
        carry_over = self._last.request_id if self._last is not None and self.carry.isChecked() else None
        self._runner.run(lambda: service.produce(child.child_id, folder, passphrase=passphrase,
                                                 progress=relay.report, carry_over=carry_over),
                         self._produced, self._failed)

    def _produced(self, made) -> None:
        self._made = made
        self.produce_button.setEnabled(True)
        self.progress.hide()
        words = (f"Wrote {made.pdf.name} and {made.bundle.name} in {made.pdf.parent}: {made.assessments} "
                 f"assessments, {len(made.third_parties)} third parties to review. Do not release either file "
                 "until each third party has been reviewed and the redactions made.")
        if made.carried or made.not_carried:
            words += f" {len(made.carried)} review mark{'s' if len(made.carried) != 1 else ''} carried over"
            words += (f"; {made.not_carried} third part{'ies' if made.not_carried != 1 else 'y'} marked then "
                      "changed since (or no longer named) and need reviewing again." if made.not_carried else ".")
        self.outcome.setText(words)
        self.outcome.setAccessibleName(words)
        self.review.show_parties(made.third_parties)
        for row in sorted(made.carried):
            self.review.put_back(row, True)
        self._last = None  # the files on screen are the request now: their review goes on in this table
        self.carry.hide()
        self.review_box.show()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _mark(self, row: int, reviewed: bool) -> None:
        made, child_id, service = self._made, self._child_id, self._service()
        party = made.third_parties[row]
        self._runner.run(lambda: service.mark_reviewed(child_id, made.request_id, row, len(made.third_parties),
                                                       party.kind, reviewed),
                         None, lambda error: self._not_marked(row, reviewed, error))

    def _not_marked(self, row: int, reviewed: bool, error: Exception) -> None:
        self.review.put_back(row, not reviewed)
        self.problem.say(f"The review mark was not recorded: {error_in_words(error)}")

    def _failed(self, error: Exception) -> None:
        self.produce_button.setEnabled(True)
        self.progress.hide()
        self.problem.say(f"Nothing was produced: {error_in_words(error)}")

    def _service(self):
        from ...services.subject_access import SubjectAccessService

        return SubjectAccessService(self._session.context)
