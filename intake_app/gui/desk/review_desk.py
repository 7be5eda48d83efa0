"""The nurse's tab: the queue, and the review of the intake chosen in it.

Navigation only: choosing a row opens the review page; Back returns to the queue,
which reads itself again so a signed intake has left it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget

from intake_app.gui.desk.queue_page import QueuePage
from intake_app.gui.desk.review_page import ReviewPage


class ReviewDesk(QStackedWidget):
    def __init__(self, queue: QueuePage, review: ReviewPage) -> None:
        super().__init__()
        self.queue, self.review = queue, review
        self.addWidget(queue)
        self.addWidget(review)
        self.setFocusProxy(queue)
        queue.intake_chosen.connect(self.open_intake)
        review.back_requested.connect(self.back_to_queue)

    def open_intake(self, intake_id: str) -> None:
        self.review.show_intake(intake_id)
        self.setCurrentWidget(self.review)

    def back_to_queue(self) -> None:
        self.setCurrentWidget(self.queue)
        self.queue.poll()
